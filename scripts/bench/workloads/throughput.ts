/**
 * Throughput: one writer sends many small updates as fast as the server takes them; the
 * clock runs from the first send until a separate reader holds them all.
 */
import { now } from '../wait.js';
import { typeChunk, typedCount, whenDoc, writeMany, type Workload } from './common.js';

export const throughput: Workload = async ({ kit, sizes }) => {
  const { updates } = sizes.throughput;
  const room = await kit.newRoom('throughput');
  const reader = kit.connect(room);
  const writer = kit.connect(room);
  try {
    await Promise.all([reader.synced(), writer.synced()]);
    // How many messages the updates arrive in shows how much the server batches them.
    let readerMessages = 0;
    reader.doc.on('update', () => readerMessages++);
    const allThere = whenDoc(reader.doc, (doc) => typedCount(doc) >= updates, 300_000, `${updates} updates at the reader`);
    const started = now();
    await writeMany(writer, updates, (i) => typeChunk(writer.doc, i));
    const written = now();
    const arrived = await allThere;
    const seconds = (arrived - started) / 1000;
    return {
      'throughput.perSecond': updates / seconds,
      'throughput.seconds': seconds,
      'throughput.sendSeconds': (written - started) / 1000,
      'throughput.readerMessages': readerMessages,
    };
  } finally {
    reader.destroy();
    writer.destroy();
  }
};
