/**
 * Engagement activities recorded by an earlier version (before the Procurement Act
 * fields) get the co-edited fields they lack from the server, as the server: when it loads
 * such a document, and after a browser still running an earlier version adds one.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { engagementOf, newEngagement } from '../../shared/doc-layout.js';
import { lacksDisclosureFields } from '../../shared/engagement-disclosure.js';
import { SqliteDocumentStore } from '../src/collab/sqlite-store.js';
import { Db } from '../src/db/database.js';
import { signIn } from './support/api.js';
import { connectClient, waitFor, waitForSync } from './support/clients.js';
import { startDemoWorld, type DemoWorld } from './support/demo-world.js';
import { startTestServer } from './support/test-server.js';

let world: DemoWorld | null = null;
afterEach(async () => world?.server.remove());

/** What an earlier version wrote for a new activity: no texts for what was shared, no SME list. */
function olderActivity(title: string): Y.Map<unknown> {
  const entry = newEngagement({ type: 'supplier-day', date: '2026-03-02', title });
  for (const name of ['shared', 'advantageAction', 'smes']) entry.delete(name);
  return entry;
}

const activityTitled = (doc: Y.Doc, title: string) =>
  engagementOf(doc)
    .toArray()
    .find((entry) => String(entry.get('title')) === title);

/** Who wrote each of the last `count` log positions (null: the server itself). */
async function lastAuthors(db: Db, document: string, count: number): Promise<(string | null)[]> {
  const store = new SqliteDocumentStore(db);
  const latest = await store.latestSeq(document);
  const seqs = Array.from({ length: count }, (_, i) => latest - count + 1 + i);
  const entries = await store.entries(document, seqs);
  return seqs.map((seq) => entries.get(seq)?.authorId ?? null);
}

describe('older engagement activities', () => {
  it('get their fields from the server after a browser of an earlier version adds one', async () => {
    world = await startDemoWorld();
    const tab = connectClient(world.server.collabUrl, world.procurementId, { headers: world.editor.liveHeaders() });
    try {
      await waitForSync(tab);
      engagementOf(tab.doc).push([olderActivity('Supplier call, older browser')]);

      const upgraded = await waitFor(() => {
        const entry = activityTitled(tab.doc, 'Supplier call, older browser');
        return entry && !lacksDisclosureFields(entry) ? entry : null;
      });

      expect(upgraded.get('shared')).toBeInstanceOf(Y.Text);
      // Tom's activity is his; the fields added to it are the server's, not his.
      expect(await lastAuthors(world.server.db, world.procurementId, 2)).toEqual([world.userIds.editor, null]);
    } finally {
      tab.destroy();
    }
  });

  it('get their fields when the server loads a document holding one, before anyone edits it', async () => {
    world = await startDemoWorld();
    const { dir, databasePath } = world.server;
    const procurementId = world.procurementId;
    await world.server.stop();
    // The database as an earlier version left it: its last change added an older activity.
    const db = new Db({ path: databasePath, busyTimeoutMs: 1000 });
    const store = new SqliteDocumentStore(db);
    const stored = await store.load(procurementId);
    const doc = new Y.Doc();
    if (stored.checkpoint) Y.applyUpdate(doc, stored.checkpoint.state);
    for (const update of stored.tail) Y.applyUpdate(doc, update);
    let older: Uint8Array | null = null;
    doc.on('update', (update: Uint8Array) => (older = update));
    engagementOf(doc).push([olderActivity('Open day, before the Act fields')]);
    const seq = stored.lastSeq + 1;
    await store.append([
      {
        document: procurementId,
        updates: [{ seq, update: older!, authorId: world.userIds.lead, receivedAt: db.now() }],
        claims: [{ clientId: doc.clientID, userId: world.userIds.lead, firstSeq: seq }],
      },
    ]);
    db.sqlite.close();

    const server = await startTestServer({ dir });
    world = { ...world, server };
    const viewer = await signIn(server.url, 'viewer@islington.demo');
    const reader = connectClient(server.collabUrl, procurementId, { headers: viewer.liveHeaders() });
    try {
      await waitForSync(reader);
      await waitFor(() => {
        const entry = activityTitled(reader.doc, 'Open day, before the Act fields');
        return entry && !lacksDisclosureFields(entry);
      });
      expect(await lastAuthors(server.db, procurementId, 2)).toEqual([world.userIds.lead, null]);
    } finally {
      reader.destroy();
    }
  });
});
