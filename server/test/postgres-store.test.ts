/**
 * The document store on a real PostgreSQL (a private cluster for this file): the same
 * contract as SQLite's, and what several servers sharing one log rely on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore, type PostgresDocumentStore } from '../src/collab/postgres-store.js';
import type { LoggedUpdate } from '../src/collab/store.js';
import { Db } from '../src/db/database.js';
import { migratePostgresToLatest } from '../src/db/migrate.js';
import { openPostgresDatabase, type PostgresDatabase } from '../src/db/postgres-database.js';
import { SqliteDatabase } from '../src/db/sqlite-database.js';
import { holdDocumentHead } from './support/document-head.js';
import { startTestPostgres, type TestPostgres } from './support/postgres.js';
import { documentStoreContract } from './support/store-contract.js';
import { TestClock } from './support/test-clock.js';

let postgres: TestPostgres;
beforeAll(async () => {
  postgres = await startTestPostgres();
});
afterAll(async () => {
  await postgres?.stop();
});

/** A store on a fresh database; `url` opens more stores on it, as other servers would. */
async function freshStore(): Promise<{ store: PostgresDocumentStore; url: string }> {
  const url = await postgres.createDatabase();
  return { store: await openPostgresStore({ url, clock: new TestClock() }), url };
}

function update(seq: number, author = 'alice'): LoggedUpdate {
  return { seq, update: Uint8Array.of(seq % 256, 1), authorId: author, receivedAt: 1_700_000_000_000 + seq };
}

/** A store whose server's own writes alongside its appends go to the app's rows in the same database. */
async function storeWithAppData(url: string): Promise<{ store: PostgresDocumentStore; appData: PostgresDatabase; close(): Promise<void> }> {
  const appData = openPostgresDatabase({ url, clock: new TestClock() });
  await migratePostgresToLatest(appData.kysely);
  const store = await openPostgresStore({ url, clock: new TestClock(), appData });
  return {
    store,
    appData,
    close: async () => {
      await store.close();
      await appData.close();
    },
  };
}

documentStoreContract('PostgresDocumentStore', async () => {
  const opened = await storeWithAppData(await postgres.createDatabase());
  return { store: opened.store, dispose: () => opened.close() };
});

