/**
 * The setups of the several-servers run and how each is started: ours on SQLite (one
 * server), ours on PostgreSQL + Redis (one and three servers), and Hocuspocus with its
 * Redis extension and its documents in PostgreSQL (one and three instances). PostgreSQL
 * and Redis are private to the run: loopback ports, temporary folders, stopped at the end.
 *
 * The run makes one SQLite database first, on a plain server (the demo accounts and a
 * procurement per room). The SQLite setup starts from a copy of it; a PostgreSQL setup
 * moves it into its own PostgreSQL database as a council would (`migrate-to-postgres`),
 * and its servers share everything there: the same people and procurement ids everywhere.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../../../server/src/clock.js';
import { copyToPostgres } from '../../../server/src/db/copy-to-postgres.js';
import { Db } from '../../../server/src/db/database.js';
import { startTestPostgres, type TestPostgres } from '../../../server/test/support/postgres.js';
import { startTestRedis, type TestRedis } from '../../../server/test/support/redis.js';
import { clientKit } from '../clients.js';
import type { ServerKind, ServerTarget } from '../protocol.js';
import { startServer, type BenchServer } from '../servers.js';

export const setupNames = ['ours-sqlite', 'ours-postgres-1', 'ours-postgres-3', 'hocuspocus-1', 'hocuspocus-3'] as const;
export type SetupName = (typeof setupNames)[number];

interface SetupSpec {
  kind: ServerKind;
  servers: number;
  /** Documents in PostgreSQL, servers told of each other's changes through Redis. */
  shared: boolean;
}

const specs: Record<SetupName, SetupSpec> = {
  'ours-sqlite': { kind: 'ours', servers: 1, shared: false },
  'ours-postgres-1': { kind: 'ours', servers: 1, shared: true },
  'ours-postgres-3': { kind: 'ours', servers: 3, shared: true },
  'hocuspocus-1': { kind: 'hocuspocus', servers: 1, shared: true },
  'hocuspocus-3': { kind: 'hocuspocus', servers: 3, shared: true },
};

/** Processes every setup has beside its servers, and the database our servers copy. */
export interface SharedParts {
  postgres: TestPostgres;
  redis: TestRedis;
  /** A folder holding our seeded SQLite database (and its record key). */
  seedDir: string;
  /** Procurement ids in the seeded database, one per room the workloads need. */
  rooms: string[];
  stop(): Promise<void>;
}

export interface RunningSetup {
  servers: BenchServer[];
  targets: ServerTarget[];
  /** Rooms made beforehand for our servers; null for Hocuspocus, whose rooms are made by joining them. */
  rooms: string[] | null;
  stop(): Promise<void>;
}

/** Starts PostgreSQL (flushing every commit, as in production) and Redis, and seeds our database. */
export async function startSharedParts(roomCount: number): Promise<SharedParts> {
  const [postgres, redis] = await Promise.all([startTestPostgres({ durable: true }), startTestRedis()]);
  const seedDir = mkdtempSync(join(tmpdir(), 'jointly-bench-seed-'));
  const stop = async () => {
    await Promise.all([postgres.stop(), redis.stop()]);
    rmSync(seedDir, { recursive: true, force: true });
  };
  try {
    const rooms = await seedProcurements(seedDir, roomCount);
    return { postgres, redis, seedDir, rooms, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Our server on SQLite with the demo accounts, making `count` procurements through the API. */
async function seedProcurements(dir: string, count: number): Promise<string[]> {
  const server = await startServer('ours', { dir });
  try {
    const kit = await clientKit(server.target);
    const rooms: string[] = [];
    for (let i = 0; i < count; i++) rooms.push(await kit.newRoom(`several servers ${i + 1}`));
    return rooms;
  } finally {
    await server.stop();
  }
}

/** Starts one setup's servers, each its own process on a free loopback port. */
export async function startSetup(name: SetupName, parts: SharedParts): Promise<RunningSetup> {
  const spec = specs[name];
  const env: Record<string, string> = {};
  if (spec.shared) {
    env.DATABASE_URL = await parts.postgres.createDatabase();
    env.REDIS_URL = parts.redis.url;
    if (spec.kind === 'ours') await moveSeedToPostgres(parts.seedDir, env.DATABASE_URL);
    // One key for every server of the setup, as a deployment gives them.
    env.RECORD_SIGNING_KEY = randomBytes(32).toString('base64');
  }
  const servers: BenchServer[] = [];
  const stop = async () => {
    await Promise.all(servers.map((server) => server.stop()));
  };
  try {
    // One after another: the first creates the shared tables.
    for (let i = 0; i < spec.servers; i++) {
      servers.push(
        await startServer(spec.kind, {
          env,
          copyOf: spec.kind === 'ours' ? parts.seedDir : undefined,
          hocuspocusRedis: spec.kind === 'hocuspocus',
        }),
      );
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { servers, targets: servers.map((server) => server.target), rooms: spec.kind === 'ours' ? parts.rooms : null, stop };
}

/** Moves the seeded SQLite database, documents and all, into the setup's PostgreSQL database. */
async function moveSeedToPostgres(seedDir: string, databaseUrl: string): Promise<void> {
  const db = new Db({ path: join(seedDir, 'bench.sqlite'), busyTimeoutMs: 1000, clock: systemClock });
  try {
    await copyToPostgres(db, databaseUrl);
  } finally {
    await db.close();
  }
}
