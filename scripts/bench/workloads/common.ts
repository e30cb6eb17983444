/**
 * What every workload is given, and the pieces several of them use: waiting for a
 * document to reach some content, and one writer sending many updates fast.
 */
import type * as Y from 'yjs';
import type { BenchClient, ClientKit } from '../clients.js';
import type { Control } from '../control.js';
import type { Metrics, ServerTarget, Sizes } from '../protocol.js';
import { now, sleep } from '../wait.js';

export interface WorkloadContext {
  target: ServerTarget;
  kit: ClientKit;
  sizes: Sizes;
  seed: number;
  /** Our starter document, as a Yjs update. */
  starter: Uint8Array;
  control: Control;
}

export type Workload = (context: WorkloadContext) => Promise<Metrics>;

/**
 * Resolves with the time at which `ready(doc)` first holds, checked after every update
 * the document applies (no polling, so no polling delay in the figure).
 */
export function whenDoc(doc: Y.Doc, ready: (doc: Y.Doc) => boolean, timeoutMs: number, what: string): Promise<number> {
  if (ready(doc)) return Promise.resolve(now());
  return new Promise((resolve, reject) => {
    const onUpdate = () => {
      if (!ready(doc)) return;
      const at = now();
      doc.off('update', onUpdate);
      clearTimeout(timer);
      resolve(at);
    };
    const timer = setTimeout(() => {
      doc.off('update', onUpdate);
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    doc.on('update', onUpdate);
  });
}

/** Above this many unsent bytes the writer waits for its socket to drain. */
const highWater = 256 * 1024;
const lowWater = 64 * 1024;
/** Updates written between two looks at the socket (and turns of the event loop). */
const burst = 64;

/**
 * Writes `count` updates, each its own transaction and so its own websocket message, as
 * fast as the socket takes them: never waiting for an answer, only for the send buffer
 * to drain. A burst's messages leave in one TCP write, so the load process (one core)
 * is not what limits the figure.
 */
export async function writeMany(client: BenchClient, count: number, write: (index: number) => void): Promise<void> {
  for (let start = 0; start < count; start += burst) {
    client.cork();
    try {
      for (let i = start; i < Math.min(count, start + burst); i++) write(i);
    } finally {
      client.uncork();
    }
    if (client.bufferedAmount() > highWater) {
      while (client.bufferedAmount() > lowWater) await sleep(1);
    } else {
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
}

/**
 * One small update, as typing makes it: four characters into the text `bench`. Lines of
 * ten updates are typed one after another, each new line at the top, so the document
 * is many short runs of text, as a real one is, rather than one run that Yjs would
 * keep merging and copying as it grows.
 */
export function typeChunk(doc: Y.Doc, index: number): void {
  const column = index % linesOf;
  doc.getText('bench').insert(column * chunkLength, `${column}ab `);
}

/** How many typed updates a document holds. */
export function typedCount(doc: Y.Doc): number {
  return doc.getText('bench').length / chunkLength;
}

const chunkLength = 4;
const linesOf = 10;

/** Connects a fresh client, waits for `ready`, and leaves again. */
export async function confirmContent(kit: ClientKit, room: string, ready: (doc: Y.Doc) => boolean, timeoutMs: number): Promise<void> {
  const client = kit.connect(room);
  try {
    await whenDoc(client.doc, ready, timeoutMs, `room ${room} to hold its content`);
  } finally {
    client.destroy();
  }
}
