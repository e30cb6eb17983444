/**
 * A real server for a test: port 0 on loopback, a fresh SQLite file in a temp folder,
 * its log lines captured. `stop()` is idempotent; `remove()` also deletes the folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultLimits, type CollabLimits } from '../../src/collab/limits.js';
import type { Authorize } from '../../src/collab/transport.js';
import { readConfig, type Config } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { freePort } from './server-process.js';
import { TestClock } from './test-clock.js';
import type { Db } from '../../src/db/database.js';
import { allowEveryone, sqliteOf, startServer, type RunningServer } from '../../src/server.js';

export interface TestServer extends RunningServer {
  /** The SQLite file's own connection; throws when the test server keeps its data on PostgreSQL. */
  readonly db: Db;
  /** The server's clock: move it instead of waiting. */
  readonly clock: TestClock;
  readonly dir: string;
  readonly databasePath: string;
  /** ws://…/collab, the base a WebsocketProvider takes. */
  readonly collabUrl: string;
  /** Every log line the server wrote. */
  readonly logs: string[];
  /** Stops the server and deletes its folder. */
  remove(): Promise<void>;
}

export interface TestServerOptions {
  /** Reuse a folder (and its database) from an earlier server. */
  dir?: string;
  /** Live sync open to anyone: for tests of the engine alone. */
  open?: boolean;
  /** A test's own access decision for live sync. */
  authorize?: Authorize;
  /** Seed the demo procurement and accounts. */
  demo?: boolean;
  limits?: Partial<CollabLimits>;
  config?: Partial<Config>;
  /** The server's clock; by default one that starts at `testEpoch` and ticks. */
  clock?: TestClock;
}

export function makeTempDir(): string {
  return mkdtempSync(join(tmpdir(), 'jointly-test-'));
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dir = options.dir ?? makeTempDir();
  const databasePath = join(dir, 'jointly.sqlite');
  // The port is fixed before start so that the app knows its own origin.
  const port = await freePort();
  const base = readConfig({ HOST: '127.0.0.1', PORT: String(port) }, null);
  const config: Config = {
    ...base,
    host: '127.0.0.1',
    port,
    databasePath,
    logLevel: 'debug',
    demo: options.demo ?? false,
    ...options.config,
    collab: { ...defaultLimits, roomGraceMs: 300, ...options.limits },
  };
  const logs: string[] = [];
  const clock = options.clock ?? new TestClock();
  const server = await startServer(config, {
    clock,
    log: createLogger({ level: 'debug', sink: (line) => logs.push(line) }),
    authorize: options.open ? allowEveryone : options.authorize,
  });
  return {
    url: server.url,
    port: server.port,
    services: server.services,
    routes: server.routes,
    engine: server.engine,
    get db() {
      return sqliteOf(server);
    },
    stop: server.stop,
    clock,
    dir,
    databasePath,
    collabUrl: `${server.url.replace(/^http/, 'ws')}/collab`,
    logs,
    remove: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
