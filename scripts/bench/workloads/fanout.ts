/**
 * Fan-out: one room, many clients, a few of them typing at a steady rate. Every update
 * carries its id and send time; each other client records when it arrives.
 */
import type * as Y from 'yjs';
import type { BenchClient } from '../clients.js';
import { measureDiskFlush } from '../disk-flush.js';
import { quantileBetween, scrapeHistograms, type Histograms } from '../server-timings.js';
import { percentile, seededRandom } from '../stats.js';
import { now, sleep, until } from '../wait.js';
import type { Workload } from './common.js';

interface Stamp {
  id: string;
  t: number;
}

export const fanout: Workload = async ({ kit, sizes, target, seed }) => {
  const { clients: clientCount, writers, perSecond, seconds } = sizes.fanout;
  const room = await kit.newRoom('fanout');
  const clients: BenchClient[] = [];
  for (let i = 0; i < clientCount; i++) clients.push(kit.connect(room));
  try {
    await Promise.all(clients.map((c) => c.synced()));

    const latencies: number[] = [];
    const received = clients.map(() => new Set<string>());
    clients.forEach((client, index) => {
      client.doc.getArray<Stamp>('fanout').observe((event: Y.YArrayEvent<Stamp>) => {
        if (event.transaction.local) return;
        const at = now();
        for (const change of event.changes.delta) {
          if (!change.insert) continue;
          for (const stamp of change.insert as Stamp[]) {
            if (received[index]!.has(stamp.id)) continue;
            received[index]!.add(stamp.id);
            latencies.push(at - stamp.t);
          }
        }
      });
    });

    // Our server's own commit and in-server times over the same updates, from /metrics.
    const timingsBefore = target.kind === 'ours' ? await scrapeHistograms(target.url) : null;
    const perWriter = Math.round(perSecond * seconds);
    const intervalMs = 1000 / perSecond;
    const sent: string[][] = [];
    await Promise.all(
      clients.slice(0, writers).map(async (writer, w) => {
        const mine: string[] = [];
        sent.push(mine);
        // Writers are spread over the interval so their updates do not all land together.
        await sleep((w * intervalMs) / writers);
        const start = now();
        for (let n = 0; n < perWriter; n++) {
          const due = start + n * intervalMs;
          const wait = due - now();
          if (wait > 0) await sleep(wait);
          const id = `${w}:${n}`;
          mine.push(id);
          writer.doc.getArray<Stamp>('fanout').push([{ id, t: now() }]);
        }
      }),
    );

    const total = writers * perWriter;
    // Each client should end with every update but its own.
    const expected = (index: number) => (index < writers ? total - perWriter : total);
    await until(() => received.every((set, index) => set.size >= expected(index)), 15_000, 'every update to arrive').catch(() => undefined);
    const lost = received.reduce((sum, set, index) => sum + Math.max(0, expected(index) - set.size), 0);
    const ownTimes = timingsBefore ? serverTimes(timingsBefore, await scrapeHistograms(target.url)) : {};
    // The disk's flush, measured after the load in the server's data folder: the floor under a commit.
    const flushes =
      target.kind === 'ours'
        ? await measureDiskFlush(target.dataDir, { appends: 25 * seconds, perSecond: 100, random: seededRandom(seed) })
        : [];
    return {
      ...ownTimes,
      'disk.flushP50': flushes.length > 0 ? percentile(flushes, 50) : null,
      'disk.flushP99': flushes.length > 0 ? percentile(flushes, 99) : null,
      'fanout.p50': percentile(latencies, 50),
      'fanout.p95': percentile(latencies, 95),
      'fanout.p99': percentile(latencies, 99),
      'fanout.max': percentile(latencies, 100),
      'fanout.lost': lost,
      'fanout.deliveries': latencies.length,
    };
  } finally {
    for (const client of clients) client.destroy();
  }
};

/** p50 and p99 of each of our server's histograms over the workload. */
function serverTimes(before: Histograms, after: Histograms): Record<string, number> {
  const q = (name: string, quantile: number) => quantileBetween(before, after, name, quantile);
  return {
    'server.commitP50': q('jointly_commit_duration_seconds', 0.5),
    'server.commitP99': q('jointly_commit_duration_seconds', 0.99),
    'server.inServerP50': q('jointly_update_in_server_seconds', 0.5),
    'server.inServerP99': q('jointly_update_in_server_seconds', 0.99),
  };
}
