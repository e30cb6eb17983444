/**
 * The app's data interface (`Database`) on both dialects: the same promises whether a
 * server keeps its rows in its own SQLite file or shares PostgreSQL with other servers.
 * Everything or nothing in a transaction, writers that take turns (a read-then-write is
 * never lost to another writer), and nobody sees or lands inside someone else's open
 * transaction.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Db } from '../src/db/database.js';
import { openPostgresDatabase } from '../src/db/postgres-database.js';
import type { Database, Queries } from '../src/db/queries.js';
import { SqliteDatabase } from '../src/db/sqlite-database.js';
import { startTestPostgres, type TestPostgres } from './support/postgres.js';
import { TestClock } from './support/test-clock.js';

type Counters = {
  counters: { name: string; value: number; changed_at: number };
};

let postgres: TestPostgres;
const folders: string[] = [];
beforeAll(async () => {
  postgres = await startTestPostgres();
});
afterAll(async () => {
  await postgres?.stop();
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

const createCounters = 'CREATE TABLE counters (name TEXT PRIMARY KEY, value BIGINT NOT NULL, changed_at BIGINT NOT NULL)';

const dialects: Record<string, () => Promise<Database>> = {
  SQLite: async () => {
    const folder = mkdtempSync(join(tmpdir(), 'jointly-database-'));
    folders.push(folder);
    const db = new Db({ path: join(folder, 'app.sqlite'), busyTimeoutMs: 50, clock: new TestClock() });
    db.sqlite.exec(createCounters);
    return new SqliteDatabase(db);
  },
  PostgreSQL: async () => {
    const database = openPostgresDatabase({ url: await postgres.createDatabase(), clock: new TestClock() });
    await sql.raw(createCounters).execute(database.kysely);
    return database;
  },
};

function counters(queries: Queries): Kysely<Counters> {
  return queries.kysely.withTables<Counters>();
}

async function valueOf(queries: Queries, name: string): Promise<number | undefined> {
  return (await queries.first(counters(queries).selectFrom('counters').select('value').where('name', '=', name)))?.value;
}

async function setValue(queries: Queries, name: string, value: number): Promise<number> {
  return queries.run(
    counters(queries)
      .insertInto('counters')
      .values({ name, value, changed_at: queries.now() })
      .onConflict((conflict) => conflict.column('name').doUpdateSet({ value, changed_at: queries.now() })),
  );
}

for (const [dialect, open] of Object.entries(dialects)) {
  describe(`the app's data on ${dialect}`, () => {
    let database: Database;
    beforeAll(async () => {
      database = await open();
    });
    afterAll(async () => {
      await database?.close();
    });

    it('reads back what it wrote, with times and counts as numbers, and says how many rows changed', async () => {
      expect(await setValue(database, 'written', 1_700_000_000_123)).toBe(1);
      expect(await valueOf(database, 'written')).toBe(1_700_000_000_123);
      const changed = await database.run(counters(database).updateTable('counters').set({ value: 2 }).where('name', '=', 'nothing'));
      expect(changed).toBe(0);
      const rows = await database.all(
        counters(database)
          .selectFrom('counters')
          .select(['name', 'value'])
          .where(database.inList('name', ['written', 'absent'])),
      );
      expect(rows).toEqual([{ name: 'written', value: 1_700_000_000_123 }]);
      expect(await database.all(counters(database).selectFrom('counters').select('name').where(database.inList('name', [])))).toEqual([]);
    });

    it('keeps everything a transaction wrote, or nothing when it fails', async () => {
      const result = await database.transaction(async (tx) => {
        await setValue(tx, 'kept-a', 1);
        await setValue(tx, 'kept-b', 2);
        return 'done';
      });
      expect(result).toBe('done');
      await expect(
        database.transaction(async (tx) => {
          await setValue(tx, 'kept-a', 100);
          await setValue(tx, 'never', 3);
          throw new Error('the second step was refused');
        }),
      ).rejects.toThrow('the second step was refused');
      expect(await valueOf(database, 'kept-a')).toBe(1);
      expect(await valueOf(database, 'kept-b')).toBe(2);
      expect(await valueOf(database, 'never')).toBeUndefined();
    });

    it('loses no increment when many writers read and then write the same row at once', async () => {
      await setValue(database, 'shared', 0);
      const writers = 12;
      await Promise.all(
        Array.from({ length: writers }, () =>
          database.transaction(async (tx) => {
            const value = (await valueOf(tx, 'shared')) ?? 0;
            await setValue(tx, 'shared', value + 1);
          }),
        ),
      );
      expect(await valueOf(database, 'shared')).toBe(writers);
    });

    it('never shows a transaction’s rows to anyone before it commits, and a rollback takes nothing of theirs', async () => {
      await setValue(database, 'outside', 0);
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let started!: () => void;
      const inside = new Promise<void>((resolve) => (started = resolve));
      const open = database.transaction(async (tx) => {
        await setValue(tx, 'uncommitted', 1);
        started();
        await gate;
        throw new Error('changed my mind');
      });
      await inside;
      // Another person's read and write while the transaction is open.
      const read = database.first(counters(database).selectFrom('counters').select('value').where('name', '=', 'uncommitted'));
      const write = setValue(database, 'outside', 5);
      release();
      await expect(open).rejects.toThrow('changed my mind');
      expect(await read).toBeUndefined();
      await write;
      expect(await valueOf(database, 'uncommitted')).toBeUndefined();
      expect(await valueOf(database, 'outside')).toBe(5);
    });

    it('refuses a query on a transaction that has already ended', async () => {
      let leaked: Queries | undefined;
      await database.transaction(async (tx) => {
        leaked = tx;
      });
      await expect(async () => valueOf(leaked!, 'outside')).rejects.toThrow('already ended');
    });

    it('commits rows derived from the log as any other, and undoes them on failure', async () => {
      await database.derivedTransaction(async (tx) => {
        await setValue(tx, 'derived', 7);
      });
      await expect(
        database.derivedTransaction(async (tx) => {
          await setValue(tx, 'derived', 8);
          throw new Error('the deriver broke');
        }),
      ).rejects.toThrow('the deriver broke');
      expect(await valueOf(database, 'derived')).toBe(7);
    });
  });
}

describe('the SQLite connection while a transaction holds it', () => {
  it('refuses, instead of waiting for ever, a query that goes through the database from inside its own transaction', async () => {
    const database = await dialects.SQLite!();
    try {
      await expect(
        database.transaction(async (tx) => {
          await setValue(tx, 'mine', 1);
          await valueOf(database, 'mine');
        }),
      ).rejects.toThrow('use the transaction’s own handle');
      await expect(database.transaction(async () => database.transaction(async () => 1))).rejects.toThrow('own handle');
      expect(await valueOf(database, 'mine')).toBeUndefined();
    } finally {
      await database.close();
    }
  });

  it('refuses a synchronous query from elsewhere instead of slipping it into the transaction', async () => {
    const database = (await dialects.SQLite!()) as SqliteDatabase;
    try {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let started!: () => void;
      const inside = new Promise<void>((resolve) => (started = resolve));
      const open = database.transaction(async (tx) => {
        await setValue(tx, 'held', 1);
        started();
        await gate;
      });
      await inside;
      const connection = database.connection;
      expect(() => connection.all(counters(database).selectFrom('counters').selectAll())).toThrow('asynchronous transaction held');
      expect(() => connection.transaction(() => 1)).toThrow('asynchronous transaction held');
      release();
      await open;
      expect(connection.all(counters(database).selectFrom('counters').select('name'))).toEqual([{ name: 'held' }]);
    } finally {
      await database.close();
    }
  });
});
