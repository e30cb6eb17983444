/**
 * For functions that may be called inside a caller's transaction or on their own (the
 * record of formal acts, say): their statements belong together, so when nobody opened
 * a transaction for them they open one, and otherwise they join the caller's. The
 * interface has no nested transactions (PostgreSQL would need savepoints for them).
 */
import type { Database, Queries } from './queries.js';

/** True for the database itself, false for a transaction's handle. */
export function isDatabase(db: Queries): db is Database {
  return typeof (db as Partial<Database>).transaction === 'function';
}

/**
 * Runs `fn` in the caller's transaction when `db` is one's handle, or else in a write
 * transaction of its own.
 */
export function withinTransaction<T>(db: Queries, fn: (tx: Queries) => Promise<T>): Promise<T> {
  return isDatabase(db) ? db.transaction(fn) : fn(db);
}
