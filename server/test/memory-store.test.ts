import { MemoryDocumentStore } from '../src/collab/memory-store.js';
import { documentStoreContract } from './support/store-contract.js';

documentStoreContract('MemoryDocumentStore', async () => ({ store: new MemoryDocumentStore(), dispose: async () => {} }));
