/**
 * The bus between servers on Redis publish/subscribe (node-redis, the client that Redis
 * itself maintains). One channel carries `position document` for every commit; Redis
 * keeps no message, which is fine: a server that misses one catches up from the store.
 *
 * While Redis is away, publishing fails at once rather than queueing (a late message is
 * worth nothing), and the subscriber reconnects and subscribes again by itself.
 */
import { createClient } from 'redis';
import { errorMessage, type Logger } from '../log.js';
import type { CommittedListener, DocumentBus } from './bus.js';

const channel = 'jointly:committed';

/** Wait between reconnection attempts, growing to this cap (ms). */
const maxReconnectDelayMs = 1000;

/** Connects to Redis at `url`; resolves once both connections are up and subscribed. */
export async function openRedisBus(url: string, log: Logger): Promise<DocumentBus> {
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
  await Promise.all([publisher.connect(), subscriber.connect()]);
  await subscriber.subscribe(channel, (message) => {
    const space = message.indexOf(' ');
    const seq = Number(message.slice(0, space));
    const document = message.slice(space + 1);
    if (space < 1 || !Number.isSafeInteger(seq) || document.length === 0) {
      log.warn('bus-message-ignored', { message: message.slice(0, 100) });
      return;
    }
    for (const listener of listeners) listener(document, seq);
  });

  return {
    publish: (document, seq) => {
      publisher.publish(channel, `${seq} ${document}`).catch((error: unknown) => {
        log.debug('bus-publish-failed', { room: document, seq, error: errorMessage(error) });
      });
    },
    onCommitted: (listener) => {
      listeners.add(listener);
    },
    close: async () => {
      listeners.clear();
      await Promise.allSettled([publisher.close(), subscriber.close()]);
    },
  };
}
