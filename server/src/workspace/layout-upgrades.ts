/**
 * Brings parts of a document written by an earlier version up to the current layout, on
 * the server and as the server: engagement activities recorded before the Procurement
 * Act fields lack the co-edited texts those fields need.
 *
 * Were each browser to add them when it opened such an activity, the change would go on
 * record as that person's edit, and two people opening it at once would each add their
 * own copy, one of which (with whatever was typed into it) would be lost. The server adds
 * them once, when it loads the document, and again after any commit that brings in such
 * a part (a browser still running an earlier version, say).
 */
import * as Y from 'yjs';
import { ensureDisclosureFields, lacksDisclosureFields } from '../../../shared/engagement-disclosure.js';
import { engagementOf, roots } from '../../../shared/doc-layout.js';
import type { CollabEngine } from '../collab/engine.js';
import { errorMessage, type Logger } from '../log.js';
import { changedWithin } from './within-root.js';

/** Whether anything in the document needs upgrading (cheap: a look at each activity). */
export function needsLayoutUpgrade(doc: Y.Doc): boolean {
  return engagementOf(doc).toArray().some(lacksDisclosureFields);
}

/** The change that upgrades the document, made on a copy under a fresh client id; null when nothing needs it. */
export function layoutUpgradeUpdate(doc: Y.Doc): Uint8Array | null {
  const copy = new Y.Doc({ gc: false });
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  let update: Uint8Array | null = null;
  copy.on('update', (u: Uint8Array) => (update = u));
  copy.transact(() => {
    for (const entry of engagementOf(copy).toArray()) ensureDisclosureFields(entry);
  });
  copy.destroy();
  return update;
}

export function startLayoutUpgrades(engine: CollabEngine, log: Logger): () => void {
  const running = new Set<string>();

  const upgradeSoon = (room: string) => {
    if (running.has(room)) return;
    running.add(room);
    // After the load or commit that found it: never inside the engine's own turn.
    setImmediate(() => void upgrade(room).finally(() => running.delete(room)));
  };

  async function upgrade(room: string): Promise<void> {
    const doc = engine.documentOf(room);
    if (!doc || !needsLayoutUpgrade(doc)) return;
    const update = layoutUpgradeUpdate(doc);
    if (!update) return;
    try {
      await engine.submit(room, update, null, { reason: 'layout-upgrade' });
      log.info('layout-upgraded', { room });
    } catch (error) {
      log.error('layout-upgrade-failed', { room, error: errorMessage(error) });
    }
  }

  const offLoaded = engine.onLoaded((room, doc) => {
    if (needsLayoutUpgrade(doc)) upgradeSoon(room);
  });
  // Only commits that touched the activities are looked at again.
  const touched = new Set<string>();
  const offApplied = engine.onApplied((room, transaction) => {
    if (changedWithin(transaction, roots.engagement)) touched.add(room);
  });
  const offCommit = engine.onCommit((room) => {
    if (!touched.delete(room)) return;
    const doc = engine.documentOf(room);
    if (doc && needsLayoutUpgrade(doc)) upgradeSoon(room);
  });
  return () => {
    offLoaded();
    offApplied();
    offCommit();
  };
}
