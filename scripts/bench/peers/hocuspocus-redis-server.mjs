// Hocuspocus 3 as its documentation sets it up for several instances: the Redis extension
// (instances pass every change to each other through Redis pub/sub) and the Database
// extension keeping each document's whole state in PostgreSQL, shared by every instance.
// Default settings otherwise (stores are debounced). Added for the bench only: GET /stats
// (documents in memory), and a stop that lets the last stores finish before exiting.
import { Database } from '@hocuspocus/extension-database';
import { Redis } from '@hocuspocus/extension-redis';
import { Server } from '@hocuspocus/server';
import pg from 'pg';
import { stats } from './stats-extension.mjs';

const host = process.env.HOST || '127.0.0.1';
const port = Number(process.env.PORT);
const databaseUrl = process.env.DATABASE_URL;
const redisUrl = process.env.REDIS_URL;
if (!databaseUrl || !redisUrl) throw new Error('DATABASE_URL and REDIS_URL are required');

const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
// The bench starts instances one after another, so only the first one creates the table.
await pool.query('CREATE TABLE IF NOT EXISTS documents (name text PRIMARY KEY, data bytea NOT NULL)');

const database = new Database({
  fetch: async ({ documentName }) => {
    const result = await pool.query('SELECT data FROM documents WHERE name = $1', [documentName]);
    return result.rows[0]?.data ?? null;
  },
  store: async ({ documentName, state }) => {
    await pool.query('INSERT INTO documents (name, data) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET data = EXCLUDED.data', [
      documentName,
      state,
    ]);
  },
});
const redisAddress = new URL(redisUrl);
const redis = new Redis({ host: redisAddress.hostname, port: Number(redisAddress.port) });

const server = new Server({ port, address: host, quiet: true, stopOnSignals: false, extensions: [redis, database, stats] });
await server.listen();
process.stdout.write(`hocuspocus (Redis, PostgreSQL) listening on ${host}:${port}\n`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await server.destroy();
  await pool.end();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
