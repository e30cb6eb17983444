/**
 * Faults and abuse, against the real server: commits that fail (a full disk, a lock held
 * by another process), clients that never read, presence spam, and a thousand
 * connect/disconnect cycles. Nothing is lost, nothing leaks, and the server stays up.
 */
import type { Socket } from 'node:net';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { CloseCode } from '../../shared/close-codes.js';
import { encodeAwarenessMessage, encodeAwarenessUpdate, encodeSyncMessage, SyncStep } from '../src/collab/protocol.js';
import { clientPool, connectClient, roomName, waitFor, waitForSync, type TestClient } from './support/clients.js';
import { openRawSocket } from './support/raw-socket.js';
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

const health = async () => (await fetch(`${server.url}/healthz`)).status;
const logged = (room: string) =>
  (server.db.sqlite.prepare('SELECT count(*) AS n FROM document_updates WHERE document = ?').get(room) as { n: number }).n;

describe('a commit that fails', () => {
  /**
   * While `fault` holds, the writer's edit reaches nobody and the server says it is
   * unhealthy; once `clear` runs, the writer's client sends it again and everyone has it.
   */
  async function survives(fault: () => void, clear: () => void) {
    const room = roomName();
    const writer = join(room);
    const reader = join(room);
    await Promise.all([waitForSync(writer), waitForSync(reader)]);
    writer.doc.getText('text').insert(0, 'before the fault. ');
    await waitFor(() => reader.doc.getText('text').toString() === 'before the fault. ');
    const before = logged(room);

    fault();
    // Large enough to need new database pages, so a full disk refuses it.
    const during = `During the fault. ${'x'.repeat(200_000)} `;
    writer.doc.getText('text').insert(0, during);
    await waitFor(() => writer.closes.some((c) => c.code === CloseCode.notSaved), { what: 'the writer told to resend' });
    await waitFor(async () => (await health()) === 503, { what: 'an unhealthy report' }).catch(() => undefined);
    expect(await health()).toBe(503);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(reader.doc.getText('text').toString()).toBe('before the fault. ');
    expect(logged(room)).toBe(before);
    // The writer keeps its edit meanwhile.
    expect(writer.doc.getText('text').toString()).toBe(`${during}before the fault. `);

    clear();
    await waitFor(() => reader.doc.getText('text').toString() === `${during}before the fault. `, {
      what: 'the edit to arrive once the fault clears',
      timeout: 15_000,
    });
    await waitFor(async () => (await health()) === 200, { what: 'a healthy report again' });
    expect(logged(room)).toBeGreaterThan(before);
    expect(reader.closes).toEqual([]);
  }

  it('on a full disk: nothing of the batch reaches anyone, the sender resends once there is room', async () => {
    server = await startTestServer({ open: true });
    let pages = 0;
    await survives(
      () => {
        pages = server.db.sqlite.pragma('max_page_count', { simple: true }) as number;
        const used = server.db.sqlite.pragma('page_count', { simple: true }) as number;
        server.db.sqlite.pragma(`max_page_count = ${used}`);
      },
      () => server.db.sqlite.pragma(`max_page_count = ${pages}`),
    );
  });

  it('while another process holds the write lock: the same, once the lock is released', async () => {
    server = await startTestServer({ open: true, config: { busyTimeoutMs: 20 } });
    const other = new Database(server.databasePath);
    try {
      await survives(
        () => other.prepare('BEGIN IMMEDIATE').run(),
        () => other.prepare('ROLLBACK').run(),
      );
    } finally {
      other.close();
    }
  });
});

