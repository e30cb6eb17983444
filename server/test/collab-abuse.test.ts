/**
 * Bad input: each kind closes the offending connection alone, with its code from the
 * shared module; nothing of it is stored; the document and everyone else carry on; the
 * server logs one line.
 */
import type { Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { CloseCode } from '../../shared/close-codes.js';
import type { CollabLimits } from '../src/collab/limits.js';
import { encodeAwarenessMessage, encodeAwarenessUpdate, encodeSyncMessage, SyncStep } from '../src/collab/protocol.js';
import { connectClient, roomName, waitFor, waitForSync, type TestClient } from './support/clients.js';
import { openRawSocket } from './support/raw-socket.js';
import { startTestServer, type TestServer } from './support/test-server.js';

let server: TestServer;
let room: string;
let alice: TestClient;
let bob: TestClient;

const limits: Partial<CollabLimits> = { maxMessageBytes: 4096, maxPendingBytes: 256 };

beforeEach(async () => {
  server = await startTestServer({ open: true, limits });
  room = roomName();
  alice = connectClient(server.collabUrl, room);
  bob = connectClient(server.collabUrl, room);
  await Promise.all([waitForSync(alice), waitForSync(bob)]);
  alice.doc.getText('text').insert(0, 'Agreed draft.');
  await waitFor(() => bob.doc.getText('text').toString() === 'Agreed draft.', { what: 'the first edit' });
});

afterEach(async () => {
  alice.destroy();
  bob.destroy();
  await server.remove();
});

function loggedUpdates(): number {
  return (server.db.sqlite.prepare('SELECT count(*) AS n FROM document_updates WHERE document = ?').get(room) as { n: number }).n;
}

function refusalLines(): string[] {
  return server.logs.filter((line) => / refused /.test(line));
}

/** After the bad input: one log line, nothing stored, and the others still edit together. */
async function expectOthersUnharmed(rowsBefore: number): Promise<void> {
  await waitFor(() => refusalLines().length === 1, { what: 'one log line for the refusal' });
  expect(loggedUpdates()).toBe(rowsBefore);
  bob.doc.getText('text').insert(bob.doc.getText('text').length, ' Still editing.');
  await waitFor(() => alice.doc.getText('text').toString() === 'Agreed draft. Still editing.', {
    what: 'the others to keep working',
  });
  expect(loggedUpdates()).toBe(rowsBefore + 1);
  expect(alice.closes).toEqual([]);
  expect(bob.closes).toEqual([]);
}

function syncFrame(step: number, body: Uint8Array): Uint8Array {
  return encodeSyncMessage(step, body);
}

/** An update whose dependencies the server has never seen, `size` bytes of text. */
function outOfOrderUpdate(size: number): Uint8Array {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  doc.getText('text').insert(0, 'first');
  doc.getText('text').insert(5, 'x'.repeat(size));
  return updates[1]!;
}

const cases: { name: string; code: number; frame: () => Uint8Array | string }[] = [
  { name: 'a frame that does not decode', code: CloseCode.malformedMessage, frame: () => Uint8Array.of(0, 1) },
  { name: 'trailing bytes after a message', code: CloseCode.malformedMessage, frame: () => Uint8Array.of(3, 0) },
  { name: 'an unknown message type', code: CloseCode.unknownMessageType, frame: () => Uint8Array.of(9) },
  { name: 'an unknown sync step', code: CloseCode.unknownMessageType, frame: () => Uint8Array.of(0, 7, 0) },
  {
    name: 'an update Yjs cannot apply',
    code: CloseCode.invalidUpdate,
    frame: () => syncFrame(SyncStep.update, Uint8Array.of(1, 1, 5, 0)),
  },
  {
    name: 'a sync step 2 Yjs cannot apply',
    code: CloseCode.invalidUpdate,
    frame: () => syncFrame(SyncStep.step2, Uint8Array.of(2, 0, 0)),
  },
  {
    name: 'out-of-order data beyond the bound',
    code: CloseCode.tooMuchPending,
    frame: () => syncFrame(SyncStep.update, outOfOrderUpdate(1000)),
  },
  {
    name: 'a state vector that does not decode',
    code: CloseCode.malformedMessage,
    frame: () => syncFrame(SyncStep.step1, Uint8Array.of(5, 1)),
  },
  {
    name: 'presence that is not JSON',
    code: CloseCode.malformedMessage,
    frame: () => {
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint(e, 42);
      encoding.writeVarUint(e, 1);
      encoding.writeVarString(e, '{not json');
      return encodeAwarenessMessage(encoding.toUint8Array(e));
    },
  },
  {
    name: 'a message over the size limit',
    code: CloseCode.messageTooBig,
    frame: () => syncFrame(SyncStep.update, new Uint8Array(8000)),
  },
  { name: 'a text frame', code: CloseCode.unsupportedData, frame: () => 'hello' },
];

describe('each bad input closes its connection alone', () => {
  it.each(cases)('$name → $code', async ({ code, frame }) => {
    const before = loggedUpdates();
    const raw = await openRawSocket(`${server.collabUrl}/${room}`);
    raw.send(frame());
    const closed = await raw.closed;
    expect(closed.code).toBe(code);
    await expectOthersUnharmed(before);
  });

  it('an invalid websocket frame → 1002', async () => {
    const before = loggedUpdates();
    const raw = await openRawSocket(`${server.collabUrl}/${room}`);
    // FIN + reserved opcode 3, masked, empty: not a websocket frame at all.
    (raw.socket as unknown as { _socket: Socket })._socket.write(Buffer.from([0x83, 0x80, 1, 2, 3, 4]));
    const closed = await raw.closed;
    expect(closed.code).toBe(CloseCode.protocolError);
    await expectOthersUnharmed(before);
  });

  it('a refused update in the same turn as good ones: the good ones are kept, the bad one is not', async () => {
    const before = loggedUpdates();
    const raw = await openRawSocket(`${server.collabUrl}/${room}`);
    // The good edit and the bad frame reach the server in the same event-loop turn.
    bob.doc.getText('text').insert(0, '>> ');
    raw.send(syncFrame(SyncStep.update, Uint8Array.of(1, 1, 5, 0)));
    expect((await raw.closed).code).toBe(CloseCode.invalidUpdate);
    await waitFor(() => alice.doc.getText('text').toString() === '>> Agreed draft.', { what: "Bob's edit" });
    expect(loggedUpdates()).toBe(before + 1);
  });
});

it('presence for someone else is ignored, and nobody sees the forgery', async () => {
  bob.provider.awareness.setLocalStateField('user', { name: 'Bob' });
  await waitFor(() => alice.provider.awareness.getStates().get(bob.doc.clientID)?.user?.name === 'Bob', {
    what: "Bob's presence",
  });
  const raw = await openRawSocket(`${server.collabUrl}/${room}`);
  const forged = encodeAwarenessUpdate([{ clientId: bob.doc.clientID, clock: 999, state: { user: { name: 'Mallory' } } }]);
  raw.send(encodeAwarenessMessage(forged));
  // Its own presence still works, so the forgery was read and ignored, not lost in transit.
  raw.send(encodeAwarenessMessage(encodeAwarenessUpdate([{ clientId: 7, clock: 1, state: { user: { name: 'Raw' } } }])));
  await waitFor(() => alice.provider.awareness.getStates().get(7)?.user?.name === 'Raw', { what: 'the raw client presence' });
  expect(alice.provider.awareness.getStates().get(bob.doc.clientID)?.user?.name).toBe('Bob');
  // A second id from the same connection is ignored too.
  raw.send(encodeAwarenessMessage(encodeAwarenessUpdate([{ clientId: 8, clock: 1, state: { user: { name: 'Other' } } }])));
  bob.provider.awareness.setLocalStateField('user', { name: 'Bob again' });
  await waitFor(() => alice.provider.awareness.getStates().get(bob.doc.clientID)?.user?.name === 'Bob again');
  expect(alice.provider.awareness.getStates().has(8)).toBe(false);
  raw.socket.close();
});
