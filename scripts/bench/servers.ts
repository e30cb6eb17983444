/**
 * Starts, restarts and stops the servers under test (and the several-servers run's
 * variants of them), each as its own process on a free loopback port, and reads what
 * only the orchestrator can see of them: the RSS of the process and how many rooms it
 * holds in memory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../server/test/support/server-process.js';
import { peersDir, repoRoot } from './paths.js';
import { oursGraceMs, type ServerKind, type ServerTarget } from './protocol.js';
import { sleep } from './wait.js';

export interface BenchServer {
  readonly kind: ServerKind;
  readonly target: ServerTarget;
  /** Resident memory of the server process, in bytes. */
  rss(): number;
  /** Rooms the server holds in memory right now. */
  rooms(): Promise<number>;
  /** Graceful stop, then a start on the same database and port. */
  restart(): Promise<void>;
  /** Warnings and errors the server printed (ours logs at warn level). */
  complaints(): string[];
  stop(): Promise<void>;
}

/** How a server of the several-servers run differs from the plain one of its kind. */
export interface ServerVariant {
  /** More environment for the server process (DATABASE_URL, REDIS_URL…). */
  env?: Record<string, string>;
  /** Start from a copy of this folder's files (a database made beforehand). */
  copyOf?: string;
  /** Run in this folder and keep it when stopped (making a database to copy). */
  dir?: string;
  /** Hocuspocus only: with its Redis and Database extensions on PostgreSQL, not SQLite. */
  hocuspocusRedis?: boolean;
}

interface Launch {
  args: string[];
  cwd: string;
  env: Record<string, string>;
  /** An HTTP path that answers 200 once the server is ready, with JSON holding `rooms`. */
  statsPath: string;
}

function launchOf(kind: ServerKind, port: number, dir: string, variant: ServerVariant): Launch {
  const base = { HOST: '127.0.0.1', PORT: String(port) };
  switch (kind) {
    case 'ours':
      return {
        // BENCH_OURS_FLAGS adds node flags to our server (e.g. --cpu-prof) when profiling.
        args: [...(process.env.BENCH_OURS_FLAGS ?? '').split(' ').filter(Boolean), '--import', 'tsx', 'server/src/main.ts'],
        cwd: repoRoot,
        env: {
          ...base,
          DATABASE_PATH: join(dir, 'bench.sqlite'),
          CLIENT_DIR: '',
          LOG_LEVEL: 'warn',
          JOINTLY_DEMO: '1',
          ROOM_GRACE_MS: String(oursGraceMs),
          // The load generator signs every one of its clients in as one person.
          MAX_CONNECTIONS_PER_PERSON: '100000',
        },
        statsPath: '/healthz',
      };
    case 'ref':
      return { args: [join(peersDir, 'ref-server.cjs')], cwd: peersDir, env: base, statsPath: '/stats' };
    case 'hocuspocus':
      if (variant.hocuspocusRedis) {
        return { args: [join(peersDir, 'hocuspocus-redis-server.mjs')], cwd: peersDir, env: base, statsPath: '/stats' };
      }
      return {
        args: [join(peersDir, 'hocuspocus-server.mjs')],
        cwd: peersDir,
        env: { ...base, DATABASE_PATH: join(dir, 'hocuspocus.sqlite') },
        statsPath: '/stats',
      };
  }
}

export async function startServer(kind: ServerKind, variant: ServerVariant = {}): Promise<BenchServer> {
  const port = await freePort();
  const dir = variant.dir ?? mkdtempSync(join(tmpdir(), `jointly-bench-${kind}-`));
  if (variant.copyOf) cpSync(variant.copyOf, dir, { recursive: true });
  const launch = launchOf(kind, port, dir, variant);
  launch.env = { ...launch.env, ...variant.env };
  const url = `http://127.0.0.1:${port}`;
  const target: ServerTarget = {
    kind,
    url,
    wsUrl: kind === 'ours' ? `ws://127.0.0.1:${port}/collab` : `ws://127.0.0.1:${port}`,
    dataDir: dir,
  };
  const output: string[] = [];
  let child = await spawnReady(launch, url, output);

  const stopChild = async (current: ChildProcess) => {
    if (current.exitCode !== null || current.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => current.once('exit', () => resolve()));
    // A graceful stop gets 30 s; after that the process is killed.
    const kill = setTimeout(() => {
      output.push(`[bench] ${kind} did not stop within 30 s of SIGTERM; killed\n`);
      current.kill('SIGKILL');
    }, 30_000);
    current.kill('SIGTERM');
    await exited;
    clearTimeout(kill);
  };

  return {
    kind,
    target,
    rss: () => rssOf(child.pid!),
    rooms: async () => {
      const response = await fetch(url + launch.statsPath);
      const body = (await response.json()) as { rooms?: number };
      return body.rooms ?? -1;
    },
    restart: async () => {
      await stopChild(child);
      child = await spawnReady(launch, url, output);
    },
    complaints: () =>
      output
        .join('')
        .split('\n')
        .filter((line) => /\b(warn|warning|error)\b/i.test(line))
        .slice(0, 20),
    stop: async () => {
      await stopChild(child);
      if (!variant.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function spawnReady(launch: Launch, url: string, output: string[]): Promise<ChildProcess> {
  const child = spawn(process.execPath, launch.args, {
    cwd: launch.cwd,
    env: { ...process.env, ...launch.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 500) output.splice(0, output.length - 500);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}) before it was ready:\n${output.join('')}`);
    try {
      const response = await fetch(url + launch.statsPath);
      if (response.ok) return child;
    } catch {
      // Not listening yet.
    }
    await sleep(50);
  }
  child.kill('SIGKILL');
  throw new Error(`server did not become ready in 60 s:\n${output.join('')}`);
}

function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmRSS:\s+(\d+)\s+kB/.exec(status);
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) * 1024;
}
