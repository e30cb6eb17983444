/**
 * The disk's own price for making an append durable, in the server's data folder: the
 * floor under any commit that waits for the disk, to set our commit and fan-out times
 * beside. Each append (200 B to 16 KB, like a batch of edits) is followed by an fsync,
 * as SQLite's write-ahead log does at synchronous=FULL.
 */
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { now, sleep } from './wait.js';

export interface DiskFlushOptions {
  appends: number;
  perSecond: number;
  /** A deterministic generator in [0, 1), for the sizes. */
  random: () => number;
}

/** Milliseconds each write + fsync took. */
export async function measureDiskFlush(folder: string, { appends, perSecond, random }: DiskFlushOptions): Promise<number[]> {
  const path = join(folder, 'disk-flush-probe');
  const file = await open(path, 'a');
  const times: number[] = [];
  try {
    const start = now();
    for (let n = 0; n < appends; n++) {
      const wait = start + (n * 1000) / perSecond - now();
      if (wait > 0) await sleep(wait);
      const bytes = Buffer.alloc(200 + Math.floor(random() * (16 * 1024 - 200)), n % 256);
      const began = now();
      await file.write(bytes);
      await file.sync();
      times.push(now() - began);
    }
  } finally {
    await file.close();
    await rm(path, { force: true });
  }
  return times;
}
