/**
 * Notices writes to the database by another process (the admin CLI resetting a password
 * or removing someone's access, say). SQLite's `data_version` changes for a connection
 * when any *other* connection commits, and reading it touches no page of the file, so
 * polling it often costs next to nothing.
 */
import type { Db } from './database.js';

/** Calls `onChange` soon after another process commits; returns a function that stops it. */
export function watchExternalWrites(db: Db, intervalMs: number, onChange: () => void): () => void {
  let seen = db.sqlite.pragma('data_version', { simple: true }) as number;
  const timer = setInterval(() => {
    let version: number;
    try {
      version = db.sqlite.pragma('data_version', { simple: true }) as number;
    } catch {
      return; // Closed, or busy for a moment: look again next time.
    }
    if (version === seen) return;
    seen = version;
    onChange();
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
