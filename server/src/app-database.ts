/**
 * Where the app's own data is kept: the SQLite file (one server, the default) or, with
 * DATABASE_URL, the PostgreSQL database that several servers share with the live
 * documents' log. Either way it is brought up to the newest schema here, before anything
 * reads it; PostgreSQL's migrations hold a lock, so servers starting together take turns.
 */
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import { Db } from './db/database.js';
import { migratePostgresToLatest, migrateToLatest } from './db/migrate.js';
import { openPostgresDatabase } from './db/postgres-database.js';
import type { Database } from './db/queries.js';
import { SqliteDatabase } from './db/sqlite-database.js';
import { errorMessage, type Logger } from './log.js';

export interface AppDatabase {
  /** The app's data through the interface both databases share. */
  database: Database;
  /** The SQLite file's own connection, for what only SQLite has; null on PostgreSQL. */
  sqlite: Db | null;
  close(): Promise<void>;
}

/** Opens and migrates the database the configuration names; throws a readable error if it cannot. */
export async function openAppDatabase(config: Config, clock: Clock, log: Logger): Promise<AppDatabase> {
  const shared = config.sharedDocuments;
  if (!shared) {
    const sqlite = new Db({ path: config.databasePath, busyTimeoutMs: config.busyTimeoutMs, clock });
    try {
      await migrateToLatest(sqlite);
    } catch (error) {
      await sqlite.close();
      throw error;
    }
    return { database: new SqliteDatabase(sqlite), sqlite, close: () => sqlite.close() };
  }
  const postgres = openPostgresDatabase({
    url: shared.databaseUrl,
    clock,
    onConnectionError: (error) => log.warn('postgres-connection-lost', { error: error.message }),
  });
  try {
    await migratePostgresToLatest(postgres.kysely);
  } catch (error) {
    await postgres.close();
    // The URL may hold a password: the message names the service, not the address.
    throw new Error(`PostgreSQL at DATABASE_URL could not be opened: ${errorMessage(error)}`, { cause: error });
  }
  return { database: postgres, sqlite: null, close: () => postgres.close() };
}
