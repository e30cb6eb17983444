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
import { Kysely, PostgresDialect, sql, type Compilable, type QueryResult } from 'kysely';
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

/** Running queries on one runner: the pool, or a transaction's connection. */
class PostgresQueries implements Queries {
  readonly dialect: Dialect = 'postgres';

  constructor(
    readonly kysely: Kysely<Schema>,
    protected readonly clock: Clock,
  ) {}

  now(): number {
    return this.clock.now();
  }

  inList = postgresInList;

  all: Queries['all'] = async (query) => (await this.execute(query)).rows as never;
  first: Queries['first'] = async (query) => (await this.execute(query)).rows[0] as never;
  run: Queries['run'] = async (query) => changesOf(await this.execute(query));

  protected execute(query: Compilable<unknown>): Promise<QueryResult<unknown>> {
    return this.kysely.executeQuery(query.compile());
  }
}

export class PostgresDatabase extends PostgresQueries implements Database {
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

/** The queries of one transaction; refuses once it has ended (a leaked handle). */
class TransactionQueries extends PostgresQueries {
  ended = false;

  protected override execute(query: Compilable<unknown>): Promise<QueryResult<unknown>> {
    if (this.ended) throw new Error('a query ran on a transaction that had already ended');
    return super.execute(query);
  }
}

function changesOf(result: QueryResult<unknown>): number {
  return result.numAffectedRows !== undefined ? Number(result.numAffectedRows) : result.rows.length;
}

function postgresInList(column: string, values: readonly (string | number)[]) {
  return sql<boolean>`${sql.ref(column)} = ANY(${[...values]})`;
}
