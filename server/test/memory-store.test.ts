import { MemoryDocumentStore } from '../src/collab/memory-store.js';
import { Db } from '../src/db/database.js';
import { SqliteDatabase } from '../src/db/sqlite-database.js';
import { documentStoreContract } from './support/store-contract.js';

documentStoreContract('MemoryDocumentStore', async () => {
  // Where the server's own writes alongside an append go.
  const appData = new SqliteDatabase(new Db({ path: ':memory:', busyTimeoutMs: 50 }));
  return { store: new MemoryDocumentStore(appData), dispose: () => appData.close() };
});
