/**
 * The app's data on the server's own SQLite file, through the asynchronous interface
 * that PostgreSQL shares (`Database`).
 *
 * SQLite has one connection per server. An asynchronous transaction holds it from BEGIN
 * to COMMIT, across its awaits, so nothing else may run a query on it meanwhile: other
 * queries and transactions wait for it to end, and so do the synchronous paths that
 * remain (the live log's appends). Each waits with `while (db.heldUntil) await
 * db.heldUntil;` and runs its query in the same turn as the last check: a helper
 * function that awaited would give another transaction a turn to start in between.
 * Queries themselves run synchronously in better-sqlite3, so a transaction that awaits
 * only its own queries holds the connection for microseconds.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { inList, type Db } from './database.js';
import type { Database, Dialect, Queries } from './queries.js';

export class SqliteDatabase implements Database {
  readonly dialect: Dialect = 'sqlite';

  constructor(readonly connection: Db) {}

  get kysely() {
    return this.connection.kysely;
  }

  now(): number {
    return this.connection.now();
  }

  inList = inList;

  all: Queries['all'] = async (query) => {
    while (this.connection.heldUntil) await this.heldByAnother();
    return this.connection.all(query);
  };

  first: Queries['first'] = async (query) => {
    while (this.connection.heldUntil) await this.heldByAnother();
    return this.connection.first(query);
  };

  run: Queries['run'] = async (query) => {
    while (this.connection.heldUntil) await this.heldByAnother();
    return this.connection.run(query);
  };

  /**
   * The end of the transaction holding the connection, to wait for; refuses when that
   * transaction is the caller's own (a query through the database instead of the
   * transaction's handle would otherwise wait for itself for ever).
   */
  private heldByAnother(): Promise<void> | null {
    if (insideTransaction.getStore()) {
      throw new Error('a query inside a transaction went through the database: use the transaction’s own handle (tx)');
    }
    return this.connection.heldUntil;
  }

  transaction<T>(fn: (tx: Queries) => Promise<T>): Promise<T> {
    return this.hold(fn, 'FULL');
  }

  derivedTransaction<T>(fn: (tx: Queries) => Promise<T>): Promise<T> {
    return this.hold(fn, 'NORMAL');
  }

  close(): Promise<void> {
    return this.connection.close();
  }

  private async hold<T>(fn: (tx: Queries) => Promise<T>, synchronous: 'FULL' | 'NORMAL'): Promise<T> {
    const db = this.connection;
    while (db.heldUntil) await this.heldByAnother();
    let release!: () => void;
    db.heldUntil = new Promise<void>((resolve) => (release = resolve));
    const tx = new HeldQueries(db);
    try {
      if (synchronous === 'NORMAL') db.sqlite.pragma('synchronous = NORMAL');
      db.lastWriteAt = Date.now();
      db.forHolder(() => db.sqlite.exec('BEGIN IMMEDIATE'));
      let result: T;
      try {
        result = await insideTransaction.run(tx, () => fn(tx));
      } catch (error) {
        if (db.sqlite.inTransaction) db.forHolder(() => db.sqlite.exec('ROLLBACK'));
        throw error;
      }
      db.forHolder(() => db.sqlite.exec('COMMIT'));
      return result;
    } finally {
      tx.ended = true;
      if (synchronous === 'NORMAL') db.sqlite.pragma('synchronous = FULL');
      db.heldUntil = null;
      release();
    }
  }
}

/** Set within a held transaction's own calls, to tell its queries from everyone else's. */
const insideTransaction = new AsyncLocalStorage<Queries>();

/** The queries of one held transaction; refuses once it has ended (a leaked handle). */
class HeldQueries implements Queries {
  readonly dialect: Dialect = 'sqlite';
  ended = false;

  constructor(private readonly db: Db) {}

  get kysely() {
    return this.db.kysely;
  }

  now(): number {
    return this.db.now();
  }

  inList = inList;

  all: Queries['all'] = async (query) => this.db.forHolder(() => (this.check(), this.db.all(query)));
  first: Queries['first'] = async (query) => this.db.forHolder(() => (this.check(), this.db.first(query)));
  run: Queries['run'] = async (query) => this.db.forHolder(() => (this.check(), this.db.run(query)));

  private check(): void {
    if (this.ended) throw new Error('a query ran on a transaction that had already ended');
  }
}
