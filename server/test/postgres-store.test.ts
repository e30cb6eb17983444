/**
 * The document store on a real PostgreSQL (a private cluster for this file): the same
 * contract as SQLite's, and what several servers sharing one log rely on.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore, type PostgresDocumentStore } from '../src/collab/postgres-store.js';
import type { LoggedUpdate } from '../src/collab/store.js';
import { Db } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { SqliteDatabase } from '../src/db/sqlite-database.js';
import { holdDocumentHead } from './support/document-head.js';
import { startTestPostgres, type TestPostgres } from './support/postgres.js';
import { documentStoreContract } from './support/store-contract.js';
import { TestClock } from './support/test-clock.js';
import { makeTempDir } from './support/test-server.js';

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

documentStoreContract(
  'PostgresDocumentStore',
  async () => {
    // Where the server's own writes alongside an append go.
    const appData = new SqliteDatabase(new Db({ path: ':memory:', busyTimeoutMs: 50 }));
    const store = await openPostgresStore({ url: await postgres.createDatabase(), clock: new TestClock(), appData });
    return {
      store,
      dispose: async () => {
        await store.close();
        await appData.close();
      },
    };
  },
  { alongsideAfterCommit: true },
);

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

describe('PostgresDocumentStore with the app’s rows in SQLite', () => {
  it('writes the server’s own writes alongside an append in a transaction of the app’s database, after the log’s commit', async () => {
    const dir = makeTempDir();
    const db = new Db({ path: join(dir, 'app.sqlite'), busyTimeoutMs: 50 });
    const url = await postgres.createDatabase();
    const store = await openPostgresStore({ url, clock: new TestClock(), appData: new SqliteDatabase(db) });
    try {
      await migrateToLatest(db);
      const logSeenByTheWrite: number[] = [];
      await store.append([{ document: 'spec', updates: [update(1)], claims: [] }], async (tx) => {
        logSeenByTheWrite.push(await store.latestSeq('spec'));
        await tx.run(tx.kysely.insertInto('boroughs').values({ id: 'alongside', name: 'Alongside', official_name: 'Alongside' }));
      });
      // The log was committed first; the write landed in SQLite.
      expect(logSeenByTheWrite).toEqual([1]);
      expect(db.first(db.kysely.selectFrom('boroughs').select('name').where('id', '=', 'alongside'))).toEqual({ name: 'Alongside' });
    } finally {
      await store.close();
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
