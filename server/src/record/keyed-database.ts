/**
 * The deployment's record-signing key travels with the database handle the server gives
 * its modules: the database itself and the handle of each of its transactions. Every act
 * goes on record from inside some module's transaction (audit.ts), and its new head must
 * be signed in that same transaction; this way no module between the route and the
 * record has to carry the key. A handle without it (the admin tool's, which may not hold
 * the key) leaves heads unsigned until the server signs them at start.
 */
import type { KeyObject } from 'node:crypto';
import type { Database, Queries } from '../db/queries.js';

/** Queries that carry the deployment's key to the record chain. */
class KeyedQueries implements Queries {
  constructor(
    private readonly queries: Queries,
    readonly recordKey: KeyObject,
  ) {}

  get dialect() {
    return this.queries.dialect;
  }

  get kysely() {
    return this.queries.kysely;
  }

  now(): number {
    return this.queries.now();
  }

  inList: Queries['inList'] = (column, values) => this.queries.inList(column, values);
  all: Queries['all'] = (query) => this.queries.all(query);
  first: Queries['first'] = (query) => this.queries.first(query);
  run: Queries['run'] = (query) => this.queries.run(query);
}

class KeyedDatabase extends KeyedQueries implements Database {
  constructor(
    private readonly database: Database,
    recordKey: KeyObject,
  ) {
    super(database, recordKey);
  }

  transaction<T>(fn: (tx: Queries) => Promise<T>): Promise<T> {
    return this.database.transaction((tx) => fn(new KeyedQueries(tx, this.recordKey)));
  }

  derivedTransaction<T>(fn: (tx: Queries) => Promise<T>): Promise<T> {
    return this.database.derivedTransaction((tx) => fn(new KeyedQueries(tx, this.recordKey)));
  }

  close(): Promise<void> {
    return this.database.close();
  }
}

/** The database, and each transaction it opens, with the deployment's key. */
export function withRecordKey(database: Database, recordKey: KeyObject): Database {
  return new KeyedDatabase(database, recordKey);
}

/** The key a handle carries, or null (the admin tool's). */
export function recordKeyOf(db: Queries): KeyObject | null {
  return db instanceof KeyedQueries ? db.recordKey : null;
}
