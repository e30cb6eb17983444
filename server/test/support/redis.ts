/**
 * A private Redis for a test file: Debian's redis-server (scripts/ensure-services.sh
 * installs it) on 127.0.0.1 and a free port, working in a temporary folder, keeping
 * nothing on disk. It can be stopped and started again on the same port, as an outage.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './server-process.js';

export interface TestRedis {
  /** redis://127.0.0.1:port */
  readonly url: string;
  readonly port: number;
  /** Its working folder. */
  readonly dir: string;
  /** Stops the server, keeping the port and folder for `start()`. */
  pause(): Promise<void>;
  /** Starts it again on the same port after `pause()`. */
  start(): Promise<void>;
  /** Stops the server and deletes its folder. Idempotent. */
  stop(): Promise<void>;
}

/** Starts a private Redis; stop it in the file's `afterAll`. */
export async function startTestRedis(): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'jointly-redis-'));
  const port = await freePort();
  let child: ChildProcess | null = null;
  let removed = false;

  const start = async () => {
    if (child || removed) return;
    // No persistence: neither snapshots nor an append-only file.
    const args = ['--bind', '127.0.0.1', '--port', String(port), '--dir', dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no'];
    const started = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: dir, env: realTimeEnvironment() });
    child = started;
    const output: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`redis-server did not start in time:\n${output.join('')}`)), 30_000);
      const onData = (chunk: Buffer) => {
        output.push(chunk.toString());
        if (output.join('').includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      };
      started.stdout.on('data', onData);
      started.stderr.on('data', onData);
      started.once('error', (error) => {
        clearTimeout(timer);
        reject(new Error(`redis-server could not run (run \`bash scripts/ensure-services.sh\`): ${error.message}`));
      });
      started.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited (${code}) before it was ready:\n${output.join('')}`));
      });
    }).catch((error: unknown) => {
      child = null;
      throw error;
    });
  };

  const pause = async () => {
    const running = child;
    if (!running) return;
    child = null;
    if (running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill('SIGTERM');
    await exited;
  };

  const killNow = () => child?.kill('SIGKILL');
  process.once('exit', killNow);

  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    pause,
    start,
    stop: async () => {
      process.off('exit', killNow);
      await pause();
      removed = true;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The environment without a faked clock: the suite may run under libfaketime to check our
 * code at other dates, but Redis is another program, on real time as in production (its
 * event loop does not start under a frozen clock).
 */
function realTimeEnvironment(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (name === 'LD_PRELOAD' || name.startsWith('FAKETIME')) delete env[name];
  return env;
}
