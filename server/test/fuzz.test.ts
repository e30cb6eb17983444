/**
 * Random and mutated protocol frames thrown at the websocket (seeded, so a failure
 * replays): the server stays up, only the offending connection is closed, what it
 * refused is never stored, and the document still loads afterwards.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../../shared/close-codes.js';
import { encodeAwarenessMessage, encodeAwarenessUpdate, encodeSyncMessage, MessageType, SyncStep } from '../src/collab/protocol.js';
import { connectClient, rawBarrierOrClose, roomName, waitFor, waitForSync, type TestClient } from './support/clients.js';
import { openRawSocket } from './support/raw-socket.js';
import { startTestServer, type TestServer } from './support/test-server.js';

let server: TestServer;
let observer: TestClient;
const room = roomName('fuzz');
const knownCodes = new Set<number>([...Object.values(CloseCode), 1000, 1005, 1006]);

/** Valid frames of every kind, from a real document, to mutate. */
function validFrames(): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  doc.getText('text').insert(0, 'fuzz');
  doc.getMap('map').set('k', { nested: [1, 2, 3] });
  doc.getXmlFragment('xml').insert(0, [new Y.XmlElement('paragraph')]);
  doc.getText('text').delete(1, 2);
  return [
    encodeSyncMessage(SyncStep.step1, Y.encodeStateVector(doc)),
    encodeSyncMessage(SyncStep.step2, Y.encodeStateAsUpdate(doc)),
    ...updates.map((u) => encodeSyncMessage(SyncStep.update, u)),
    encodeAwarenessMessage(encodeAwarenessUpdate([{ clientId: 7, clock: 3, state: { user: { name: 'x' } } }])),
    Uint8Array.of(MessageType.queryAwareness),
  ];
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('append' as const), bytes: fc.uint8Array({ minLength: 1, maxLength: 20 }) }),
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
);

type Mutation =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'cut'; at: number }
  | { kind: 'append'; bytes: Uint8Array }
  | { kind: 'set'; at: number; value: number };

function mutate(frame: Uint8Array, mutations: Mutation[]): Uint8Array {
  let out = Uint8Array.from(frame);
  for (const m of mutations) {
    if (m.kind === 'append') {
      out = Uint8Array.from([...out, ...m.bytes]);
      continue;
    }
    if (out.length === 0) continue;
    const at = m.at % out.length;
    if (m.kind === 'flip') out[at] = out[at]! ^ (1 << m.bit);
    if (m.kind === 'set') out[at] = m.value;
    if (m.kind === 'cut') out = out.slice(0, at);
  }
  return out;
}

beforeAll(async () => {
  // Every frame here is an attack on purpose: the pause for repeat offenders is tested elsewhere.
  server = await startTestServer({ open: true, limits: { maxRefusalsPerUser: Number.MAX_SAFE_INTEGER } });
  observer = connectClient(server.collabUrl, room);
  await waitForSync(observer);
  observer.doc.getText('text').insert(0, 'The observer was here first. ');
  await waitFor(() => server.engine.metrics.updatesCommitted >= 1);
});

afterAll(async () => {
  observer.destroy();
  await server?.remove();
});

it('survives random and mutated frames, closing only the sender', async () => {
  const frames = validFrames();
  const frame = fc.oneof(
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }) },
    {
      weight: 3,
      arbitrary: fc
        .tuple(fc.integer({ min: 0, max: frames.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 3 }))
        .map(([i, ms]) => mutate(frames[i]!, ms)),
    },
  );
  const codes = new Map<number, number>();
  await fc.assert(
    fc.asyncProperty(frame, async (bytes) => {
      const raw = await openRawSocket(`${server.collabUrl}/${room}`);
      raw.send(bytes);
      // A valid message after it: answered only if the connection is still open.
      const outcome = await rawBarrierOrClose(raw);
      if (outcome) {
        expect(knownCodes.has(outcome.code), `close code ${outcome.code}`).toBe(true);
        codes.set(outcome.code, (codes.get(outcome.code) ?? 0) + 1);
      } else {
        raw.socket.close();
        await raw.closed;
      }
    }),
    { seed: 20261125, numRuns: 250 },
  );
  // Some frames were refused, for several different reasons.
  expect(codes.size).toBeGreaterThanOrEqual(3);
  expect(observer.closes).toEqual([]);

  // Everything stored is what the observer (who received every accepted update) has.
  const fresh = connectClient(server.collabUrl, room);
  await waitForSync(fresh);
  await waitFor(() => fresh.doc.getText('text').toString() === observer.doc.getText('text').toString(), { what: 'the same text' });
  expect(Y.encodeStateVector(fresh.doc)).toEqual(Y.encodeStateVector(observer.doc));
  fresh.destroy();

  // And it still loads after a restart.
  const dir = server.dir;
  await server.stop();
  server = await startTestServer({ open: true, dir, limits: { maxRefusalsPerUser: Number.MAX_SAFE_INTEGER } });
  const reloaded = connectClient(server.collabUrl, room);
  await waitForSync(reloaded);
  expect(reloaded.doc.getText('text').toString()).toBe(observer.doc.getText('text').toString());
  expect(reloaded.doc.getText('text').toString()).toContain('The observer was here first.');
  reloaded.destroy();
}, 120_000);
