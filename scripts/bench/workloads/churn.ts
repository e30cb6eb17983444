/**
 * Churn: clients keep editing while they randomly drop off and come back (editing
 * offline meanwhile). Afterwards every client must hold every item exactly once, in the
 * same order as everyone else.
 */
import { seededRandom } from '../stats.js';
import { now, sleep, until } from '../wait.js';
import type { Workload } from './common.js';

export const churn: Workload = async ({ kit, sizes, seed }) => {
  const { clients: clientCount, seconds } = sizes.churn;
  const room = await kit.newRoom('churn');
  const clients = Array.from({ length: clientCount }, () => kit.connect(room));
  const items = (index: number) => clients[index]!.doc.getArray<string>('churn');
  try {
    await Promise.all(clients.map((c) => c.synced()));
    const inserted: string[] = [];
    let reconnects = 0;
    const stopAt = now() + seconds * 1000;
    await Promise.all(
      clients.map(async (client, index) => {
        const random = seededRandom(seed * 7919 + index);
        let online = true;
        let switchAt = now() + 300 + random() * 2700;
        for (let n = 0; now() < stopAt; n++) {
          await sleep(40 + random() * 120);
          const array = items(index);
          const tag = `${index}:${n}`;
          array.insert(Math.floor(random() * (array.length + 1)), [tag]);
          inserted.push(tag);
          if (now() < switchAt) continue;
          if (online) {
            client.disconnect();
            switchAt = now() + 100 + random() * 1400;
          } else {
            client.connect();
            reconnects++;
            switchAt = now() + 300 + random() * 2700;
          }
          online = !online;
        }
        if (!online) {
          // Back when its schedule says: a reconnect in the same turn as the disconnect
          // leaves HocuspocusProvider 3 offline for good, which is not the server's doing.
          await sleep(Math.max(0, switchAt - now()));
          client.connect();
          reconnects++;
        }
      }),
    );

    const settleStarted = now();
    const joined = () => clients.map((_, i) => items(i).toArray().join('|'));
    await until(
      () => clients.every((c, i) => c.isSynced() && items(i).length >= inserted.length) && new Set(joined()).size === 1,
      30_000,
      'the clients to converge',
      50,
    ).catch(() => undefined);
    const convergeMs = now() - settleStarted;

    const contents = joined();
    const tally = new Map<string, number>();
    for (const content of contents) tally.set(content, (tally.get(content) ?? 0) + 1);
    const majority = [...tally.entries()].sort((a, b) => b[1] - a[1])[0]![0];
    let missing = 0;
    let duplicated = 0;
    for (let i = 0; i < clients.length; i++) {
      const counts = new Map<string, number>();
      for (const tag of items(i).toArray()) counts.set(tag, (counts.get(tag) ?? 0) + 1);
      for (const tag of inserted) if (!counts.has(tag)) missing++;
      for (const count of counts.values()) if (count > 1) duplicated += count - 1;
    }
    return {
      'churn.divergent': contents.filter((content) => content !== majority).length,
      'churn.missing': missing,
      'churn.duplicated': duplicated,
      'churn.items': inserted.length,
      'churn.reconnects': reconnects,
      'churn.convergeMs': convergeMs,
    };
  } finally {
    for (const client of clients) client.destroy();
  }
};
