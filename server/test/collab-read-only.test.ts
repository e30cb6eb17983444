/**
 * Read-only connections (decided by the authorize hook) receive everything live and show
 * presence, but nothing they send changes the document, the log or anyone else.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../../shared/close-codes.js';
import type { Authorize } from '../src/collab/transport.js';
import { decodeMessage, encodeSyncMessage, MessageType, SyncStep } from '../src/collab/protocol.js';
import { barrier, connectClient, rawBarrier, roomName, waitFor, waitForSync, type TestClient } from './support/clients.js';
import { openRawSocket, upgradeStatus } from './support/raw-socket.js';
import { startTestServer, type TestServer } from './support/test-server.js';

/** ?as=viewer joins read-only, ?as=nobody is refused, anything else reads and writes. */
const authorize: Authorize = (request) => {
  const as = new URL(request.url).searchParams.get('as');
  if (as === 'nobody') return { ok: false, status: 404 };
  return { ok: true, grant: { mode: as === 'viewer' ? 'read-only' : 'read-write', userId: as ?? 'editor' } };
};

let server: TestServer;
let room: string;
let editor: TestClient;
const others: TestClient[] = [];

beforeEach(async () => {
  server = await startTestServer({ authorize });
  room = roomName();
  editor = connectClient(server.collabUrl, room);
  await waitForSync(editor);
  editor.doc.getText('text').insert(0, 'Specification v1.');
  await waitFor(() => loggedUpdates() === 1, { what: 'the first commit' });
});

afterEach(async () => {
  editor.destroy();
  for (const client of others.splice(0)) client.destroy();
  await server.remove();
});

function loggedUpdates(): number {
  return (server.db.sqlite.prepare('SELECT count(*) AS n FROM document_updates WHERE document = ?').get(room) as { n: number }).n;
}

function viewer(doc?: Y.Doc): TestClient {
  const client = connectClient(server.collabUrl, room, { params: { as: 'viewer' }, doc });
  others.push(client);
  return client;
}

it('a viewer sees changes live and shows presence, but its edits go nowhere', async () => {
  const watcher = viewer();
  await waitForSync(watcher);
  expect(watcher.doc.getText('text').toString()).toBe('Specification v1.');

  editor.doc.getText('text').insert(0, 'Draft: ');
  await waitFor(() => watcher.doc.getText('text').toString() === 'Draft: Specification v1.', { what: 'a live change' });

  watcher.provider.awareness.setLocalStateField('user', { name: 'Viewer' });
  await waitFor(() => editor.provider.awareness.getStates().get(watcher.doc.clientID)?.user?.name === 'Viewer', {
    what: "the viewer's presence",
  });

  watcher.doc.getText('text').insert(0, 'SABOTAGE ');
  await barrier(watcher);
  expect(editor.doc.getText('text').toString()).toBe('Draft: Specification v1.');
  expect(loggedUpdates()).toBe(2);
  expect(watcher.closes).toEqual([]);
  expect(server.logs.some((line) => line.includes('read-only-write-refused'))).toBe(true);
});

it("a viewer's empty sync step 2 is accepted quietly; one carrying new content is refused", async () => {
  const raw = await openRawSocket(`${server.collabUrl}/${room}?as=viewer`);
  await waitFor(() => raw.messages.length >= 1, { what: "the server's sync step 1" });
  // A viewer holding exactly the server's content answers with an empty step 2.
  const sameAsServer = new Y.Doc();
  Y.applyUpdate(sameAsServer, Y.encodeStateAsUpdate(editor.doc));
  const serverStep1 = decodeMessage(raw.messages[0]!);
  expect(serverStep1.kind).toBe('sync-step-1');
  const empty = Y.encodeStateAsUpdate(sameAsServer, (serverStep1 as { stateVector: Uint8Array }).stateVector);
  raw.send(encodeSyncMessage(SyncStep.step2, empty));
  await rawBarrier(raw);
  expect(raw.messages.some((m) => m[0] === MessageType.auth)).toBe(false);

  // Now a step 2 with something new: refused, told so, not stored, not sent on.
  sameAsServer.getText('text').insert(0, 'NEW ');
  raw.send(encodeSyncMessage(SyncStep.step2, Y.encodeStateAsUpdate(sameAsServer, Y.encodeStateVector(editor.doc))));
  await waitFor(() => raw.messages.some((m) => m[0] === MessageType.auth), { what: 'the permission-denied message' });
  expect(loggedUpdates()).toBe(1);
  expect(editor.doc.getText('text').toString()).toBe('Specification v1.');
  raw.socket.close();
  const closed = await raw.closed;
  expect(closed.code).not.toBe(CloseCode.forgedAuthor);
});

it('a refused upgrade gets its HTTP status and no websocket', async () => {
  expect(await upgradeStatus(`${server.collabUrl}/${room}?as=nobody`)).toBe(404);
  expect(await upgradeStatus(`${server.collabUrl}/${room}?as=viewer`)).toBe(101);
});

it('content written under a Yjs client id that belongs to another user is refused', async () => {
  // Mallory copies the editor's client id and writes at its next clock, which would
  // silently swallow the editor's next real edit everywhere.
  const forger = new Y.Doc();
  Y.applyUpdate(forger, Y.encodeStateAsUpdate(editor.doc));
  forger.clientID = editor.doc.clientID;
  const updates: Uint8Array[] = [];
  forger.on('update', (u: Uint8Array) => updates.push(u));
  forger.getText('text').insert(0, 'FORGED ');
  const raw = await openRawSocket(`${server.collabUrl}/${room}?as=mallory`);
  raw.send(encodeSyncMessage(SyncStep.update, updates[0]!));
  expect((await raw.closed).code).toBe(CloseCode.forgedAuthor);

  editor.doc.getText('text').insert(0, 'Real edit. ');
  const reader = connectClient(server.collabUrl, room, { params: { as: 'reader' } });
  others.push(reader);
  await waitFor(() => reader.doc.getText('text').toString() === 'Real edit. Specification v1.', {
    what: "the editor's real edit",
  });
  const authors = server.db.sqlite.prepare('SELECT DISTINCT author_id AS a FROM document_updates WHERE document = ?').all(room);
  expect(authors).toEqual([{ a: 'editor' }]);
});
