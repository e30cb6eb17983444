// Hocuspocus 3 with its SQLite extension, default settings (stores are debounced).
// Added for the bench only: GET /stats (documents in memory), and a stop that lets
// SQLite finish its queued writes before the process exits, so a restart loses nothing.
import { Server } from '@hocuspocus/server';
import { SQLite } from '@hocuspocus/extension-sqlite';
import { stats } from './stats-extension.mjs';

const host = process.env.HOST || '127.0.0.1';
const port = Number(process.env.PORT);
const database = process.env.DATABASE_PATH;
if (!database) throw new Error('DATABASE_PATH is required');

const sqlite = new SQLite({ database });
const server = new Server({ port, address: host, quiet: true, stopOnSignals: false, extensions: [sqlite, stats] });
await server.listen();
process.stdout.write(`hocuspocus listening on ${host}:${port}\n`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await server.destroy();
  await new Promise((resolve) => sqlite.db.close(() => resolve()));
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
