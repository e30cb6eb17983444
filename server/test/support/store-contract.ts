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
      expect([...loaded.clientOwners]).toEqual(
        expect.arrayContaining([
          [10, 'alice'],
          [11, null],
        ]),
      );
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
      await store.append([{ document: 'b', updates: [update(1)], claims: [{ clientId: 5, userId: 'alice', firstSeq: 1 }] }]);
      // 'a' is fine, but 'b' claims client id 5 again: the whole call must fail and write nothing.
      await expect(
        store.append([
          { document: 'a', updates: [update(1), update(2)], claims: [] },
          { document: 'b', updates: [update(2)], claims: [{ clientId: 5, userId: 'mallory', firstSeq: 2 }] },
        ]),
      ).rejects.toThrow();
      expect((await store.load('a')).lastSeq).toBe(0);
      expect((await store.load('b')).tail).toHaveLength(1);
    });

    it('puts an append after whatever the document holds, moving its claims along, and says where', async () => {
      const store = await open();
      await store.append([{ document: 'a', updates: [1, 2, 3].map((s) => update(s)), claims: [] }]);
      // A writer that holds only up to 1 expects its updates at 2 and 3: they go to 4 and 5.
      // One that expects 5 in a document never written gets 1: the log has no gaps.
      const placed = await store.append([
        { document: 'b', updates: [update(5)], claims: [] },
        { document: 'a', updates: [update(2, [20]), update(3, [30])], claims: [{ clientId: 8, userId: 'bob', firstSeq: 3 }] },
      ]);
      expect(placed).toEqual([
        { document: 'b', firstSeq: 1 },
        { document: 'a', firstSeq: 4 },
      ]);
      expect((await store.readLog('a', 0, 10)).map((u) => [u.seq, ...u.update])).toEqual([
        [1, 1],
        [2, 2],
        [3, 3],
        [4, 20],
        [5, 30],
      ]);
      expect(await store.claimsAfter('a', 0)).toEqual([{ clientId: 8, userId: 'bob', firstSeq: 5 }]);
      expect(await store.latestSeq('b')).toBe(1);
    });

    it("gives the server's own writes that go with an append where its updates went", async () => {
      const store = await open();
      await store.append([{ document: 'a', updates: [update(1), update(2)], claims: [] }]);
      const told: unknown[] = [];
      await store.append([{ document: 'a', updates: [update(1, [10])], claims: [] }], async (_tx, placed) => {
        told.push(placed);
      });
      expect(told).toEqual([[{ document: 'a', firstSeq: 3 }]]);
    });

    it('refuses updates not numbered one after another, writing nothing of the call', async () => {
      const store = await open();
      await store.append([{ document: 'a', updates: [update(1)], claims: [] }]);
      await expect(
        store.append([
          { document: 'b', updates: [update(1)], claims: [] },
          { document: 'a', updates: [update(2), update(4)], claims: [] },
        ]),
      ).rejects.toThrow(/one after another/);
      expect(await store.latestSeq('a')).toBe(1);
      expect(await store.latestSeq('b')).toBe(0);
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

    it('reads the log: latest position, when a position was written, who wrote which', async () => {
      const store = await open();
      expect(await store.latestSeq('a')).toBe(0);
      expect(await store.writtenAt('a', 10)).toBeNull();
      await store.append([{ document: 'a', updates: [1, 2, 3].map((s) => update(s)), claims: [] }]);
      await store.append([{ document: 'b', updates: [update(1)], claims: [] }]);
      expect(await store.latestSeq('a')).toBe(3);
      expect(await store.writtenAt('a', 2)).toBe(update(2).receivedAt);
      // At or before: the newest entry not after the position asked for.
      expect(await store.writtenAt('a', 99)).toBe(update(3).receivedAt);
      const entries = await store.entries('a', [3, 1, 1, 7]);
      expect([...entries].sort(([x], [y]) => x - y)).toEqual([
        [1, { authorId: 'alice', receivedAt: update(1).receivedAt }],
        [3, { authorId: 'alice', receivedAt: update(3).receivedAt }],
      ]);
      expect((await store.entries('a', [2])).get(2)).toEqual({ authorId: null, receivedAt: update(2).receivedAt });
    });

    it('reads the log in pages, in order, with each entry whole', async () => {
      const store = await open();
      await store.append([{ document: 'a', updates: [1, 2, 3, 4, 5].map((s) => update(s, [s, 9])), claims: [] }]);
      const page = await store.readLog('a', 1, 2);
      expect(page.map((u) => u.seq)).toEqual([2, 3]);
      expect({ ...page[0], update: [...page[0]!.update] }).toEqual({
        seq: 2,
        update: [2, 9],
        authorId: null,
        receivedAt: update(2).receivedAt,
      });
      expect(await store.readLog('a', 5, 10)).toEqual([]);
    });

    it('gives what rebuilds any past position: the checkpoint at or before it and the updates up to it', async () => {
      const store = await open();
      await store.append([{ document: 'a', updates: [1, 2, 3, 4, 5, 6].map((s) => update(s)), claims: [] }]);
      await store.writeCheckpoint('a', 2, Uint8Array.of(2, 2), Uint8Array.of(0), true);
      await store.writeCheckpoint('a', 5, Uint8Array.of(5, 5), Uint8Array.of(0), false);
      expect(await store.loadAt('a', 0)).toEqual({ checkpoint: null, updates: [] });
      const early = await store.loadAt('a', 1);
      expect(early.checkpoint).toBeNull();
      expect(early.updates.map((u) => [...u])).toEqual([[1]]);
      const middle = await store.loadAt('a', 4);
      expect(middle.checkpoint?.seq).toBe(2);
      expect([...(middle.checkpoint?.state ?? [])]).toEqual([2, 2]);
      expect(middle.updates.map((u) => [...u])).toEqual([[3], [4]]);
      const late = await store.loadAt('a', 6);
      expect(late.checkpoint?.seq).toBe(5);
      expect(late.updates.map((u) => [...u])).toEqual([[6]]);
    });

    it('tells which client ids were first claimed after a position', async () => {
      const store = await open();
      await store.append([{ document: 'a', updates: [update(1)], claims: [{ clientId: 5, userId: 'alice', firstSeq: 1 }] }]);
      await store.append([{ document: 'a', updates: [update(2), update(3)], claims: [{ clientId: 6, userId: null, firstSeq: 3 }] }]);
      await store.append([{ document: 'b', updates: [update(1)], claims: [{ clientId: 7, userId: 'bob', firstSeq: 1 }] }]);
      expect(await store.claimsAfter('a', 1)).toEqual([{ clientId: 6, userId: null, firstSeq: 3 }]);
      expect((await store.claimsAfter('a', 0)).map((c) => c.clientId).sort()).toEqual([5, 6]);
      expect(await store.claimsAfter('a', 3)).toEqual([]);
    });

    it('refuses a client id claimed twice, writing nothing of the call', async () => {
      const store = await open();
      await store.append([{ document: 'a', updates: [update(1)], claims: [{ clientId: 5, userId: 'alice', firstSeq: 1 }] }]);
      await expect(
        store.append([{ document: 'a', updates: [update(2)], claims: [{ clientId: 5, userId: 'mallory', firstSeq: 2 }] }]),
      ).rejects.toThrow();
      const loaded = await store.load('a');
      expect(loaded.lastSeq).toBe(1);
      expect(loaded.clientOwners.get(5)).toBe('alice');
    });

    it('keeps nothing of an append whose write alongside fails', async () => {
      const store = await open();
      await store.append([{ document: 'a', updates: [update(1)], claims: [] }]);
      const failing = async (): Promise<void> => {
        throw new Error('the record refused the act');
      };
      await expect(
        store.append([{ document: 'a', updates: [update(2)], claims: [{ clientId: 9, userId: 'alice', firstSeq: 2 }] }], failing),
      ).rejects.toThrow('the record refused the act');
      const loaded = await store.load('a');
      expect(loaded.lastSeq).toBe(1);
      expect(loaded.clientOwners.has(9)).toBe(false);
    });
  });
}
