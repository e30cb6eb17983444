/**
 * Throughput across many documents: each document has one writer sending small updates
 * as fast as its server takes them and one reader; the clock runs from the first send
 * until every reader holds every update of its document. With clients spread over
 * several servers, a document's writer and reader are on different servers.
 */
import type { BenchClient } from '../clients.js';
import { now } from '../wait.js';
import { typeChunk, typedCount, whenDoc, writeMany, type Workload } from './common.js';

export const documents: Workload = async ({ kit, sizes }) => {
  const { documents: count, updatesPerDocument: updates } = sizes.servers;
  const rooms: string[] = [];
  for (let i = 0; i < count; i++) rooms.push(await kit.newRoom(`documents-${i}`));
  // Reader first, then writer: spread over servers in turn, the two land on different ones.
  const pairs = rooms.map((room) => ({ reader: kit.connect(room), writer: kit.connect(room) }));
  const all: BenchClient[] = pairs.flatMap((pair) => [pair.reader, pair.writer]);
  try {
    await Promise.all(all.map((client) => client.synced(60_000)));
    const arrivals = pairs.map((pair, i) =>
      whenDoc(pair.reader.doc, (doc) => typedCount(doc) >= updates, 300_000, `${updates} updates at the reader of document ${i}`),
    );
    const started = now();
    await Promise.all(pairs.map((pair) => writeMany(pair.writer, updates, (i) => typeChunk(pair.writer.doc, i))));
    const written = now();
    const arrived = Math.max(...(await Promise.all(arrivals)));
    const seconds = (arrived - started) / 1000;
    return {
      'documents.perSecond': (count * updates) / seconds,
      'documents.seconds': seconds,
      'documents.sendSeconds': (written - started) / 1000,
    };
  } finally {
    for (const client of all) client.destroy();
  }
};
