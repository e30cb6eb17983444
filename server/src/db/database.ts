/**
 * The one SQLite connection of a server, and the way every module reaches it.
 *
 * Kysely builds and types every query; `Db` executes them synchronously through
 * better-sqlite3 with a statement cache. Multi-statement writes go through
 * `transaction(fn)`, which runs `fn` synchronously inside BEGIN IMMEDIATE … COMMIT.
 * Kysely's own `transaction()` is never used: it holds the single connection across
 * awaits, and the live-sync commit path would then run inside someone else's
 * transaction (and vanish with its rollback).
 */
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, sql, SqliteDialect, type Compilable, type InferResult, type RawBuilder } from 'kysely';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { systemClock, type Clock } from '../clock.js';
import type { Schema } from './schema.js';

export interface DbOptions {
  /** Path of the SQLite file; ':memory:' is allowed for throwaway use. */
  path: string;
  /** How long a write waits for another process's lock before failing (ms). Keep short. */
  busyTimeoutMs: number;
  /** The time rows are stamped with (defaults to the system's). */
  clock?: Clock;
}

type Row<Q> = Q extends Compilable<infer R> ? R : never;

export class Db {
  readonly sqlite: BetterSqlite3.Database;
  readonly kysely: Kysely<Schema>;
  readonly clock: Clock;
  /** When the last write transaction ran (ms since the epoch), for WAL maintenance. */
  lastWriteAt = 0;
  private readonly statements = new Map<string, BetterSqlite3.Statement>();
  /**
   * Resolves when the asynchronous transaction holding the connection (`SqliteDatabase`)
   * ends; null when none does. A synchronous query or transaction from elsewhere would
   * land inside it, so they refuse while it is set: wait for it first.
   */
  heldUntil: Promise<void> | null = null;
  /** Set while that transaction's own query runs. */
  private runningForHolder = false;

  constructor(options: DbOptions) {
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    this.clock = options.clock ?? systemClock;
    this.sqlite = new BetterSqlite3(options.path);
    applyPragmas(this.sqlite, options.busyTimeoutMs);
    this.kysely = new Kysely<Schema>({ dialect: new SqliteDialect({ database: this.sqlite }) });
  }

  /** Now, by the server's clock: the time every row written is stamped with. */
  now(): number {
    return this.clock.now();
  }

  /**
   * A cached prepared statement. The cache is bounded (the oldest statement goes first),
   * and no query builds its SQL text from data (see `inList`), so it never grows with use.
   */
  prepare(text: string): BetterSqlite3.Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.sqlite.prepare(text);
      if (this.statements.size >= maxCachedStatements) this.statements.delete(this.statements.keys().next().value!);
      this.statements.set(text, statement);
    }
    return statement;
  }

  /** How many prepared statements are cached (bounded). */
  get cachedStatements(): number {
    return this.statements.size;
  }

  /** Runs one query for the asynchronous transaction holding the connection. */
  forHolder<T>(query: () => T): T {
    this.runningForHolder = true;
    try {
      return query();
    } finally {
      this.runningForHolder = false;
    }
  }

  private refuseInsideAnother(): void {
    if (this.heldUntil && !this.runningForHolder) {
      throw new Error('a synchronous query ran while an asynchronous transaction held the SQLite connection');
    }
  }

  /** Every row a Kysely select returns, executed synchronously. */
  all<Q extends Compilable<unknown>>(query: Q): InferResult<Q> {
    this.refuseInsideAnother();
    const { sql, parameters } = query.compile();
    return this.prepare(sql).all(...(parameters as unknown[])) as InferResult<Q>;
  }

  /** The first row of a Kysely select, or undefined. */
  first<Q extends Compilable<unknown>>(query: Q): Row<Q> | undefined {
    this.refuseInsideAnother();
    const { sql, parameters } = query.compile();
    return this.prepare(sql).get(...(parameters as unknown[])) as Row<Q> | undefined;
  }

  /** Executes a Kysely insert / update / delete; returns the number of rows changed. */
  run(query: Compilable<unknown>): number {
    this.refuseInsideAnother();
    const { sql, parameters } = query.compile();
    const statement = this.prepare(sql);
    if (statement.reader) return statement.all(...(parameters as unknown[])).length;
    return statement.run(...(parameters as unknown[])).changes;
  }

  /** Runs `fn` in one synchronous write transaction; a throw rolls everything back. */
  transaction<T>(fn: () => T): T {
    this.refuseInsideAnother();
    this.lastWriteAt = Date.now();
    return this.sqlite.transaction(fn).immediate();
  }

  /**
   * A write transaction of rows derived from the update log (history, the search index),
   * committed without waiting for the disk (synchronous=NORMAL for it alone): the next
   * ordinary commit's flush of the write-ahead log makes it durable too. A power cut can
   * lose the last of such rows but never the log, and each deriver fills its gaps from the
   * log at start. Waiting for the disk here would hold up live edits for nothing.
   */
  derivedTransaction<T>(fn: () => T): T {
    this.sqlite.pragma('synchronous = NORMAL');
    try {
      return this.transaction(fn);
    } finally {
      this.sqlite.pragma('synchronous = FULL');
    }
  }

  async close(): Promise<void> {
    this.statements.clear();
    // Kysely's destroy closes the better-sqlite3 handle it was given.
    await this.kysely.destroy();
  }
}

const maxCachedStatements = 500;

/**
 * `column IN (values…)` as one parameter, however many values there are: the SQL text
 * stays the same, so one cached statement serves every call (an IN-list of `?`s would
 * make a new statement for every length).
 */
export function inList(column: string, values: readonly (string | number)[]): RawBuilder<boolean> {
  return sql<boolean>`${sql.ref(column)} IN (SELECT value FROM json_each(${JSON.stringify(values)}))`;
}

/**
 * WAL with synchronous=FULL: better-sqlite3 leaves WAL at NORMAL, where a commit that
 * returned can still be lost on power failure. Live sync tells other people about a
 * change only after its commit, so the commit must be durable.
 */
function applyPragmas(sqlite: BetterSqlite3.Database, busyTimeoutMs: number): void {
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
}
