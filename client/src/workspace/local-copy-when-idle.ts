/**
 * The device's copy of a document (y-indexeddb) written when the page is idle, not
 * inside the key press that made the change: y-indexeddb opens an IndexedDB transaction
 * for every update, on the way from the key to the screen. Changes wait for the next
 * idle moment (at most 250 ms, or until the page is hidden or closed) and are written
 * merged, as one update.
 */
import type { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';

/** The longest a change waits to be written to the device (ms). */
export const localCopyDelayMs = 250;

/** What the device copy needs: y-indexeddb's writer of one update. */
type LocalCopy = Pick<IndexeddbPersistence, '_storeUpdate'>;

/** Takes over `local`'s writing of `doc`'s changes; the returned function writes what waits and stops. */
export function writeLocalCopyWhenIdle(local: LocalCopy, doc: Y.Doc): () => void {
  const store = local._storeUpdate;
  doc.off('update', store);
  let waiting: Uint8Array[] = [];
  let cancel: (() => void) | null = null;

  const write = () => {
    cancel?.();
    cancel = null;
    if (waiting.length === 0) return;
    const update = waiting.length === 1 ? waiting[0]! : Y.mergeUpdates(waiting);
    waiting = [];
    store(update, null);
  };
  const onUpdate = (update: Uint8Array, origin: unknown) => {
    // What the device copy itself loaded is there already.
    if (origin === local) return;
    waiting.push(update);
    cancel ??= whenIdle(write);
  };
  const onHidden = () => {
    if (document.visibilityState === 'hidden') write();
  };
  doc.on('update', onUpdate);
  globalThis.document?.addEventListener('visibilitychange', onHidden);
  globalThis.addEventListener?.('pagehide', write);
  return () => {
    write();
    doc.off('update', onUpdate);
    globalThis.document?.removeEventListener('visibilitychange', onHidden);
    globalThis.removeEventListener?.('pagehide', write);
  };
}

/** Runs `task` at the next idle moment, within `localCopyDelayMs`; returns its cancelling. */
function whenIdle(task: () => void): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(task, { timeout: localCopyDelayMs });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(task, localCopyDelayMs);
  return () => clearTimeout(id);
}
