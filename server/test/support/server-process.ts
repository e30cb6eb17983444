/**
 * The real server as its own process (`server/src/main.ts` under tsx), for tests that
 * kill it: SIGKILL leaves no chance to flush, exactly like a power cut.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export interface ServerProcess {
  readonly url: string;
  readonly collabUrl: string;
  readonly child: ChildProcess;
  readonly output: string[];
  /** Resolves when the process has exited. */
  readonly exited: Promise<number | null>;
  kill(signal: NodeJS.Signals): Promise<number | null>;
}

/** A loopback port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * A loopback port held (listened on) until `release()`, for a server that can only start
 * listening some seconds later: meanwhile no other test can be given it.
 */
export function reservePort(): Promise<{ port: number; release: () => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const holder = createServer();
    holder.once('error', reject);
    holder.listen(0, '127.0.0.1', () => {
      const address = holder.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({ port, release: () => new Promise<void>((done) => holder.close(() => done())) });
    });
  });
}

/** A server process whose live sync is open to anyone (see open-server.ts). */
export const openServerEntry = 'server/test/support/open-server.ts';

export interface SpawnOptions {
  port: number;
  databasePath: string;
  env?: Record<string, string>;
  /** The program to run, from the repository's root: `server/src/main.ts` unless told. */
  entry?: string;
}

/** Starts the server as its own process and resolves once it listens. */
export async function spawnServer(options: SpawnOptions): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', options.entry ?? 'server/src/main.ts'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(options.port),
      DATABASE_PATH: options.databasePath,
      CLIENT_DIR: '',
      LOG_LEVEL: 'info',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      output.push(text);
      if (text.includes(' listening ')) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => reject(new Error(`server exited (${code}) before listening:\n${output.join('')}`)));
    setTimeout(() => reject(new Error(`server did not start in time:\n${output.join('')}`)), 30_000).unref();
  });
  const url = `http://127.0.0.1:${options.port}`;
  return {
    url,
    collabUrl: `ws://127.0.0.1:${options.port}/collab`,
    child,
    output,
    exited,
    kill: (signal) => {
      child.kill(signal);
      return exited;
    },
  };
}
