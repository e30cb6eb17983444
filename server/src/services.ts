/** Everything the HTTP routes need, built once at start-up in `server.ts`. */
import type { LoginLimiter } from './auth/login-limiter.js';
import type { Sessions } from './auth/sessions.js';
import type { CollabEngine } from './collab/engine.js';
import type { DocumentStore } from './collab/store.js';
import type { LiveEvent } from '../../shared/live-messages.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Database } from './db/queries.js';
import type { Logger } from './log.js';
import type { InitialDocument, SeedDocumentLog } from './procurements/procurements.js';
import type { SearchIndexer } from './search/indexer.js';
import type { SearchIndex } from './search/search-index.js';

export interface Services {
  config: Config;
  /** The app's data (SQLite or PostgreSQL): every module's queries go through here. */
  db: Database;
  clock: Clock;
  log: Logger;
  sessions: Sessions;
  loginLimiter: LoginLimiter;
  engine: CollabEngine;
  /** The document log: every read of it outside the live engine goes through here. */
  store: DocumentStore;
  /**
   * Rights changed in a procurement: its open live connections are checked again at once
   * (call it after the change's transaction; resolves once those that lost rights are closed).
   */
  accessChanged(procurementId: string): Promise<void>;
  /** Tells everyone with the procurement open that something in SQL changed. */
  notify(procurementId: string, event: LiveEvent): void;
  /** The search index, and what keeps it in step (comment routes tell it what they change). */
  search: { index: SearchIndex; indexer: SearchIndexer };
  initialDocument: InitialDocument;
  seedDocumentLog: SeedDocumentLog;
}
