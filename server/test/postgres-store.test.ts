/**
 * The document store on a real PostgreSQL (a private cluster for this file): the same
 * contract as SQLite's, and what several servers sharing one log rely on.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore, type PostgresDocumentStore } from '../src/collab/postgres-store.js';
import { LogPositionTaken, type LoggedUpdate } from '../src/collab/store.js';
import { Db } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { SqliteDatabase } from '../src/db/sqlite-database.js';
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

documentStoreContract('PostgresDocumentStore', async () => {
  const { store } = await freshStore();
  return { store, dispose: () => store.close() };
});

describe('PostgresDocumentStore shared by several servers', () => {
  it('lets exactly one of two servers take the same next position, and the other is told to catch up', async () => {
    const { store: first, url } = await freshStore();
    const second = await openPostgresStore({ url, clock: new TestClock() });
    try {
      await first.append([{ document: 'spec', updates: [update(1)], claims: [] }]);
      const results = await Promise.allSettled([
        first.append([{ document: 'spec', updates: [update(2, 'alice'), update(3, 'alice')], claims: [] }]),
        second.append([{ document: 'spec', updates: [update(2, 'bob')], claims: [{ clientId: 9, userId: 'bob', firstSeq: 2 }] }]),
      ]);
      const refused = results.filter((result) => result.status === 'rejected');
      expect(refused).toHaveLength(1);
      const reason = (refused[0] as PromiseRejectedResult).reason as unknown;
      expect(reason).toBeInstanceOf(LogPositionTaken);
      expect(reason).toMatchObject({ document: 'spec', attemptedSeq: 2 });

      const log = await second.readLog('spec', 0, 10);
      const authors = new Set(log.slice(1).map((entry) => entry.authorId));
      // The log has no gap and no repeat, and holds one writer's append whole.
      expect(log.map((entry) => entry.seq)).toEqual(authors.has('bob') ? [1, 2] : [1, 2, 3]);
      expect(authors.size).toBe(1);
      expect((await first.load('spec')).clientOwners.has(9)).toBe(authors.has('bob'));
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });

  it('serialises many writers of one document across servers into one log without gaps', async () => {
    const { store: first, url } = await freshStore();
    const servers = [first, ...(await Promise.all([1, 2].map(() => openPostgresStore({ url, clock: new TestClock() }))))];
    try {
      // Each server appends 10 times, each time after catching up on the log's end.
      await Promise.all(
        servers.map(async (server, index) => {
          for (let written = 0; written < 10;) {
            const next = (await server.latestSeq('spec')) + 1;
            try {
              await server.append([{ document: 'spec', updates: [update(next, `server-${index}`)], claims: [] }]);
              written++;
            } catch (error) {
              if (!(error instanceof LogPositionTaken)) throw error;
            }
          }
        }),
      );
      const log = await first.readLog('spec', 0, 100);
      expect(log.map((entry) => entry.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
      for (const index of [0, 1, 2]) expect(log.filter((entry) => entry.authorId === `server-${index}`)).toHaveLength(10);
    } finally {
      await Promise.all(servers.map((server) => server.close()));
    }
  });

  it('refuses an append that would leave a gap in the log, writing nothing of the call', async () => {
    const { store } = await freshStore();
    try {
      await store.append([{ document: 'spec', updates: [update(1)], claims: [] }]);
      await expect(
        store.append([
          { document: 'notes', updates: [update(1)], claims: [] },
          { document: 'spec', updates: [update(3)], claims: [] },
        ]),
      ).rejects.toBeInstanceOf(LogPositionTaken);
      await expect(store.append([{ document: 'spec', updates: [update(2), update(4)], claims: [] }])).rejects.toBeInstanceOf(
        LogPositionTaken,
      );
      expect(await store.latestSeq('notes')).toBe(0);
      expect(await store.latestSeq('spec')).toBe(1);
    } finally {
      await store.close();
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
      await store.append(
        [{ document: 'spec', updates: [update(1)], claims: [] }],
        [
          async (tx) => {
            logSeenByTheWrite.push(await store.latestSeq('spec'));
            await tx.run(tx.kysely.insertInto('boroughs').values({ id: 'alongside', name: 'Alongside', official_name: 'Alongside' }));
          },
        ],
      );
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
