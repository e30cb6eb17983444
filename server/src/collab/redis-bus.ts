/**
 * The bus between servers on Redis publish/subscribe (node-redis, the client that Redis
 * itself maintains). One channel carries every commit (commit-message.ts: the document,
 * its position and, when small, the updates); Redis keeps no message, which is fine: a
 * server that misses one catches up from the store.
 *
 * While Redis is away, publishing fails at once rather than queueing (a late message is
 * worth nothing), and the subscriber reconnects and subscribes again by itself. A server
 * whose Redis is away when it starts serves all the same, and joins the bus once it is up.
 */
import { createClient } from 'redis';
import { errorMessage, type Logger } from '../log.js';
import { decodeCommitMessage, encodeCommitMessage } from './commit-message.js';
import type { BusEvent, BusEventListener, CommittedListener, DocumentBus, PresenceListener, PresenceRelay } from './bus.js';

const channel = 'jointly:commits';
const presenceChannel = 'jointly:presence';
const eventChannel = 'jointly:events';

/** Wait between reconnection attempts, growing to this cap (ms). */
const maxReconnectDelayMs = 1000;

/** A bus on Redis at `url`, connecting (and reconnecting) in the background. */
export function openRedisBus(url: string, log: Logger): DocumentBus {
  const reconnectStrategy = (retries: number) => Math.min(50 * 2 ** retries, maxReconnectDelayMs);
  const publisher = createClient({ url, disableOfflineQueue: true, socket: { reconnectStrategy } });
  const subscriber = createClient({ url, socket: { reconnectStrategy } });
  let lastError = '';
  for (const [role, client] of [
    ['publisher', publisher],
    ['subscriber', subscriber],
  ] as const) {
    // Without a listener, a dropped connection would crash the process.
    client.on('error', (error: unknown) => {
      const message = errorMessage(error);
      if (message !== lastError) log.warn('bus-connection-error', { role, error: message });
      lastError = message;
    });
    client.on('ready', () => {
      lastError = '';
      log.info('bus-connected', { role });
    });
  }
  const listeners = new Set<CommittedListener>();
  // node-redis retries a first connection for ever: the server must not wait for it.
  for (const client of [publisher, subscriber]) client.connect().catch(() => {});
  // Queued until the subscriber's connection is up.
  const subscribed = subscriber.subscribe(
    channel,
    (message) => {
      const decoded = decodeCommitMessage(message);
      if (!decoded) {
        log.warn('bus-message-ignored', { bytes: message.byteLength });
        return;
      }
      for (const listener of listeners) listener(decoded.document, decoded.seq, decoded.commit);
    },
    true,
  );
  subscribed.catch((error: unknown) => log.warn('bus-subscribe-failed', { error: errorMessage(error) }));
  const presenceListeners = new Set<PresenceListener>();
  subscriber
    .subscribe(presenceChannel, (message) => {
      const relay = decodePresenceRelay(message);
      if (!relay) {
        log.warn('bus-message-ignored', { message: message.slice(0, 100) });
        return;
      }
      for (const listener of presenceListeners) listener(relay);
    })
    .catch((error: unknown) => log.warn('bus-subscribe-failed', { error: errorMessage(error) }));
  const eventListeners = new Set<BusEventListener>();
  subscriber
    .subscribe(eventChannel, (message) => {
      let event: unknown;
      try {
        event = JSON.parse(message);
      } catch {
        event = null;
      }
      const { kind, from, body } = (event ?? {}) as Record<string, unknown>;
      if (typeof kind !== 'string' || typeof from !== 'string' || typeof body !== 'object' || body === null || Array.isArray(body)) {
        log.warn('bus-message-ignored', { message: message.slice(0, 100) });
        return;
      }
      for (const listener of eventListeners) listener({ kind, from, body: body as Record<string, unknown> });
    })
    .catch((error: unknown) => log.warn('bus-subscribe-failed', { error: errorMessage(error) }));

  return {
    get connected() {
      return publisher.isReady && subscriber.isReady;
    },
    publish: (document, seq, commit) => {
      publisher.publish(channel, Buffer.from(encodeCommitMessage({ document, seq, commit }))).catch((error: unknown) => {
        log.debug('bus-publish-failed', { room: document, seq, error: errorMessage(error) });
      });
    },
    onCommitted: (listener) => {
      listeners.add(listener);
    },
    publishPresence: (relay) => {
      publisher.publish(presenceChannel, encodePresenceRelay(relay)).catch((error: unknown) => {
        log.debug('bus-publish-failed', { room: relay.document, error: errorMessage(error) });
      });
    },
    onPresence: (listener) => {
      presenceListeners.add(listener);
    },
    publishEvent: (event) => {
      publisher.publish(eventChannel, JSON.stringify(event)).catch((error: unknown) => {
        log.debug('bus-publish-failed', { kind: event.kind, error: errorMessage(error) });
      });
    },
    onEvent: (listener) => {
      eventListeners.add(listener);
    },
    close: async () => {
      listeners.clear();
      presenceListeners.clear();
      eventListeners.clear();
      // At once, even while reconnecting: nothing in flight is worth waiting for.
      publisher.destroy();
      subscriber.destroy();
    },
  };
}

/**
 * Tells the servers on Redis at `url` one event, from a process that is not one of them
 * (the admin tool). True once Redis has taken it; false when Redis cannot be reached
 * within `timeoutMs`, and then the servers' own periodic checks are the way round.
 */
export async function publishEventOnce(url: string, event: BusEvent, timeoutMs = 2000): Promise<boolean> {
  const client = createClient({ url, disableOfflineQueue: true, socket: { connectTimeout: timeoutMs, reconnectStrategy: false } });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.publish(eventChannel, JSON.stringify(event));
    return true;
  } catch {
    return false;
  } finally {
    client.destroy();
  }
}

function encodePresenceRelay(relay: PresenceRelay): string {
  return JSON.stringify({
    d: relay.document,
    f: relay.from,
    u: Buffer.from(relay.update).toString('base64'),
    o: relay.owners,
    q: relay.query,
  });
}

/** A relay as another server sent it, or null when it is not one. */
function decodePresenceRelay(message: string): PresenceRelay | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    return null;
  }
  const { d, f, u, o, q } = (parsed ?? {}) as Record<string, unknown>;
  if (typeof d !== 'string' || typeof f !== 'string' || typeof u !== 'string' || typeof q !== 'boolean' || !Array.isArray(o)) return null;
  const owners: PresenceRelay['owners'] = [];
  for (const pair of o) {
    if (!Array.isArray(pair) || !Number.isSafeInteger(pair[0]) || !(typeof pair[1] === 'string' || pair[1] === null)) return null;
    owners.push([pair[0] as number, pair[1] as string | null]);
  }
  return { document: d, from: f, update: new Uint8Array(Buffer.from(u, 'base64')), owners, query: q };
}
