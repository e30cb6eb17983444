/**
 * The app's data on PostgreSQL, shared by several servers, through the interface SQLite
 * shares (`Database`).
 *
 * Transactions run SERIALIZABLE: the app was written for SQLite, where writers take
 * turns, and a read-then-write (the next requirement number, the record's next link)
 * must not interleave with another server's. When PostgreSQL refuses a transaction for
 * that reason (or a deadlock), it is run again from the start, a few times, after a
 * short random pause; so a body touches nothing but its queries (see queries.ts).
 */
import { Kysely, PostgresDialect, sql, type Compilable, type QueryResult, type Transaction } from 'kysely';
import pg from 'pg';
import { numbersForInt8 } from './postgres-types.js';
import type { Clock } from '../clock.js';
import type { Database, Dialect, Queries } from './queries.js';
import type { Schema } from './schema.js';

export interface PostgresDatabaseOptions {
  /** postgres://user@host:port/database (holds credentials: never logged). */
  url: string;
  clock: Clock;
  /** Connections this server may hold open. */
  maxConnections?: number;
  /** Told when an idle pooled connection fails (the next query then reconnects). */
  onConnectionError?: (error: Error) => void;
}

/** SQLSTATEs after which a transaction is simply run again: serialization failure, deadlock. */
const retryable = new Set(['40001', '40P01']);
const attempts = 8;

export function openPostgresDatabase(options: PostgresDatabaseOptions): PostgresDatabase {
  const pool = new pg.Pool({ connectionString: options.url, max: options.maxConnections ?? 10, types: numbersForInt8 });
  // A broken connection must not crash the process; the query using it fails to its caller.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', (error) => options.onConnectionError?.(error)));
  return new PostgresDatabase(new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) }), options.clock);
}

export class PostgresDatabase implements Database {
  readonly dialect: Dialect = 'postgres';

  constructor(
    readonly kysely: Kysely<Schema>,
    private readonly clock: Clock,
  ) {}

  now(): number {
    return this.clock.now();
  }

  inList = postgresInList;

  all: Queries['all'] = async (query) => rowsOf(await execute(this.kysely, query)) as never;
  first: Queries['first'] = async (query) => rowsOf(await execute(this.kysely, query))[0] as never;
  run: Queries['run'] = async (query) => changesOf(await execute(this.kysely, query));

  transaction<T>(fn: (tx: Queries) => Promise<T>): Promise<T> {
    return this.serializable(fn, false);
  }

  derivedTransaction<T>(fn: (tx: Queries) => Promise<T>): Promise<T> {
    return this.serializable(fn, true);
  }

  close(): Promise<void> {
    return this.kysely.destroy();
  }

  private async serializable<T>(fn: (tx: Queries) => Promise<T>, derived: boolean): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.kysely
          .transaction()
          .setIsolationLevel('serializable')
          .execute(async (trx) => {
            if (derived) await sql`SET LOCAL synchronous_commit = off`.execute(trx);
            const tx = new TransactionQueries(trx, this.clock);
            try {
              return await fn(tx);
            } finally {
              tx.ended = true;
            }
          });
      } catch (error) {
        if (attempt >= attempts || !retryable.has((error as { code?: string }).code ?? '')) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
      }
    }
  }
}

class TransactionQueries implements Queries {
  readonly dialect: Dialect = 'postgres';
  ended = false;

  constructor(
    readonly kysely: Transaction<Schema>,
    private readonly clock: Clock,
  ) {}

  now(): number {
    return this.clock.now();
  }

  inList = postgresInList;

  all: Queries['all'] = async (query) => rowsOf(await this.execute(query)) as never;
  first: Queries['first'] = async (query) => rowsOf(await this.execute(query))[0] as never;
  run: Queries['run'] = async (query) => changesOf(await this.execute(query));

  private execute(query: Compilable<unknown>): Promise<QueryResult<unknown>> {
    if (this.ended) throw new Error('a query ran on a transaction that had already ended');
    return execute(this.kysely, query);
  }
}

function execute(runner: Kysely<Schema>, query: Compilable<unknown>): Promise<QueryResult<unknown>> {
  return runner.executeQuery(query.compile());
}

function rowsOf(result: QueryResult<unknown>): unknown[] {
  return result.rows;
}

function changesOf(result: QueryResult<unknown>): number {
  return result.numAffectedRows !== undefined ? Number(result.numAffectedRows) : result.rows.length;
}

function postgresInList(column: string, values: readonly (string | number)[]) {
  return sql<boolean>`${sql.ref(column)} = ANY(${[...values]})`;
}
