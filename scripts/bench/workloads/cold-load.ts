/**
 * Cold load: a document built from many small updates, the server restarted on the same
 * database, then the time from a fresh client's connect until it holds the full content.
 * Restarted a few times; the median is reported.
 */
import type * as Y from 'yjs';
import type { BenchClient } from '../clients.js';
import type { Metrics } from '../protocol.js';
import { median } from '../stats.js';
import { now } from '../wait.js';
import { confirmContent, typeChunk, typedCount, whenDoc, writeMany, type Workload } from './common.js';

export const coldLoad: Workload = async ({ target, kit, sizes, control }): Promise<Metrics> => {
  // Nothing survives a restart of an in-memory server: there is nothing to load.
  if (target.kind === 'ref') return { 'coldload.ms': 'n/a (in memory)' };
  const { updates, restarts } = sizes.coldLoad;
  const full = (doc: Y.Doc) => typedCount(doc) >= updates;
  const room = await kit.newRoom('cold-load');

  const writer = kit.connect(room);
  const buildStarted = now();
  try {
    await writer.synced();
    await writeMany(writer, updates, (i) => typeChunk(writer.doc, i));
    // A second client holding everything shows the server has it all.
    await confirmContent(kit, room, full, 300_000);
  } finally {
    writer.destroy();
  }
  const buildSeconds = (now() - buildStarted) / 1000;

  const cold: number[] = [];
  const warm: number[] = [];
  for (let i = 0; i < restarts; i++) {
    await control.restart();
    cold.push(
      await timeToFull(
        () => kit.connect(room),
        full,
        async () => {
          // A second fresh client while the room is open: the same sync with nothing to
          // load and a warmed-up process, which separates loading from syncing.
          warm.push(await timeToFull(() => kit.connect(room), full));
        },
      ),
    );
  }
  return {
    'coldload.ms': median(cold),
    'coldload.secondClientMs': median(warm),
    'coldload.buildSeconds': buildSeconds,
  };
};

/** Time from connecting a new client until it holds everything; `meanwhile` runs before it leaves. */
async function timeToFull(connect: () => BenchClient, full: (doc: Y.Doc) => boolean, meanwhile?: () => Promise<void>): Promise<number> {
  const started = now();
  const client = connect();
  try {
    const loaded = await whenDoc(client.doc, full, 60_000, 'the full document');
    await meanwhile?.();
    return loaded - started;
  } finally {
    client.destroy();
  }
}
