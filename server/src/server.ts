/**
 * Starts a whole server: database (migrated, reference data, demo), sessions, the live
 * engine with its access hook, HTTP routes, listening socket. Tests call this with port
 * 0 and a temp database; `main.ts` calls it for real.
 */
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.js';
import { LoginLimiter } from './auth/login-limiter.js';
import { Sessions } from './auth/sessions.js';
import { seedBoroughs } from './boroughs.js';
import { CollabEngine } from './collab/engine.js';
import { insertFirstUpdate } from './collab/sqlite-store.js';
import { openAppDatabase } from './app-database.js';
import { openDocumentStorage } from './document-storage.js';
import { encodeLiveEvent } from './collab/protocol.js';
import { createHealth } from './health.js';
import { HistoryRecorder } from './history/recorder.js';
import { createCollabTransport, type Authorize } from './collab/transport.js';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import type { Db } from './db/database.js';
import type { Database } from './db/queries.js';
import { watchExternalWrites } from './db/external-writes.js';
import { startWalMaintenance } from './db/wal-maintenance.js';
import { startAgreementWatch } from './decisions/agreement-watch.js';
import { seedDemo } from './demo.js';
import { createLiveAccess } from './live-access.js';
import { createLiveRelay } from './live-relay.js';
import { createLogger, type Logger } from './log.js';
import { SearchIndexer } from './search/indexer.js';
import type { SearchIndex } from './search/search-index.js';
import { SqliteSearchIndex } from './search/sqlite-search-index.js';
import { PostgresSearchIndex } from './search/postgres-search-index.js';
import type { Services } from './services.js';
import { buildInitialDocument } from './workspace/initial-document.js';
import { startLayoutUpgrades } from './workspace/layout-upgrades.js';
import { startRequirementNumbering } from './workspace/requirement-numbering.js';
import { changesOnlyOwnSuggestions } from './workspace/suggest-only.js';
import { SuggestionRecorder } from './suggestions/recorder.js';
import { withRecordKey } from './record/keyed-database.js';
import { loadSigningKey, signUnsignedHeads } from './record/signing.js';
import { errorMessage } from './log.js';

export interface RunningServer {
  /** http://host:port */
  readonly url: string;
  readonly port: number;
  readonly services: Services;
  readonly engine: CollabEngine;
  /**
   * The SQLite file's own connection (tests look inside the file through it); null when
   * the app's data is on PostgreSQL (DATABASE_URL).
   */
  readonly db: Db | null;
  /** Every HTTP route, for tests that walk them all. */
  readonly routes: readonly { method: string; path: string }[];
  /** Stops accepting, commits what is waiting, closes every connection (1001) and the database. */
  stop: () => Promise<void>;
}

/** The SQLite file's own connection of a server whose data is on SQLite; throws for one on PostgreSQL. */
export function sqliteOf(server: RunningServer): Db {
  if (!server.db) throw new Error('This server keeps the app’s data on PostgreSQL, not in a SQLite file.');
  return server.db;
}

export interface StartOptions {
  log?: Logger;
  /** The time every record is stamped with; tests give one they can set and move. */
  clock?: Clock;
  /** Replaces the access decision for live sync: only for tests of the engine alone. */
  authorize?: Authorize;
}

/** Anyone may read and write: only for tests of the engine alone. */
export const allowEveryone: Authorize = () => ({ ok: true, grant: { mode: 'read-write', userId: null } });

