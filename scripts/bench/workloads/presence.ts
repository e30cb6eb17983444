/**
 * Presence in a busy document: everyone's cursor, while a few people type. Every client
 * sends its unchanged presence again on each change it receives from others, as an
 * editor's caret plugin does (TipTap's re-sends the local cursor on every remote change),
 * and one person moves their cursor twice a second. Measures what one client is sent
 * (presence messages per second) and how long a real move takes to reach it.
 */
import { median } from '../stats.js';
import { now, sleep, until } from '../wait.js';
import type { Workload } from './common.js';

/** A typist's own writes, told apart from changes that arrived from others. */
const typing = 'typing';

export const presence: Workload = async ({ kit, sizes }) => {
  const { clients: clientCount, typists, perSecond, seconds } = sizes.presence;
  const room = await kit.newRoom('presence');
  const clients = Array.from({ length: clientCount }, () => kit.connect(room));
  try {
    await Promise.all(clients.map((c) => c.synced()));
    clients.forEach((client, index) => client.awareness.setLocalStateField('cursor', { at: index }));
    for (const client of clients) {
      client.doc.on('update', (_update: Uint8Array, origin: unknown) => {
        if (origin !== typing) client.awareness.setLocalState(client.awareness.getLocalState());
      });
    }
    const observer = clients[clientCount - 1]!;
    const mover = clients[clientCount - 2]!;
    let messages = 0;
    observer.awareness.on('update', () => messages++);
    const moveDelays = new Map<number, number>();
    const sentAt: number[] = [];
    observer.awareness.on('change', () => {
      const cursor = observer.awareness.getStates().get(mover.awareness.clientID)?.cursor as { move?: number } | undefined;
      const move = cursor?.move;
      if (move !== undefined && !moveDelays.has(move) && sentAt[move] !== undefined) moveDelays.set(move, now() - sentAt[move]);
    });

    const started = now();
    const intervalMs = 1000 / perSecond;
    const keys = Math.round(perSecond * seconds);
    const typed = Promise.all(
      clients.slice(0, typists).map(async (typist, t) => {
        await sleep((t * intervalMs) / typists);
        const start = now();
        for (let n = 0; n < keys; n++) {
          const wait = start + n * intervalMs - now();
          if (wait > 0) await sleep(wait);
          typist.doc.transact(() => typist.doc.getText('presence').insert(0, 'x'), typing);
        }
      }),
    );
    const moved = (async () => {
      for (let move = 0; now() - started < seconds * 1000; move++) {
        await sleep(500);
        sentAt[move] = now();
        mover.awareness.setLocalStateField('cursor', { at: -1, move });
      }
    })();
    await Promise.all([typed, moved]);
    const elapsedSeconds = (now() - started) / 1000;
    await until(() => moveDelays.size >= sentAt.length, 5000, 'every move to arrive').catch(() => undefined);
    const delays = [...moveDelays.values()];
    return {
      'presence.messagesPerSecond': messages / elapsedSeconds,
      'presence.moveP50': delays.length > 0 ? median(delays) : null,
      'presence.moveMax': delays.length > 0 ? Math.max(...delays) : null,
      'presence.movesLost': sentAt.length - moveDelays.size,
    };
  } finally {
    for (const client of clients) client.destroy();
  }
};
