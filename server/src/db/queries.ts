/**
 * The app's data, on SQLite (one server, the default) or on PostgreSQL (several servers
 * sharing it), behind one asynchronous interface. Modules build queries with Kysely from
 * `kysely` and run them through `all`, `first` and `run`; a multi-statement write goes
 * through `transaction`.
 *
 * A transaction body may run more than once on PostgreSQL (it runs serializable and is
 * retried when PostgreSQL refuses it for a concurrent writer), so it touches nothing but
 * its queries: whatever tells people or other parts of the server happens after it.
 */
import type { Compilable, InferResult, Kysely, RawBuilder } from 'kysely';
import type { Schema } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';

type Row<Q> = Q extends Compilable<infer R> ? R : never;

/** Running queries, inside a transaction or not. */
export interface Queries {
  readonly dialect: Dialect;
  /** Builds queries for this dialect (build only: run them through the methods below). */
  readonly kysely: Kysely<Schema>;
  /** Now, by the server's clock: the time every row written is stamped with. */
  now(): number;
  /** Every row a select returns. */
  all<Q extends Compilable<unknown>>(query: Q): Promise<InferResult<Q>>;
  /** The first row of a select, or undefined. */
  first<Q extends Compilable<unknown>>(query: Q): Promise<Row<Q> | undefined>;
  /** Executes an insert / update / delete; resolves to the number of rows changed. */
  run(query: Compilable<unknown>): Promise<number>;
  /**
   * `column IN (values…)` with the values as one parameter, however many there are, so
   * the statement's text is the same for every call.
   */
  inList(column: string, values: readonly (string | number)[]): RawBuilder<boolean>;
}

export interface Database extends Queries {
  /**
   * Runs `fn` as one write transaction: everything or nothing. Writers of the app's rows
   * are serialised as on one SQLite file, whichever server they are on.
   */
  transaction<T>(fn: (tx: Queries) => Promise<T>): Promise<T>;
  /**
   * A write transaction of rows derived from the update log (history, the search index),
   * committed without waiting for the disk: a crash can lose the newest of them but never
   * the log, and each deriver fills its gaps from the log at start.
   */
  derivedTransaction<T>(fn: (tx: Queries) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
