/**
 * What every DocumentStore must do, as one suite run against each implementation.
 * `makeStore` returns a fresh, empty store and a way to dispose of it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { DocumentStore, LoggedUpdate } from '../../src/collab/store.js';

function update(seq: number, bytes: number[] = [seq % 256]): LoggedUpdate {
  return { seq, update: Uint8Array.from(bytes), authorId: seq % 2 ? 'alice' : null, receivedAt: 1_700_000_000_000 + seq };
}

export function documentStoreContract(
  name: string,
  makeStore: () => Promise<{ store: DocumentStore; dispose: () => Promise<void> }>,
): void {
  describe(`${name} meets the document store contract`, () => {
    let dispose: (() => Promise<void>) | null = null;
    const open = async () => {
      const made = await makeStore();
      dispose = made.dispose;
      return made.store;
    };
    afterEach(async () => {
      await dispose?.();
      dispose = null;
    });

    it('loads a document never written as empty', async () => {
      const store = await open();
      const loaded = await store.load('nothing-here');
      expect(loaded).toMatchObject({ checkpoint: null, tail: [], tailBytes: 0, lastSeq: 0, retained: null, bytesSinceRetained: 0 });
      expect(loaded.clientOwners.size).toBe(0);
    });

    it('returns appended updates in log order with their client owners', async () => {
      const store = await open();
      await store.append([{ document: 'a', updates: [update(1), update(2)], claims: [{ clientId: 10, userId: 'alice', firstSeq: 1 }] }]);
      await store.append([{ document: 'a', updates: [update(3, [7, 7])], claims: [{ clientId: 11, userId: null, firstSeq: 3 }] }]);
      const loaded = await store.load('a');
      expect(loaded.tail.map((u) => [...u])).toEqual([[1], [2], [7, 7]]);
      expect(loaded.lastSeq).toBe(3);
      expect(loaded.tailBytes).toBe(4);
      expect([...loaded.clientOwners]).toEqual(expect.arrayContaining([[10, 'alice'], [11, null]]));
    });

    it('keeps documents apart', async () => {
      const store = await open();
      await store.append([
        { document: 'a', updates: [update(1)], claims: [] },
        { document: 'b', updates: [update(1), update(2)], claims: [] },
      ]);
      expect((await store.load('a')).lastSeq).toBe(1);
      expect((await store.load('b')).lastSeq).toBe(2);
    });

    it('writes all of an append or nothing of it', async () => {
      const store = await open();
      await store.append([{ document: 'b', updates: [update(1)], claims: [] }]);
      // 'a' is fine, but 'b' repeats seq 1: the whole call must fail and write nothing.
      await expect(
        store.append([
          { document: 'a', updates: [update(1), update(2)], claims: [] },
          { document: 'b', updates: [update(1)], claims: [] },
        ]),
      ).rejects.toThrow();
      expect((await store.load('a')).lastSeq).toBe(0);
      expect((await store.load('b')).tail).toHaveLength(1);
    });

    it('loads from the newest checkpoint plus the updates after it', async () => {
      const store = await open();
      await store.append([{ document: 'a', updates: [1, 2, 3, 4, 5].map((s) => update(s)), claims: [] }]);
      await store.writeCheckpoint('a', 3, Uint8Array.of(3, 3, 3), Uint8Array.of(0), false);
      const loaded = await store.load('a');
      expect(loaded.checkpoint?.seq).toBe(3);
      expect([...(loaded.checkpoint?.state ?? [])]).toEqual([3, 3, 3]);
      expect(loaded.tail.map((u) => [...u])).toEqual([[4], [5]]);
      expect(loaded.lastSeq).toBe(5);
    });

    it('replaces the load checkpoint but keeps those retained for history', async () => {
      const store = await open();
      await store.append([{ document: 'a', updates: [1, 2, 3, 4, 5, 6].map((s) => update(s, [s, s])), claims: [] }]);
      await store.writeCheckpoint('a', 2, Uint8Array.of(2), Uint8Array.of(0), true);
      await store.writeCheckpoint('a', 4, Uint8Array.of(4), Uint8Array.of(0), false);
      await store.writeCheckpoint('a', 5, Uint8Array.of(5), Uint8Array.of(0), false);
      const loaded = await store.load('a');
      expect(loaded.checkpoint?.seq).toBe(5);
      expect(loaded.retained).toEqual({ seq: 2, bytes: 1 });
      expect(loaded.bytesSinceRetained).toBe(8);
      // Rewriting a retained position as a load checkpoint does not un-retain it.
      await store.writeCheckpoint('a', 2, Uint8Array.of(2), Uint8Array.of(0), false);
      expect((await store.load('a')).retained?.seq).toBe(2);
    });
  });
}
