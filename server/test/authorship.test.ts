/**
 * Nobody can put words in another person's mouth through out-of-order data.
 *
 * Yjs keeps structs whose dependencies are missing as pending and integrates them in
 * whichever later transaction fills the gap. Each attack below was accepted before the
 * server checked what an update *carries* (not only what it integrated): forged text
 * waited under a colleague's client id until they typed, then appeared as theirs; and
 * text anchored on a colleague's future item made their next edit look forged.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { CloseCode } from '../../shared/close-codes.js';
import { encodeSyncMessage, SyncStep } from '../src/collab/protocol.js';
import type { ApiClient } from './support/api.js';
import { clientPool, barrier, connectClient, rawBarrier, waitFor, waitForSync, type TestClient } from './support/clients.js';
import { startDemoWorld, type DemoWorld } from './support/demo-world.js';
import { openRawSocket } from './support/raw-socket.js';

let world: DemoWorld;
let room: string;
const clients = clientPool();

beforeAll(async () => {
  // The attacks are repeated on purpose: the pause for repeat offenders is tested elsewhere.
  world = await startDemoWorld({ limits: { maxRefusalsPerUser: 1000 } });
  room = world.procurementId;
});
afterEach(() => {
  clients.closeAll();
});
afterAll(async () => world.server.remove());

function live(api: ApiClient, options: { doc?: Y.Doc; connect?: boolean } = {}): TestClient {
  const client = connectClient(world.server.collabUrl, room, { headers: api.liveHeaders(), ...options });
  clients.adopt(client);
  return client;
}

const loggedRows = () =>
  (world.server.db.sqlite.prepare('SELECT count(*) AS n FROM document_updates WHERE document = ?').get(room) as { n: number }).n;

/** The update one change makes to `doc`. */
function updateOf(doc: Y.Doc, change: () => void): Uint8Array {
  let update: Uint8Array | null = null;
  const listen = (u: Uint8Array) => (update = u);
  doc.on('update', listen);
  change();
  doc.off('update', listen);
  if (!update) throw new Error('the change made no update');
  return update;
}

/** A copy of `source` that writes under `clientId`. */
function copyWritingAs(source: Y.Doc, clientId: number): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(source));
  copy.clientID = clientId;
  return copy;
}

/** A victim with some text of their own in a field of the test's own. */
async function victimWithText(field: string, text: string): Promise<TestClient> {
  const victim = live(world.lead);
  await waitForSync(victim);
  victim.doc.getText(field).insert(0, text);
  await barrier(victim);
  return victim;
}

describe('forged data waiting under someone else’s client id', () => {
  it('is refused at once, stored nowhere, sent to nobody, and the victim’s next edit is theirs alone', async () => {
    const victim = await victimWithText('budget', 'Budget: 100k');
    const reader = live(world.viewer);
    await waitForSync(reader);
    const rowsBefore = loggedRows();

    // Camden's editor writes "900k" under Priya's client id, one clock ahead of her.
    const forger = copyWritingAs(victim.doc, victim.doc.clientID);
    forger.getText('budget').insert(12, '.');
    const forged = updateOf(forger, () => forger.getText('budget').insert(8, '900k'));
    const raw = await openRawSocket(`${world.server.collabUrl}/${room}`, world.editor.liveHeaders());
    raw.send(encodeSyncMessage(SyncStep.update, forged));
    expect((await raw.closed).code).toBe(CloseCode.forgedAuthor);
    expect(loggedRows()).toBe(rowsBefore);

    // Priya types her next character: it is hers, and nothing else appears with it.
    victim.doc.getText('budget').insert(12, '.');
    await waitFor(() => reader.doc.getText('budget').toString() === 'Budget: 100k.', { what: "the victim's edit at the reader" });
    await barrier(reader);
    expect(reader.doc.getText('budget').toString()).toBe('Budget: 100k.');
    expect(victim.closes).toEqual([]);
    const authors = world.server.db.sqlite
      .prepare('SELECT DISTINCT author_id AS a FROM document_updates WHERE document = ? AND seq > ?')
      .all(room, rowsBefore) as { a: string | null }[];
    expect(authors.map((r) => r.a)).not.toContain(world.userIds.editor);
  });

  it('a deletion waiting for someone else’s future text is refused too', async () => {
    const victim = await victimWithText('deletions', 'Keep this.');
    const forger = copyWritingAs(victim.doc, 1234567);
    // Priya's next character will be this item: delete it before she types it.
    const future = copyWritingAs(victim.doc, victim.doc.clientID);
    future.getText('deletions').insert(10, '!');
    Y.applyUpdate(forger, Y.encodeStateAsUpdate(future));
    // Only the deletion is sent: the character it deletes is not on the server yet.
    const deletion = updateOf(forger, () => forger.getText('deletions').delete(10, 1));
    const raw = await openRawSocket(`${world.server.collabUrl}/${room}`, world.editor.liveHeaders());
    raw.send(encodeSyncMessage(SyncStep.update, deletion));
    expect((await raw.closed).code).toBe(CloseCode.forgedAuthor);

    victim.doc.getText('deletions').insert(10, '!');
    const reader = live(world.viewer);
    await waitFor(() => reader.doc.getText('deletions').toString() === 'Keep this.!', { what: "the victim's character" });
    expect(victim.closes).toEqual([]);
  });
});

