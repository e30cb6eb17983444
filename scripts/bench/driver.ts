/**
 * A load process: runs one workload against one server with real protocol clients, in
 * a process of its own so the clients' work is never counted as the server's. Started
 * by run.ts with an IPC channel: it receives the job, may ask for server actions, and
 * answers with the workload's figures.
 */
import { clientKit } from './clients.js';
import { spreadKit } from './clients-spread.js';
import { ipcControl, send } from './control.js';
import type { DriverJob, DriverWorkload, Metrics, OrchestratorMessage } from './protocol.js';
import { churn } from './workloads/churn.js';
import { coldLoad } from './workloads/cold-load.js';
import type { Workload } from './workloads/common.js';
import { documents } from './workloads/documents.js';
import { fanout } from './workloads/fanout.js';
import { manyRooms } from './workloads/many-rooms.js';
import { presence } from './workloads/presence.js';
import { throughput } from './workloads/throughput.js';

const workloads: Record<Exclude<DriverWorkload, 'limit'>, Workload> = {
  fanout,
  presence,
  throughput,
  'cold-load': coldLoad,
  'many-rooms': manyRooms,
  churn,
  documents,
};

async function run(job: DriverJob): Promise<Metrics> {
  // Loaded only here: it uses the root yjs, which a Hocuspocus driver must not load.
  if (job.workload === 'limit') return (await import('./workloads/limit.js')).limit(job.sizes);
  if (!job.target) throw new Error(`${job.workload} needs a server`);
  const kit = job.spread ? await spreadKit(job.spread) : await clientKit(job.target);
  return workloads[job.workload]({
    target: job.target,
    kit,
    sizes: job.sizes,
    seed: job.seed,
    starter: new Uint8Array(Buffer.from(job.starter, 'base64')),
    control: ipcControl(),
  });
}

// Each y-websocket provider adds an exit listener of its own; dozens are expected here.
process.setMaxListeners(0);

process.once('message', (raw) => {
  const message = raw as OrchestratorMessage;
  if (message.type !== 'job') return;
  run(message.job)
    .then(
      (metrics) => send({ type: 'result', metrics }),
      (error: unknown) => send({ type: 'failed', error: error instanceof Error ? error.message : String(error) }),
    )
    .finally(() => {
      // Providers keep timers of their own; the job is over.
      process.exit(0);
    });
});
