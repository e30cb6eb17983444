import { describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { documentStoreContract } from './support/store-contract.js';
import { SqliteDocumentStore } from '../src/collab/sqlite-store.js';
import { Db } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { makeTempDir } from './support/test-server.js';

documentStoreContract('SqliteDocumentStore', async () => {
  const dir = makeTempDir();
  const db = new Db({ path: join(dir, 'store.sqlite'), busyTimeoutMs: 50 });
  await migrateToLatest(db);
  return {
    store: new SqliteDocumentStore(db),
    dispose: async () => {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('SqliteDocumentStore with writes alongside', () => {
  it('commits the server’s own writes in the log’s transaction, and the log waits for them', async () => {
    const dir = makeTempDir();
    const db = new Db({ path: join(dir, 'store.sqlite'), busyTimeoutMs: 50 });
    try {
      await migrateToLatest(db);
      const store = new SqliteDocumentStore(db);
      const seenInside: number[] = [];
      await store.append(
        [{ document: 'a', updates: [{ seq: 1, update: Uint8Array.of(1), authorId: null, receivedAt: 1 }], claims: [] }],
        async (tx) => {
          // The log's row is already there inside the same transaction.
          const row = await tx.first(tx.kysely.selectFrom('document_updates').select('seq').where('document', '=', 'a'));
          seenInside.push(row?.seq ?? 0);
          await tx.run(
            tx.kysely.insertInto('boroughs').values({ id: 'alongside', name: 'Alongside', official_name: 'London Borough of Alongside' }),
          );
        },
      );
      expect(seenInside).toEqual([1]);
      expect(await store.latestSeq('a')).toBe(1);
      expect(db.first(db.kysely.selectFrom('boroughs').select('name').where('id', '=', 'alongside'))).toEqual({ name: 'Alongside' });
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