describe('data anchored on someone else’s future text', () => {
  it('is refused from the sender, and the victim is never locked out', async () => {
    const victim = await victimWithText('anchored', 'Scope: repairs');
    // Camden's editor writes under their own client id, right after the character
    // Priya has not typed yet.
    const future = copyWritingAs(victim.doc, victim.doc.clientID);
    future.getText('anchored').insert(14, 's');
    const attacker = copyWritingAs(future, 7654321);
    const anchored = updateOf(attacker, () => attacker.getText('anchored').insert(15, ' and demolitions'));
    const raw = await openRawSocket(`${world.server.collabUrl}/${room}`, world.editor.liveHeaders());
    raw.send(encodeSyncMessage(SyncStep.update, anchored));
    expect((await raw.closed).code).toBe(CloseCode.forgedAuthor);

    // Before the fix, this edit integrated the attacker's text and closed Priya as a forger.
    victim.doc.getText('anchored').insert(14, 's');
    await barrier(victim);
    const reader = live(world.viewer);
    await waitFor(() => reader.doc.getText('anchored').toString() === 'Scope: repairss', { what: "the victim's edit" });
    expect(victim.closes).toEqual([]);
    victim.doc.getText('anchored').insert(15, ' still mine');
    await waitFor(() => reader.doc.getText('anchored').toString() === 'Scope: repairss still mine', { what: 'her next edit' });
  });

  it('nobody may write under a client id that someone else shows presence under', async () => {
    // Tom is connected and visible but has written nothing yet.
    const tom = live(world.editor);
    await waitForSync(tom);
    tom.provider.awareness.setLocalStateField('cursor', { at: 0 });
    const watcher = live(world.lead);
    await waitFor(() => watcher.provider.awareness.getStates().get(tom.doc.clientID)?.user?.name === 'Tom Okafor', {
      what: "Tom's presence",
    });

    const squatter = copyWritingAs(tom.doc, tom.doc.clientID);
    const squat = updateOf(squatter, () => squatter.getText('squat').insert(0, 'Tom agrees.'));
    const raw = await openRawSocket(`${world.server.collabUrl}/${room}`, world.lead.liveHeaders());
    raw.send(encodeSyncMessage(SyncStep.update, squat));
    expect((await raw.closed).code).toBe(CloseCode.forgedAuthor);

    tom.doc.getText('squat').insert(0, 'My own words.');
    await waitFor(() => watcher.doc.getText('squat').toString() === 'My own words.', { what: "Tom's first edit" });
    expect(tom.closes).toEqual([]);
  });
});

describe('one person’s two tabs', () => {
  it('one tab may send what builds on the other tab’s edit before the server has it', async () => {
    const tabA = live(world.lead);
    await waitForSync(tabA);
    tabA.doc.getText('tabs').insert(0, 'one');
    await barrier(tabA);
    tabA.provider.disconnect();

    // Tab A carries on while its connection is down; tab B hears of it through the
    // browser (as the BroadcastChannel does: not sent on to the server) and builds on it.
    const offline = updateOf(tabA.doc, () => tabA.doc.getText('tabs').insert(3, ' two'));
    const tabB = live(world.lead);
    await waitForSync(tabB);
    Y.applyUpdate(tabB.doc, offline, tabB.provider);
    tabB.doc.getText('tabs').insert(7, ' three');
    await barrier(tabB);
    expect(tabB.closes).toEqual([]);

    tabA.provider.connect();
    const reader = live(world.viewer);
    await waitFor(() => reader.doc.getText('tabs').toString() === 'one two three', { what: 'both tabs’ edits' });
    expect(tabA.closes.filter((c) => c.code === CloseCode.forgedAuthor)).toEqual([]);
  });

  it('a tab that syncs late may re-send what others wrote: the server already has it', async () => {
    const tom = live(world.editor);
    await waitForSync(tom);
    const stale = Y.encodeStateVector(tom.doc);
    const victim = await victimWithText('late', 'Priya wrote this.');
    await waitFor(() => tom.doc.getText('late').toString() === 'Priya wrote this.', { what: 'the edit at Tom' });
    tom.doc.getText('late').insert(0, 'Tom: ');
    // Everything Tom has that a server at the stale state vector lacked, Priya's text too.
    const raw = await openRawSocket(`${world.server.collabUrl}/${room}`, world.editor.liveHeaders());
    raw.send(encodeSyncMessage(SyncStep.step2, Y.encodeStateAsUpdate(tom.doc, stale)));
    await rawBarrier(raw);
    expect(raw.socket.readyState).toBe(WebSocket.OPEN);
    await waitFor(() => victim.doc.getText('late').toString() === 'Tom: Priya wrote this.', { what: "Tom's edit at Priya" });
    raw.socket.close();
  });
});
