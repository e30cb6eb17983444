/**
 * Rooms open once and leave memory when nobody is in them; dead peers are found by
 * ping/pong; SIGTERM stops the process cleanly.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CloseCode } from '../../shared/close-codes.js';
import { decodeMessage } from '../src/collab/protocol.js';
import { signIn } from './support/api.js';
import { clientPool, connectClient, roomName, waitFor, waitForSync } from './support/clients.js';
import { freePort, spawnServer } from './support/server-process.js';
import { makeTempDir, startTestServer, type TestServer } from './support/test-server.js';

let server: TestServer | null = null;
const clients = clientPool();

afterEach(async () => {
  clients.closeAll();
  await server?.remove();
  server = null;
});

it('50 clients joining an unloaded room share one load, and each first hears the stored state', async () => {
  const room = roomName();
  server = await startTestServer({ open: true });
  const seeder = connectClient(server.collabUrl, room);
  await waitForSync(seeder);
  seeder.doc.getText('text').insert(0, 'stored before anyone else came');
  await waitFor(() => server!.engine.metrics.updatesCommitted === 1);
  seeder.destroy();
  await waitFor(() => server!.engine.stats.rooms === 0, { what: 'the room to leave memory' });
  const loadsBefore = server.engine.metrics.roomLoads;

  const sockets = await Promise.all(
    Array.from({ length: 50 }, () => {
      const socket = new WebSocket(`${server!.collabUrl}/${room}`);
      const first = new Promise<Uint8Array>((resolve) => socket.once('message', (data: Buffer) => resolve(new Uint8Array(data))));
      return new Promise<{ socket: WebSocket; first: Promise<Uint8Array> }>((resolve) =>
        socket.once('open', () => resolve({ socket, first })),
      );
    }),
  );
  const firsts = await Promise.all(sockets.map((s) => s.first));
  expect(server.engine.metrics.roomLoads - loadsBefore).toBe(1);
  for (const message of firsts) {
    const decoded = decodeMessage(message);
    // The server's first word is its state vector, and it already includes the stored content.
    expect(decoded.kind).toBe('sync-step-1');
    expect((decoded as { stateVector: Uint8Array }).stateVector.length).toBeGreaterThan(1);
  }
  for (const { socket } of sockets) socket.close();
});

it('a room leaves memory after its last client has gone and the grace period passed', async () => {
  server = await startTestServer({ open: true, limits: { roomGraceMs: 200 } });
  const room = roomName();
  const client = connectClient(server.collabUrl, room);
  await waitForSync(client);
  client.doc.getText('text').insert(0, 'hello');
  expect(server.engine.stats.rooms).toBe(1);
  client.destroy();
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(server.engine.stats.rooms).toBe(1);
  await waitFor(() => server!.engine.stats.rooms === 0, { what: 'the room to unload' });
  expect(server.engine.stats).toMatchObject({ connections: 0, presence: 0, idleTimers: 0 });

  // And it comes back with its content.
  const again = connectClient(server.collabUrl, room);
  clients.adopt(again);
  await waitFor(() => again.doc.getText('text').toString() === 'hello');
});

it('closes a peer that stops answering pings, and clears its presence', async () => {
  server = await startTestServer({ open: true, limits: { pingIntervalMs: 100 } });
  const room = roomName();
  const watcher = connectClient(server.collabUrl, room);
  clients.adopt(watcher);
  await waitForSync(watcher);
  const frozen = connectClient(server.collabUrl, room);
  clients.adopt(frozen);
  await waitForSync(frozen);
  frozen.provider.awareness.setLocalStateField('user', { name: 'Frozen' });
  await waitFor(() => watcher.provider.awareness.getStates().has(frozen.doc.clientID));
  // The frozen tab stops answering pings (a laptop lid closed mid-session).
  frozen.provider.shouldConnect = false;
  const socket = frozen.provider.ws as unknown as WebSocket;
  socket.pong = () => {};
  (socket as unknown as { _autoPong: boolean })._autoPong = false;
  await waitFor(
    () => frozen.closes.some((c) => c.code === CloseCode.noPong) || !watcher.provider.awareness.getStates().has(frozen.doc.clientID),
    {
      what: 'the frozen peer to be dropped',
      timeout: 5000,
    },
  );
  await waitFor(() => !watcher.provider.awareness.getStates().has(frozen.doc.clientID), { what: 'its presence to clear' });
  expect(watcher.closes).toEqual([]);
});

it('stops cleanly on SIGTERM: clients hear 1001, the process exits 0, nothing is lost', async () => {
  const dir = makeTempDir();
  try {
    const port = await freePort();
    const databasePath = join(dir, 'jointly.sqlite');
    const running = await spawnServer({ port, databasePath });
    const lead = await signIn(running.url, 'lead@hackney.demo');
    const room: string = (await lead.get('/api/procurements')).body.procurements[0].id;
    const client = connectClient(running.collabUrl, room, { headers: lead.liveHeaders() });
    clients.adopt(client);
    await waitForSync(client);
    await waitFor(() => client.doc.getXmlFragment('specification').length > 0, { what: 'the starter specification' });
    client.doc.getText('text').insert(0, 'saved on the way out');
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await running.kill('SIGTERM')).toBe(0);
    expect(client.closes.map((c) => c.code)).toContain(CloseCode.goingAway);
    client.provider.disconnect();

    const again = await spawnServer({ port, databasePath });
    const reader = connectClient(again.collabUrl, room, { headers: lead.liveHeaders() });
    clients.adopt(reader);
    await waitFor(() => reader.doc.getText('text').toString() === 'saved on the way out');
    await again.kill('SIGTERM');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
