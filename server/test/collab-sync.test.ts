/**
 * Live sync through the real server: real y-websocket clients converge, late joiners
 * get everything, presence comes and goes.
 */
import type WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { clientPool, connectClient, contentOf, roomName, waitFor, waitForSync, type TestClient } from './support/clients.js';
import { startTestServer, type TestServer } from './support/test-server.js';

let server: TestServer;
const clients = clientPool();

afterEach(async () => {
  clients.closeAll();
  await server?.remove();
});

function join(room: string): TestClient {
  const client = connectClient(server.collabUrl, room);
  clients.adopt(client);
  return client;
}

/** Each client makes its own edits to a text, a map and an XML fragment, all at once. */
function editConcurrently(all: TestClient[], round: number): void {
  all.forEach((client, i) => {
    const { doc } = client;
    doc.transact(() => {
      doc.getText('text').insert(0, `[c${i}r${round}]`);
      doc.getMap('map').set(`c${i}`, round);
      doc.getMap('map').set('shared', `c${i}r${round}`);
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText(`c${i} r${round}`)]);
      doc.getXmlFragment('xml').insert(0, [paragraph]);
    });
  });
}

describe.each([2, 10])('%i clients', (count) => {
  it('converge on concurrent edits to a text, a map and an XML fragment', async () => {
    server = await startTestServer({ open: true });
    const room = roomName();
    const all = Array.from({ length: count }, () => join(room));
    await Promise.all(all.map((c) => waitForSync(c)));
    for (let round = 0; round < 5; round++) editConcurrently(all, round);

    await waitFor(
      () => all.every((c) => contentOf(c.doc) === contentOf(all[0]!.doc)) && all[0]!.doc.getXmlFragment('xml').length === count * 5,
      { what: 'all clients to converge' },
    );
    const text = all[0]!.doc.getText('text').toString();
    for (let i = 0; i < count; i++) for (let r = 0; r < 5; r++) expect(text).toContain(`[c${i}r${r}]`);
    expect(all[0]!.doc.getXmlFragment('xml').length).toBe(count * 5);
    expect(Object.keys(all[0]!.doc.getMap('map').toJSON())).toHaveLength(count + 1);
  });
});

it('gives a late joiner the full state', async () => {
  server = await startTestServer({ open: true });
  const room = roomName();
  const first = join(room);
  await waitForSync(first);
  first.doc.getText('text').insert(0, 'Housing repairs specification');
  first.doc.getMap('map').set('phase', 'market engagement');
  await waitFor(() => server.engine.metrics.updatesCommitted >= 1, { what: 'commit' });

  const late = join(room);
  await waitForSync(late);
  expect(contentOf(late.doc)).toEqual(contentOf(first.doc));
});

it('shows presence of others and clears it when they disconnect', async () => {
  server = await startTestServer({ open: true });
  const room = roomName();
  const alice = join(room);
  const bob = join(room);
  await Promise.all([waitForSync(alice), waitForSync(bob)]);
  alice.provider.awareness.setLocalStateField('user', { name: 'Alice' });
  bob.provider.awareness.setLocalStateField('user', { name: 'Bob' });

  await waitFor(() => bob.provider.awareness.getStates().get(alice.doc.clientID)?.user?.name === 'Alice', {
    what: "Alice's presence at Bob",
  });
  await waitFor(() => alice.provider.awareness.getStates().get(bob.doc.clientID)?.user?.name === 'Bob', {
    what: "Bob's presence at Alice",
  });

  // A newcomer is told who is already here.
  const carol = join(room);
  // (y-protocols ignores a peer's state at clock 0, the empty default: real clients set theirs.)
  carol.provider.awareness.setLocalStateField('user', { name: 'Carol' });
  await waitFor(() => carol.provider.awareness.getStates().has(alice.doc.clientID), { what: 'presence for a newcomer' });

  // Alice's network drops: no goodbye, no awareness "null" message, no reconnect.
  alice.provider.shouldConnect = false;
  (alice.provider.ws as unknown as WebSocket).terminate();
  await waitFor(() => !bob.provider.awareness.getStates().has(alice.doc.clientID), { what: "Alice's presence to clear" });
  await waitFor(() => !carol.provider.awareness.getStates().has(alice.doc.clientID), { what: "Alice's presence to clear" });
  await waitFor(() => bob.provider.awareness.getStates().has(carol.doc.clientID), { what: "Carol's presence at Bob" });
});

describe('a presence sent again unchanged', () => {
  /** Alice and Bob in one room, Bob counting the presence updates he receives from Alice. */
  async function aliceAndBob() {
    const room = roomName();
    const alice = join(room);
    const bob = join(room);
    await Promise.all([waitForSync(alice), waitForSync(bob)]);
    alice.provider.awareness.setLocalStateField('cursor', { at: 1 });
    const cursorAtBob = () =>
      (bob.provider.awareness.getStates().get(alice.doc.clientID) as { cursor?: { at: number } } | undefined)?.cursor?.at;
    await waitFor(() => cursorAtBob() === 1, { what: 'Alice’s cursor at Bob' });
    const fromAlice = { count: 0 };
    bob.provider.awareness.on('update', ({ updated }: { updated: number[] }) => {
      if (updated.includes(alice.doc.clientID)) fromAlice.count++;
    });
    const sendAgain = () => alice.provider.awareness.setLocalState(alice.provider.awareness.getLocalState());
    return { alice, bob, cursorAtBob, fromAlice, sendAgain };
  }

  it('is not passed on to everyone again, and does not use up the allowance of real moves', async () => {
    server = await startTestServer({ open: true });
    const { alice, cursorAtBob, fromAlice, sendAgain } = await aliceAndBob();
    // As an editor does on every change from others: far more than the 60 a burst allows.
    for (let i = 0; i < 100; i++) sendAgain();
    alice.provider.awareness.setLocalStateField('cursor', { at: 2 });
    // Messages arrive in order: once Bob has the move, he has had all that came before it.
    await waitFor(() => cursorAtBob() === 2, { what: 'Alice’s move after her repeats', timeout: 3000 });
    expect(fromAlice.count).toBeLessThan(5);
  });

  it('is passed on as a renewal once 5 s have gone by, so nobody’s presence times out', async () => {
    server = await startTestServer({ open: true });
    const { alice, bob, fromAlice, sendAgain } = await aliceAndBob();
    const clockAtBob = () => bob.provider.awareness.meta.get(alice.doc.clientID)?.clock ?? 0;
    server.clock.advance(5000);
    sendAgain();
    const renewed = alice.provider.awareness.meta.get(alice.doc.clientID)!.clock;
    await waitFor(() => clockAtBob() === renewed, { what: 'the renewal at Bob' });
    expect(fromAlice.count).toBe(1);
  });
});