export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const log = options.log ?? createLogger({ level: config.logLevel });
  const clock = options.clock ?? systemClock;
  const appDatabase = await openAppDatabase(config, clock, log.child('database'));
  const db = appDatabase.sqlite;
  let database: Database;
  try {
    // The app's data, on SQLite or PostgreSQL: what every module is given, carrying the
    // key that signs each procurement's record after each act.
    database = withRecordKey(appDatabase.database, loadSigningKey(config.recordSigningKey, config.databasePath));
    if (!db && !config.recordSigningKey) {
      // A key file beside each server's SQLite path would differ between servers of one record.
      log.warn('record-key-not-shared', { note: 'set RECORD_SIGNING_KEY to the same key on every server sharing DATABASE_URL' });
    }
    // Acts the admin tool appended without the key are signed now.
    await signUnsignedHeads(database);
    await seedBoroughs(database);
    await seedDemo(database, log.child('demo'), { enabled: config.demo, publicOrigin: config.publicOrigin });
  } catch (error) {
    await appDatabase.close();
    throw error;
  }

  const documents = await openDocumentStorage(config.sharedDocuments, db, database, clock, log.child('documents')).catch(
    async (error: unknown) => {
      await appDatabase.close();
      throw error;
    },
  );
  const stopWalMaintenance = db ? startWalMaintenance(db, config.databasePath) : () => {};
  const sessions = new Sessions(database, config.sessions, clock.now);
  await sessions.prune();
  const liveAccess = createLiveAccess({
    db: database,
    sessions,
    allowedOrigins: config.allowedOrigins,
    secureCookies: config.secureCookies,
    log: log.child('access'),
    sweepIntervalMs: config.liveSessionCheckMs,
  });
  const store = documents.store;
  const engine = new CollabEngine({
    store,
    limits: config.collab,
    log: log.child('collab'),
    clock,
    suggestOnlyCheck: changesOnlyOwnSuggestions,
    bus: documents.bus ?? undefined,
    catchUpEveryMs: documents.catchUpEveryMs ?? undefined,
  });
  liveAccess.attach(engine);
  // With several servers, what is pushed live and who loses access reach every server's connections.
  const relay = createLiveRelay(
    documents.bus,
    {
      sendToRoom: (procurementId, message) => engine.sendToRoom(procurementId, message),
      accessChanged: async (procurementId) => {
        await liveAccess.accessChanged(procurementId);
        engine.sendToRoom(procurementId, encodeLiveEvent({ type: 'participants-changed' }));
      },
      closeSessions: (sessionIds) => liveAccess.sessionsEndedElsewhere(sessionIds),
    },
    log.child('relay'),
  );
  const stopRelayingEndedSessions = sessions.onEnded((sessionIds) => relay.sessionsEnded(sessionIds));
  // The admin CLI writes from another process; what it revokes takes effect within a second.
  const stopWatchingExternalWrites = db
    ? watchExternalWrites(db, config.externalWriteCheckMs, () => {
        void liveAccess.recheckAll().catch((error: unknown) => log.error('external-write-recheck-failed', { error: errorMessage(error) }));
      })
    : () => {};
  // The search index lives beside the app's rows: FTS5 in the SQLite file, or full-text search in PostgreSQL.
  const searchIndex: SearchIndex = db ? new SqliteSearchIndex(db) : new PostgresSearchIndex(database);
  const searchIndexer = new SearchIndexer({ index: searchIndex, engine, store, db: database, log: log.child('search') });
  void searchIndexer.catchUp();
  const transport = createCollabTransport({
    engine,
    authorize: options.authorize ?? liveAccess.authorize,
    log: log.child('collab'),
  });
  const services: Services = {
    config,
    db: database,
    clock,
    log: log.child('http'),
    sessions,
    loginLimiter: new LoginLimiter(database, config.loginLimits, clock.now),
    engine,
    store,
    accessChanged: (procurementId) => relay.accessChanged(procurementId),
    notify: (procurementId, event) => relay.sendToRoom(procurementId, encodeLiveEvent(event)),
    search: { index: searchIndex, indexer: searchIndexer },
    initialDocument: () => buildInitialDocument(),
    seedDocumentLog: (tx, document, update) => insertFirstUpdate(tx, document, update),
  };
  const stopNumbering = startRequirementNumbering(database, engine, log.child('numbering'));
  const stopLayoutUpgrades = startLayoutUpgrades(engine, log.child('layout'));
  const stopAgreementWatch = startAgreementWatch(database, engine, (room, event) => services.notify(room, event), log.child('decisions'));
  const history = new HistoryRecorder(database, store, engine, log.child('history'), config.historyPauseMs);
  const suggestionRecorder = new SuggestionRecorder(database, engine, log.child('suggestions'), (room) =>
    services.notify(room, { type: 'for-you-changed' }),
  );
  const health = createHealth(db, engine, config.metricsToken, () => documents.check());
  const app = createApp({ services, transport, history, health });

  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: config.host, port: config.port, websocket: { server: transport.server } }, () =>
      resolve(s),
    );
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  log.info('listening', { url, database: db ? config.databasePath : 'PostgreSQL (DATABASE_URL)' });

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      // Stop listening first; the callback fires once every socket (websockets too) is gone.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      if ('closeIdleConnections' in server) server.closeIdleConnections();
      stopWatchingExternalWrites();
      stopRelayingEndedSessions();
      liveAccess.stop();
      stopNumbering();
      stopLayoutUpgrades();
      // What they have begun finishes before the database closes.
      await stopAgreementWatch();
      // What commits after this is caught up at the next start.
      await searchIndexer.stop();
      await engine.stop();
      await history.dispose();
      await suggestionRecorder.dispose();
      health.stop();
      transport.stop();
      const forceClose = setTimeout(() => {
        if ('closeAllConnections' in server) server.closeAllConnections();
      }, 2000);
      await closed;
      clearTimeout(forceClose);
      await documents.close();
      stopWalMaintenance();
      try {
        db?.sqlite.pragma('wal_checkpoint(TRUNCATE)');
      } catch {
        // Another process holds the database; SQLite checkpoints on its next open.
      }
      await appDatabase.close();
      log.info('stopped', {});
    })());

  const routes = app.routes.map((r) => ({ method: r.method, path: r.path }));
  return { url, port, services, engine, db, routes, stop };
}
