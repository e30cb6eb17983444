/**
 * Durability: what was committed survives a restart, long logs load from a checkpoint
 * plus a short tail, and a graceful stop closes clients with 1001.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../../shared/close-codes.js';
import { SqliteDocumentStore } from '../src/collab/sqlite-store.js';
import { Db } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { clientPool, connectClient, roomName, waitFor, waitForSync, type TestClient } from './support/clients.js';
import { makeTempDir, startTestServer, type TestServer } from './support/test-server.js';

const servers: TestServer[] = [];
const clients = clientPool();
const dirs: string[] = [];

afterEach(async () => {
  clients.closeAll();
  for (const server of servers.splice(0)) await server.stop();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function serverIn(dir: string, limits = {}): Promise<TestServer> {
  const server = await startTestServer({ open: true, dir, limits });
  servers.push(server);
  return server;
}

function joinRoom(server: TestServer, room: string): TestClient {
  const client = connectClient(server.collabUrl, room);
  clients.adopt(client);
  return client;
}

function count(db: Db, sql: string, ...params: unknown[]): number {
  return (db.sqlite.prepare(sql).get(...params) as { n: number }).n;
}

it('keeps content across a restart', async () => {
  const dir = makeTempDir();
  dirs.push(dir);
  const room = roomName();
  const first = await serverIn(dir);
  const writer = joinRoom(first, room);
  await waitForSync(writer);
  writer.doc.getText('text').insert(0, 'REQ-001 The system must record every repair request.');
  writer.doc.getMap('map').set('priority', 'Must');
  // Both changes of that turn are committed together, as one logged update.
  await waitFor(() => first.engine.metrics.updatesCommitted >= 1, { what: 'the commit' });
  writer.destroy();
  await first.stop();

  const second = await serverIn(dir);
  const reader = joinRoom(second, room);
  await waitForSync(reader);
  expect(reader.doc.getText('text').toString()).toBe('REQ-001 The system must record every repair request.');
  expect(reader.doc.getMap('map').get('priority')).toBe('Must');
});

it('loads a document of 20,000 logged updates from its checkpoint and the tail after it', async () => {
  const dir = makeTempDir();
  dirs.push(dir);
  const room = roomName();
  const source = new Y.Doc();
  const updates: Uint8Array[] = [];
  source.on('update', (update: Uint8Array) => updates.push(update));
  const text = source.getText('text');
  for (let i = 0; i < 20_000; i++) text.insert(text.length, `${i % 10}`);
  expect(updates).toHaveLength(20_000);

  // Write the log as the server would have: 20,000 rows, a checkpoint at 19,600.
  const db = new Db({ path: join(dir, 'jointly.sqlite'), busyTimeoutMs: 100 });
  await migrateToLatest(db);
  const store = new SqliteDocumentStore(db);
  for (let start = 0; start < updates.length; start += 1000) {
    await store.append([
      {
        document: room,
        updates: updates.slice(start, start + 1000).map((update, i) => ({
          seq: start + i + 1,
          update,
          authorId: null,
          receivedAt: Date.now(),
        })),
        claims: [],
      },
    ]);
  }
  const atCheckpoint = new Y.Doc({ gc: false });
  for (const update of updates.slice(0, 19_600)) Y.applyUpdate(atCheckpoint, update);
  await store.writeCheckpoint(room, 19_600, Y.encodeStateAsUpdate(atCheckpoint), Y.encodeStateVector(atCheckpoint), false);
  const loaded = await store.load(room);
  expect(loaded.checkpoint?.seq).toBe(19_600);
  expect(loaded.tail).toHaveLength(400);
  expect(loaded.lastSeq).toBe(20_000);
  await db.close();

  const server = await serverIn(dir);
  const started = performance.now();
  const reader = joinRoom(server, room);
  await waitFor(() => reader.doc.getText('text').length === 20_000, { what: 'the full document' });
  const ms = performance.now() - started;
  expect(reader.doc.getText('text').toString()).toBe(text.toString());
  const loadLine = server.logs.find((line) => line.includes('room-loaded'));
  expect(loadLine).toContain('seq=20000');
  expect(loadLine).toContain('tail=400');
  console.log(
    `20,000-update document: full content at a fresh client after ${ms.toFixed(0)} ms (${loadLine?.match(/ms=\d+/)?.[0]} server load)`,
  );
});

it('writes checkpoints as the log grows and keeps only the newest for loading', async () => {
  const dir = makeTempDir();
  dirs.push(dir);
  const room = roomName();
  const server = await serverIn(dir, { checkpointEveryUpdates: 100 });
  const writer = joinRoom(server, room);
  await waitForSync(writer);
  const text = writer.doc.getText('text');
  // One keystroke at a time, each committed before the next (a burst would be logged as one).
  for (let i = 0; i < 350; i++) {
    const committed = server.engine.metrics.updatesCommitted;
    text.insert(text.length, 'x');
    await waitFor(() => server.engine.metrics.updatesCommitted > committed, { interval: 1, what: 'the commit' });
  }
  expect(count(server.db, 'SELECT count(*) AS n FROM document_updates WHERE document = ?', room)).toBe(350);
  const checkpoints = server.db.sqlite
    .prepare('SELECT seq, retained FROM document_checkpoints WHERE document = ? ORDER BY seq')
    .all(room) as { seq: number; retained: number }[];
  const loadCheckpoints = checkpoints.filter((c) => c.retained === 0);
  expect(loadCheckpoints).toHaveLength(1);
  expect(loadCheckpoints[0]!.seq).toBeGreaterThanOrEqual(300);
});

it('stops gracefully: commits what waits, checkpoints, closes clients with 1001', async () => {
  const dir = makeTempDir();
  dirs.push(dir);
  const room = roomName();
  const server = await serverIn(dir);
  const writer = joinRoom(server, room);
  await waitForSync(writer);
  writer.doc.getText('text').insert(0, 'written just before the stop');
  // No wait: the update is in flight when the stop begins.
  await new Promise((resolve) => setTimeout(resolve, 5));
  await server.stop();
  await waitFor(() => writer.closes.find((c) => c.code === CloseCode.goingAway), { what: 'a 1001 close' });
  writer.provider.disconnect();

  const reopened = new Db({ path: join(dir, 'jointly.sqlite'), busyTimeoutMs: 100 });
  const stored = await new SqliteDocumentStore(reopened).load(room);
  expect(stored.tail).toHaveLength(0);
  const doc = new Y.Doc();
  Y.applyUpdate(doc, stored.checkpoint!.state);
  expect(doc.getText('text').toString()).toBe('written just before the stop');
  await reopened.close();
});

it('logs a burst from one connection as a few merged updates, and everyone still gets all of it', async () => {
  const dir = makeTempDir();
  dirs.push(dir);
  const room = roomName();
  const server = await serverIn(dir);
  const writer = joinRoom(server, room);
  const reader = joinRoom(server, room);
  await Promise.all([waitForSync(writer), waitForSync(reader)]);
  const text = writer.doc.getText('text');
  for (let i = 0; i < 500; i++) text.insert(text.length, String(i % 10));
  await waitFor(() => reader.doc.getText('text').length === 500, { what: 'the whole burst at the reader' });
  expect(reader.doc.getText('text').toString()).toBe(text.toString());
  const rows = count(server.db, 'SELECT count(*) AS n FROM document_updates WHERE document = ?', room);
  expect(rows).toBeGreaterThanOrEqual(Math.ceil(500 / 64));
  expect(rows).toBeLessThan(500);
  // What is logged is exactly what was typed.
  await server.stop();
  const reopened = new Db({ path: join(dir, 'jointly.sqlite'), busyTimeoutMs: 100 });
  const stored = await new SqliteDocumentStore(reopened).load(room);
  const doc = new Y.Doc();
  if (stored.checkpoint) Y.applyUpdate(doc, stored.checkpoint.state);
  for (const u of stored.tail) Y.applyUpdate(doc, u);
  expect(doc.getText('text').toString()).toBe(text.toString());
  await reopened.close();
});
