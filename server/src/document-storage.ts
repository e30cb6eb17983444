/**
 * Where the live documents are kept: SQLite beside everything else (one server, the
 * default), or PostgreSQL shared by several servers that tell each other of commits on
 * Redis (DATABASE_URL, REDIS_URL). The rest of the app's tables are in the same database.
 */
import type { DocumentBus } from './collab/bus.js';
import { openPostgresStore } from './collab/postgres-store.js';
import { openRedisBus } from './collab/redis-bus.js';
import { SqliteDocumentStore } from './collab/sqlite-store.js';
import type { DocumentStore } from './collab/store.js';
import type { Clock } from './clock.js';
import type { SharedDocumentsConfig } from './config.js';
import type { Db } from './db/database.js';
import type { Database } from './db/queries.js';
import { errorMessage, type Logger } from './log.js';

/** PostgreSQL must take commits for edits to be saved; without Redis, edits only cross between servers more slowly. */
export interface SharedServicesHealth {
  /** 'reachable': PostgreSQL answered and took a commit just now. */
  postgres: 'reachable' | 'unreachable';
  redis: 'connected' | 'not connected' | 'not used';
}

/** How long /healthz waits for PostgreSQL to answer (ms). */
const pingTimeoutMs = 2000;

export interface DocumentStorage {
  store: DocumentStore;
  /** Present when several servers share the log and Redis tells them of commits. */
  bus: DocumentBus | null;
  /** How often open rooms are checked against a shared log (ms); null with one server. */
  catchUpEveryMs: number | null;
  /** How the shared services answer now, for /healthz; null with one server on SQLite. */
  check(): Promise<SharedServicesHealth | null>;
  close(): Promise<void>;
}

/**
 * Opens the store (and bus) that the configuration names; throws a readable error if one
 * is unreachable. `sqlite` is the SQLite file (null with DATABASE_URL); `appData` the
 * app's own data, where the server's writes alongside an append go.
 */
export async function openDocumentStorage(
  shared: SharedDocumentsConfig | null,
  sqlite: Db | null,
  appData: Database,
  clock: Clock,
  log: Logger,
): Promise<DocumentStorage> {
  if (!shared) {
    if (!sqlite) throw new Error('Without DATABASE_URL the live documents are kept in the SQLite file, and none was opened.');
    return {
      store: new SqliteDocumentStore(sqlite),
      bus: null,
      catchUpEveryMs: null,
      check: async () => null,
      close: async () => {},
    };
  }
  let store;
  try {
    store = await openPostgresStore({
      url: shared.databaseUrl,
      clock,
      onConnectionError: (error) => log.warn('postgres-connection-lost', { error: error.message }),
      // The app's rows, in the same database: a restore's record commits with the log.
      appData,
    });
  } catch (error) {
    // The URL may hold a password: the message names the service, not the address.
    throw new Error(`PostgreSQL at DATABASE_URL could not be opened: ${errorMessage(error)}`, { cause: error });
  }
  // Redis may be away at start: the server serves all the same and joins the bus later.
  const bus: DocumentBus | null = shared.redisUrl ? openRedisBus(shared.redisUrl, log.child('bus')) : null;
  log.info('documents-on-postgres', { redis: bus !== null });
  return {
    store,
    bus,
    catchUpEveryMs: shared.catchUpEveryMs,
    check: async () => ({
      postgres: (await answersWithin(store.ping(), pingTimeoutMs)) ? 'reachable' : 'unreachable',
      redis: bus ? (bus.connected ? 'connected' : 'not connected') : 'not used',
    }),
    close: async () => {
      await bus?.close();
      await store.close();
    },
  };
}

/** Whether `promise` resolves within `ms`. */
async function answersWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([
      promise.then(
        () => true,
        () => false,
      ),
      timedOut,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
