/**
 * A group of servers sharing one PostgreSQL database and one Redis, each its own process
 * (so SIGKILL is real), with live sync open to anyone (see open-server.ts); clients that
 * a load balancer spreads across them; and what PostgreSQL holds of a document.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { openPostgresStore } from '../../src/collab/postgres-store.js';
import { documentFromStore } from '../../src/collab/room.js';
import { connectClient, contentOf, type ClientOptions, type ClientPool, type TestClient } from './clients.js';
import type { TestPostgres } from './postgres.js';
import type { TestRedis } from './redis.js';
import { freePort, openServerEntry, spawnServer, type ServerProcess } from './server-process.js';
import { makeTempDir } from './test-server.js';
import { TestClock } from './test-clock.js';

export interface ServerGroup {
  /** postgres://… of the group's own database. */
  readonly databaseUrl: string;
  /** The servers, in start order; a restarted one keeps its place. */
  readonly servers: ServerProcess[];
  /** Whether server `index` is running (not killed, not exited). */
  alive(index: number): boolean;
  /** Kills server `index` with `signal` and waits for it to exit. */
  kill(index: number, signal: NodeJS.Signals): Promise<void>;
  /** Starts server `index` again on its port, with its SQLite file. */
  restart(index: number): Promise<ServerProcess>;
  /** Kills every server and deletes their folders. */
  remove(): Promise<void>;
}

/** Starts `count` servers on a fresh database of `postgres`, telling each other through `redis`. */
export async function startServerGroup(postgres: TestPostgres, redis: TestRedis, count: number): Promise<ServerGroup> {
  const databaseUrl = await postgres.createDatabase();
  const places = await Promise.all(Array.from({ length: count }, async () => ({ dir: makeTempDir(), port: await freePort() })));
  const start = ({ dir, port }: { dir: string; port: number }) =>
    spawnServer({
      port,
      databasePath: join(dir, 'jointly.sqlite'),
      entry: openServerEntry,
      env: { DATABASE_URL: databaseUrl, REDIS_URL: redis.url, JOINTLY_DEMO: '0' },
    });
  const started = await Promise.allSettled(places.map(start));
  const servers = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const group: ServerGroup = {
    databaseUrl,
    servers,
    alive: (index) => {
      const child = servers[index]?.child;
      return child !== undefined && child.exitCode === null && child.signalCode === null;
    },
    kill: async (index, signal) => {
      if (group.alive(index)) await servers[index]!.kill(signal);
    },
    restart: async (index) => {
      await group.kill(index, 'SIGKILL');
      servers[index] = await start(places[index]!);
      return servers[index];
    },
    remove: async () => {
      await Promise.all(servers.map((_, index) => group.kill(index, 'SIGKILL')));
      for (const { dir } of places) rmSync(dir, { recursive: true, force: true });
    },
  };
  const failed = started.find((result) => result.status === 'rejected');
  if (failed) {
    await group.remove();
    throw failed.reason;
  }
  return group;
}

/**
 * A client that starts on server `first` and, whenever its connection drops, is sent to
 * the next server that is running, as a load balancer with health checks would do.
 */
export function balancedClient(pool: ClientPool, group: ServerGroup, room: string, first: number, options?: ClientOptions): TestClient {
  let at = first;
  const client = pool.adopt(connectClient(group.servers[at]!.collabUrl, room, options));
  client.provider.on('connection-close', () => {
    for (let step = 0; step < group.servers.length; step++) {
      const next = (at + step) % group.servers.length;
      if (group.alive(next)) {
        at = next;
        break;
      }
    }
    // The provider reads this address when it reconnects, after its back-off.
    client.provider.serverUrl = group.servers[at]!.collabUrl;
  });
  return client;
}

/** What a server starting now would load: the document as PostgreSQL holds it, and its log positions. */
export async function storedContent(databaseUrl: string, room: string): Promise<{ content: string; seqs: number[] }> {
  const store = await openPostgresStore({ url: databaseUrl, clock: new TestClock() });
  try {
    const doc = documentFromStore(await store.load(room));
    const seqs = (await store.readLog(room, 0, 100_000)).map((entry) => entry.seq);
    return { content: contentOf(doc), seqs };
  } finally {
    await store.close();
  }
}

/** A server's /healthz: its status code and body. */
export async function healthOf(serverUrl: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${serverUrl}/healthz`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Polls an asynchronous check until it holds, with a deadline. */
export async function eventually(check: () => Promise<boolean>, what: string, timeout = 15_000): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    let holds = false;
    try {
      holds = await check();
    } catch {
      // A server or database on its way back: ask again.
    }
    if (holds) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
