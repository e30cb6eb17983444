/**
 * Moves the write-ahead log's checkpoints (copying it into the database file) off the
 * path of live edits. SQLite would otherwise run one inside whichever commit crosses
 * 1,000 pages, holding up that edit and every one queued behind it for milliseconds.
 * Here they run when writing has paused for a moment, or when the log grows large
 * however busy the server is.
 */
import { statSync } from 'node:fs';
import type { Db } from './database.js';

export interface WalMaintenanceOptions {
  /** How often to look (ms). */
  intervalMs: number;
  /** Checkpoint once nothing has been written for this long (ms)… */
  quietMs: number;
  /** …or at once when the log is bigger than this (bytes). */
  maxWalBytes: number;
}

export const defaultWalMaintenance: WalMaintenanceOptions = { intervalMs: 250, quietMs: 200, maxWalBytes: 64 * 1024 * 1024 };

export function startWalMaintenance(db: Db, path: string, options = defaultWalMaintenance): () => void {
  if (path === ':memory:') return () => {};
  db.sqlite.pragma('wal_autocheckpoint = 0');
  const walPath = `${path}-wal`;
  let checkpointedAt = db.lastWriteAt;
  const timer = setInterval(() => {
    // Nothing new; or one of the app's transactions is open on the connection: look again next time.
    if (db.lastWriteAt === checkpointedAt || db.heldUntil) return;
    let walBytes: number;
    try {
      walBytes = statSync(walPath).size;
    } catch {
      return;
    }
    const quiet = Date.now() - db.lastWriteAt >= options.quietMs;
    if (!quiet && walBytes < options.maxWalBytes) return;
    try {
      db.sqlite.pragma('wal_checkpoint(PASSIVE)');
      checkpointedAt = db.lastWriteAt;
    } catch {
      // Busy (another process reading or writing): try again at the next look.
    }
  }, options.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
