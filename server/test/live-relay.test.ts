/**
 * What servers tell each other at once on Redis besides edits and presence: a live event
 * for a procurement's open workspaces, a change of who may take part, and sessions that
 * ended (a sign-out on one server closes that person's connections on the others).
 * Real Redis (a private instance for this file); each "server" here is a relay on a bus
 * of its own connections, doing for its own connections what the others ask.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentBus } from '../src/collab/bus.js';
import { openRedisBus } from '../src/collab/redis-bus.js';
import { createLiveRelay, type LiveRelay } from '../src/live-relay.js';
import { createLogger } from '../src/log.js';
import { waitFor } from './support/clients.js';
import { startTestRedis, type TestRedis } from './support/redis.js';

let redis: TestRedis;
const buses: DocumentBus[] = [];
beforeAll(async () => {
  redis = await startTestRedis();
});
afterEach(async () => {
  await Promise.all(buses.splice(0).map((bus) => bus.close()));
});
afterAll(async () => {
  await redis?.stop();
});

interface Server {
  relay: LiveRelay;
  bus: DocumentBus;
  /** What this server did for its own connections, in order. */
  done: string[];
  warnings: string[];
}

function server(): Server {
  const done: string[] = [];
  const warnings: string[] = [];
  const log = createLogger({ level: 'warn', sink: (line) => warnings.push(line) });
  const bus = openRedisBus(redis.url, log);
  buses.push(bus);
  const relay = createLiveRelay(
    bus,
    {
      sendToRoom: (procurementId, message) => done.push(`send ${procurementId} ${Buffer.from(message).toString()}`),
      accessChanged: async (procurementId) => {
        done.push(`recheck ${procurementId}`);
      },
      closeSessions: (sessionIds) => done.push(`close ${sessionIds.join(',')}`),
    },
    log,
  );
  return { relay, bus, done, warnings };
}

async function connected(...servers: Server[]): Promise<void> {
  await waitFor(() => servers.every((s) => s.bus.connected), { what: 'the servers to reach Redis', timeout: 10_000 });
  // A subscription is live once a message sent after it comes back (Redis sends nobody's own messages twice).
  for (const s of servers) {
    s.relay.sendToRoom('ready', new TextEncoder().encode('ready'));
    await waitFor(() => servers.every((other) => other === s || other.done.includes('send ready ready')), { what: 'the bus to carry' });
  }
  for (const s of servers) s.done.length = 0;
}

describe('live events across servers', () => {
  it('does each thing here at once and on every other server, never twice here', async () => {
    const first = server();
    const second = server();
    const third = server();
    await connected(first, second, third);

    first.relay.sendToRoom('proc-1', new TextEncoder().encode('versions-changed'));
    await first.relay.accessChanged('proc-2');
    second.relay.sessionsEnded(['session-a', 'session-b']);

    for (const other of [second, third]) {
      await waitFor(() => other.done.includes('recheck proc-2'), { what: 'the access check on another server', timeout: 5_000 });
      expect(other.done).toContain('send proc-1 versions-changed');
    }
    await waitFor(() => first.done.includes('close session-a,session-b') && third.done.includes('close session-a,session-b'), {
      what: 'the ended sessions’ connections to close elsewhere',
      timeout: 5_000,
    });
    // Here, once (the sending server's own messages come back from Redis and are ignored);
    // a server's own ended sessions are closed by the sessions themselves, not the relay.
    expect(first.done.filter((line) => line === 'send proc-1 versions-changed')).toHaveLength(1);
    expect(first.done.filter((line) => line === 'recheck proc-2')).toHaveLength(1);
    expect(second.done.filter((line) => line.startsWith('close'))).toEqual([]);
  });

  it('ignores, with a warning, an event it does not know or one that is malformed', async () => {
    const first = server();
    const second = server();
    await connected(first, second);
    first.bus.publishEvent({ kind: 'sessions-ended', from: 'elsewhere', body: { sessionIds: [42] } });
    first.bus.publishEvent({ kind: 'something-new', from: 'elsewhere', body: {} });
    // The relay's own events after them arrive after them: a barrier.
    first.relay.sendToRoom('after', new TextEncoder().encode('barrier'));
    await waitFor(() => second.done.includes('send after barrier'), { what: 'the barrier' });
    expect(second.done).toEqual(['send after barrier']);
    expect(second.warnings.filter((line) => line.includes('live-relay-ignored'))).toHaveLength(2);
  });
});
