/**
 * The orchestrator's side of a driver process: starts it, hands it the job, carries out
 * the server actions it asks for, and returns its figures.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { benchDir, repoRoot } from './paths.js';
import type { DriverJob, DriverMessage, Metrics, OrchestratorMessage } from './protocol.js';
import type { BenchServer } from './servers.js';

/** A workload that takes longer than this has hung. */
const driverTimeoutMs = 15 * 60_000;

export function runDriver(job: DriverJob, server: BenchServer | null): Promise<Metrics> {
  // BENCH_DRIVER_FLAGS adds node flags to the load process (e.g. --cpu-prof) when profiling.
  const flags = (process.env.BENCH_DRIVER_FLAGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...flags, '--import', 'tsx', join(benchDir, 'driver.ts')], {
    cwd: repoRoot,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const tell = (message: OrchestratorMessage) => {
    if (child.connected) child.send(message);
  };
  return new Promise<Metrics>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      settle(() => reject(new Error(`${job.workload} did not finish in ${driverTimeoutMs / 60_000} min`)));
    }, driverTimeoutMs);

    child.on('message', (raw) => {
      const message = raw as DriverMessage;
      if (message.type === 'result') settle(() => resolve(message.metrics));
      else if (message.type === 'failed') settle(() => reject(new Error(message.error)));
      else if (message.type === 'control') {
        act(server, message.op).then(
          (value) => tell({ type: 'control-reply', id: message.id, value }),
          (error: unknown) => tell({ type: 'control-reply', id: message.id, value: null, error: String(error) }),
        );
      }
    });
    child.on('exit', (code, signal) => {
      settle(() => reject(new Error(`the driver exited (${code ?? signal}) without a result`)));
    });
    child.on('error', (error) => settle(() => reject(error)));
    tell({ type: 'job', job });
  });
}

async function act(server: BenchServer | null, op: 'rss' | 'rooms' | 'restart'): Promise<number | null> {
  if (!server) throw new Error(`no server to ${op}`);
  switch (op) {
    case 'rss':
      return server.rss();
    case 'rooms':
      return server.rooms();
    case 'restart':
      await server.restart();
      return null;
  }
}