describe('PostgresDocumentStore shared by several servers', () => {
  it("keeps both of two servers' commits to one document at once, one after the other, and tells the second what it lacks", async () => {
    const { store: first, url } = await freshStore();
    const second = await openPostgresStore({ url, clock: new TestClock() });
    try {
      await first.append([{ document: 'spec', updates: [update(1, 'carol')], claims: [] }]);
      // Both servers hold the log up to 1 and write at once: hold the document's head so
      // that both are waiting for it together, then let them go.
      const head = await holdDocumentHead(url, 'spec');
      const appends = [
        first.append([{ document: 'spec', updates: [update(2, 'alice'), update(3, 'alice')], claims: [] }]),
        second.append([{ document: 'spec', updates: [update(2, 'bob')], claims: [{ clientId: 9, userId: 'bob', firstSeq: 2 }] }]),
      ];
      await head.writersWaiting(2);
      await head.release();
      const [alice, bob] = (await Promise.all(appends)).map((placed) => placed[0]!.firstSeq);

      const log = await second.readLog('spec', 0, 10);
      expect(log.map((entry) => entry.seq)).toEqual([1, 2, 3, 4]);
      const written = (author: string) => log.filter((entry) => entry.authorId === author).map((entry) => entry.seq);
      expect(written('alice')).toEqual([alice, alice! + 1]);
      expect(written('bob')).toEqual([bob]);
      // The claim moved with its update.
      expect(await first.claimsAfter('spec', 0)).toEqual([{ clientId: 9, userId: 'bob', firstSeq: bob }]);
      // Whoever came second is told it starts past its own last position (1): what lies
      // between is exactly the other's, which it reads.
      const [earlier, later] = alice! < bob! ? [written('alice'), written('bob')] : [written('bob'), written('alice')];
      expect(later[0]).toBe(earlier.at(-1)! + 1);
      expect(log.filter((entry) => entry.seq > 1 && entry.seq < later[0]!).map((entry) => entry.seq)).toEqual(earlier);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });

  it('serialises many writers of one document across servers into one log without gaps, refusing none', async () => {
    const { store: first, url } = await freshStore();
    const servers = [first, ...(await Promise.all([1, 2].map(() => openPostgresStore({ url, clock: new TestClock() }))))];
    try {
      // Each server appends 10 times, never reading what the others wrote: each expects
      // its update just after its own last one, and is told where it went.
      const placedBy = await Promise.all(
        servers.map(async (server, index) => {
          const placed: number[] = [];
          for (let written = 0; written < 10; written++) {
            const expected = (placed.at(-1) ?? 0) + 1;
            placed.push(
              (await server.append([{ document: 'spec', updates: [update(expected, `server-${index}`)], claims: [] }]))[0]!.firstSeq,
            );
          }
          return placed;
        }),
      );
      const log = await first.readLog('spec', 0, 100);
      expect(log.map((entry) => entry.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
      for (const [index, placed] of placedBy.entries()) {
        expect(log.filter((entry) => entry.authorId === `server-${index}`).map((entry) => entry.seq)).toEqual(placed);
      }
    } finally {
      await Promise.all(servers.map((server) => server.close()));
    }
  });

  it('keeps what was committed for a server that starts later, and migrates once when servers start together', async () => {
    const url = await postgres.createDatabase();
    const [first, second] = await Promise.all([1, 2].map(() => openPostgresStore({ url, clock: new TestClock() })));
    await first!.append([
      { document: 'spec', updates: [update(1), update(2)], claims: [{ clientId: 4_000_000_000, userId: 'alice', firstSeq: 1 }] },
    ]);
    await first!.writeCheckpoint('spec', 2, Uint8Array.of(2, 2), Uint8Array.of(7), true);
    await Promise.all([first!.close(), second!.close()]);

    const later = await openPostgresStore({ url, clock: new TestClock() });
    try {
      const loaded = await later.load('spec');
      expect(loaded.lastSeq).toBe(2);
      expect([...(loaded.checkpoint?.stateVector ?? [])]).toEqual([7]);
      // Yjs client ids are unsigned 32-bit: they come back whole.
      expect(loaded.clientOwners.get(4_000_000_000)).toBe('alice');
      await later.append([{ document: 'spec', updates: [update(3)], claims: [] }]);
      expect(await later.latestSeq('spec')).toBe(3);
    } finally {
      await later.close();
    }
  });
});

describe('PostgresDocumentStore with the app’s rows beside its log', () => {
  it('commits the server’s own writes with the append, at the positions it took, even when another server writes the document at once', async () => {
    const url = await postgres.createDatabase();
    const restoring = await storeWithAppData(url);
    const other = await openPostgresStore({ url, clock: new TestClock() });
    try {
      await other.append([{ document: 'spec', updates: [update(1)], claims: [] }]);
      // Both writers queue behind the held head, then go together: the serializable one
      // may be refused once and must take fresh positions when it runs again.
      const held = await holdDocumentHead(url, 'spec');
      const positionsSeen: number[] = [];
      const restore = restoring.store.append([{ document: 'spec', updates: [update(2, 'restorer')], claims: [] }], async (tx, placed) => {
        positionsSeen.push(placed[0]!.firstSeq);
        await tx.run(tx.kysely.insertInto('boroughs').values({ id: `restored-at-${placed[0]!.firstSeq}`, name: 'R', official_name: 'R' }));
      });
      const edit = other.append([{ document: 'spec', updates: [update(2, 'editor')], claims: [] }]);
      await held.writersWaiting(2);
      await held.release();
      const [[restored], [edited]] = await Promise.all([restore, edit]);
      expect(new Set([restored!.firstSeq, edited!.firstSeq])).toEqual(new Set([2, 3]));
      // The row written alongside names the position the restore's update really has.
      const rows = await restoring.appData.all(
        restoring.appData.kysely.selectFrom('boroughs').select('id').where('id', 'like', 'restored-at-%'),
      );
      expect(rows).toEqual([{ id: `restored-at-${restored!.firstSeq}` }]);
      expect(positionsSeen.at(-1)).toBe(restored!.firstSeq);
      const authors = await other.entries('spec', [restored!.firstSeq, edited!.firstSeq]);
      expect(authors.get(restored!.firstSeq)?.authorId).toBe('restorer');
      expect(authors.get(edited!.firstSeq)?.authorId).toBe('editor');
    } finally {
      await other.close();
      await restoring.close();
    }
  });

  it('refuses app rows kept in another database, rather than committing them apart from the log', async () => {
    const appData = new SqliteDatabase(new Db({ path: ':memory:', busyTimeoutMs: 50 }));
    try {
      await expect(openPostgresStore({ url: await postgres.createDatabase(), clock: new TestClock(), appData })).rejects.toThrow(
        /same PostgreSQL database/,
      );
    } finally {
      await appData.close();
    }
  });
});
