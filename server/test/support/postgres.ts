/**
 * A private PostgreSQL for a test file: Debian's binaries (scripts/ensure-services.sh
 * installs them), a fresh cluster in a temporary folder, listening on 127.0.0.1 and a
 * free port with its unix socket in that folder. Start it once per file (a start takes a
 * few seconds) and give each test its own database with `createDatabase()`.
 *
 * `initdb` refuses to run as root, so as root the cluster belongs to the `postgres`
 * user and every server command runs through `runuser`.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './server-process.js';

export interface TestPostgres {
  /** postgres://… of the cluster's own `postgres` database. */
  readonly adminUrl: string;
  readonly port: number;
  /** The cluster's folder: its data, socket and log. */
  readonly dir: string;
  /** Makes an empty database and returns its URL. */
  createDatabase(): Promise<string>;
  /** Stops the server as an outage would (open sessions are cut), keeping its folder and port. */
  pause(): Promise<void>;
  /** Starts it again on the same port and folder after `pause()`. */
  resume(): Promise<void>;
  /** Stops the cluster at once and deletes its folder. Idempotent. */
  stop(): Promise<void>;
}

/** The newest installed PostgreSQL's programs (initdb, pg_ctl). */
function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((name) => existsSync(join(root, name, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) {
    throw new Error('PostgreSQL is not installed: run `bash scripts/ensure-services.sh` (Debian: apt-get install postgresql).');
  }
  return join(root, versions[0]!, 'bin');
}

const asRoot = userInfo().uid === 0;

/** Runs a PostgreSQL program as the user who may own the cluster. */
function runAsOwner(program: string, args: string[]): void {
  const [command, fullArgs] = asRoot ? ['runuser', ['-u', 'postgres', '--', program, ...args]] : [program, args];
  execFileSync(command, fullArgs, { stdio: ['ignore', 'pipe', 'pipe'], cwd: '/' });
}

/** The same, without blocking this process while the program runs (clients in it keep talking). */
function runAsOwnerInBackground(program: string, args: string[]): Promise<void> {
  const [command, fullArgs] = asRoot ? ['runuser', ['-u', 'postgres', '--', program, ...args]] : [program, args];
  return new Promise((resolve, reject) => {
    execFile(command, fullArgs, { cwd: '/' }, (error, _stdout, stderr) =>
      error ? reject(new Error(`${program} ${args[0]} failed: ${stderr || error.message}`)) : resolve(),
    );
  });
}

export interface TestPostgresOptions {
  /**
   * Flush every commit to disk, as a real deployment does (a benchmark needs this to be
   * honest). Off by default: a test cluster need not survive a power cut, and it starts
   * much faster without.
   */
  durable?: boolean;
}

/** Starts a private cluster; stop it in the file's `afterAll`. */
export async function startTestPostgres(options: TestPostgresOptions = {}): Promise<TestPostgres> {
  const bin = postgresBinDir();
  const dir = mkdtempSync(join(tmpdir(), 'jointly-postgres-'));
  if (asRoot) {
    const owner = postgresIds();
    chownSync(dir, owner.uid, owner.gid);
  }
  chmodSync(dir, 0o700);
  const data = join(dir, 'data');
  const port = await freePort();
  const pgCtl = join(bin, 'pg_ctl');
  // The C locale and UTF-8 whatever the machine's settings; trust on loopback only.
  runAsOwner(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync']);
  const flushing = options.durable ? '' : ' -c fsync=off -c full_page_writes=off';
  const serverOptions = `-h 127.0.0.1 -p ${port} -k ${dir}${flushing} -c max_connections=200`;
  const startArgs = ['start', '-D', data, '-w', '-t', '60', '-l', join(dir, 'server.log'), '-o', serverOptions];
  try {
    runAsOwner(pgCtl, startArgs);
  } catch (error) {
    const log = existsSync(join(dir, 'server.log')) ? readFileSync(join(dir, 'server.log'), 'utf8') : '';
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`PostgreSQL did not start: ${String(error)}\n${log}`, { cause: error });
  }

  let stopped = false;
  const stopNow = () => {
    if (stopped) return;
    stopped = true;
    const [command, args] = asRoot
      ? ['runuser', ['-u', 'postgres', '--', pgCtl, 'stop', '-D', data, '-m', 'immediate', '-w']]
      : [pgCtl, ['stop', '-D', data, '-m', 'immediate', '-w']];
    spawnSync(command, args, { stdio: 'ignore', cwd: '/' });
    rmSync(dir, { recursive: true, force: true });
  };
  // pg_ctl leaves the server running on its own: never leave it behind a crashed test.
  process.once('exit', stopNow);

  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let databases = 0;
  return {
    adminUrl,
    port,
    dir,
    createDatabase: async () => {
      const name = `test_${++databases}`;
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    // "fast" rolls back open transactions and cuts every session, as a crash would for clients.
    pause: () => runAsOwnerInBackground(pgCtl, ['stop', '-D', data, '-m', 'fast', '-w']),
    resume: () => runAsOwnerInBackground(pgCtl, startArgs),
    stop: async () => {
      process.off('exit', stopNow);
      stopNow();
    },
  };
}

function postgresIds(): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  if (!Number.isInteger(uid) || !Number.isInteger(gid)) throw new Error('the postgres user is missing: install Debian’s postgresql');
  return { uid, gid };
}
