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