describe('misbehaving clients', () => {
  it('drops a client that never reads once its send buffer passes the bound', async () => {
    server = await startTestServer({ open: true, limits: { maxBufferedBytes: 256 * 1024 } });
    const room = roomName();
    const writer = join(room);
    await waitForSync(writer);
    const stuck = await openRawSocket(`${server.collabUrl}/${room}`);
    // It stops reading from the network, like a frozen tab behind a slow link.
    (stuck.socket as unknown as { _socket: Socket })._socket.pause();
    // Enough to fill the operating system's socket buffers and then the server's bound.
    const chunk = 'x'.repeat(128 * 1024);
    for (let i = 0; i < 600 && server.engine.stats.connections > 1; i++) {
      writer.doc.getText('text').insert(0, chunk);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await waitFor(() => server.engine.stats.connections === 1, { what: 'the stuck client to be dropped' });
    expect(server.engine.metrics.refusalsByCode.get(`${CloseCode.tooSlow} tooSlow`)).toBe(1);
    expect(writer.closes).toEqual([]);
  });

  it('closes a client that floods presence, and no one else notices', async () => {
    server = await startTestServer({ open: true, limits: { awarenessPerSecond: 10, awarenessBurst: 10, maxAwarenessDropped: 50 } });
    const room = roomName();
    const watcher = join(room);
    await waitForSync(watcher);
    const spammer = await openRawSocket(`${server.collabUrl}/${room}`);
    for (let clock = 1; clock <= 500 && spammer.socket.readyState === spammer.socket.OPEN; clock++) {
      spammer.send(encodeAwarenessMessage(encodeAwarenessUpdate([{ clientId: 99, clock, state: { cursor: clock } }])));
    }
    expect((await spammer.closed).code).toBe(CloseCode.tooFrequent);
    // Its presence went with it; only the watcher's own remains.
    await waitFor(() => server.engine.stats.presence === 1, { what: 'the spammer’s presence to go' });
    expect(watcher.provider.awareness.getStates().has(99)).toBe(false);
    watcher.doc.getText('text').insert(0, 'still fine');
    await waitFor(() => logged(room) === 1);
    expect(watcher.closes).toEqual([]);
  });

  it('refuses an oversized presence message', async () => {
    server = await startTestServer({ open: true });
    const raw = await openRawSocket(`${server.collabUrl}/${roomName()}`);
    raw.send(encodeAwarenessMessage(encodeAwarenessUpdate([{ clientId: 5, clock: 1, state: { big: 'x'.repeat(40_000) } }])));
    expect((await raw.closed).code).toBe(CloseCode.awarenessRefused);
  });
});

describe('resources', () => {
  it('leaks no rooms, connections, presence or timers over 1,000 connect/disconnect cycles', async () => {
    server = await startTestServer({ open: true, limits: { roomGraceMs: 50 } });
    const rooms = Array.from({ length: 10 }, () => roomName());
    const resourcesBefore = process.getActiveResourcesInfo().length;
    for (let i = 0; i < 1000; i += 20) {
      await Promise.all(
        Array.from({ length: 20 }, async (_, j) => {
          const raw = await openRawSocket(`${server.collabUrl}/${rooms[(i + j) % rooms.length]}`);
          raw.send(encodeSyncMessage(SyncStep.step1, Uint8Array.of(0)));
          raw.send(encodeAwarenessMessage(encodeAwarenessUpdate([{ clientId: 1000 + i + j, clock: 1, state: { n: i } }])));
          await waitFor(() => raw.messages.length >= 2, { what: 'the sync answer' });
          raw.socket.close();
          await raw.closed;
        }),
      );
    }
    await waitFor(() => server.engine.stats.connections === 0 && server.engine.stats.rooms === 0, { what: 'everything to be released' });
    expect(server.engine.stats).toMatchObject({ rooms: 0, connections: 0, presence: 0, idleTimers: 0 });
    expect(server.engine.metrics.connectionsOpened).toBe(1000);
    // Sockets and timers of the cycles are gone (a few may be the test's own).
    expect(process.getActiveResourcesInfo().length).toBeLessThanOrEqual(resourcesBefore + 5);
  });
});

describe('the commit loop', () => {
  it('keeps saving and answering after a flush that found nothing waiting', async () => {
    // With a store that waits on the network, a flush can be asked for just after the
    // running one took the last waiting room; it then finds nothing to do.
    server = await startTestServer({ open: true });
    await (server.engine as unknown as { flush(): Promise<void> }).flush();
    const room = roomName();
    const client = join(room);
    await waitForSync(client);
    client.doc.getText('text').insert(0, 'still saved');
    await waitFor(() => logged(room) === 1);
  });
});

describe('health and metrics', () => {
  it('reports health, and counters an operations team can scrape', async () => {
    server = await startTestServer({ open: true });
    const room = roomName();
    const client = join(room);
    await waitForSync(client);
    client.doc.getText('text').insert(0, 'counted');
    await waitFor(() => logged(room) === 1);
    const raw = await openRawSocket(`${server.collabUrl}/${room}`);
    raw.send(Uint8Array.of(9));
    await raw.closed;

    const healthz = await (await fetch(`${server.url}/healthz`)).json();
    expect(healthz).toMatchObject({ status: 'ok', database: 'writable', rooms: 1, connections: 1 });
    expect(healthz.eventLoopLagMs.p99).toBeGreaterThanOrEqual(0);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/^jointly_connections 1$/m);
    expect(metrics).toMatch(/^jointly_updates_committed_total 1$/m);
    expect(metrics).toMatch(/^jointly_refused_frames_total\{code="4415",reason="unknownMessageType"\} 1$/m);
    expect(metrics).toMatch(/^jointly_commit_seconds_sum [\d.e-]+$/m);
    // Quantiles of commit and in-server times come from histograms: every commit is in one bucket.
    const value = (line: string) => Number(new RegExp(`^${line.replace(/[{}+]/g, '\\$&')} ([\\d.e-]+)$`, 'm').exec(metrics)?.[1]);
    const commits = value('jointly_commits_total');
    expect(commits).toBeGreaterThanOrEqual(1);
    expect(value('jointly_commit_duration_seconds_count')).toBe(commits);
    expect(value('jointly_commit_duration_seconds_bucket{le="+Inf"}')).toBe(commits);
    expect(value('jointly_update_in_server_seconds_count')).toBeGreaterThanOrEqual(1);
  });
});
