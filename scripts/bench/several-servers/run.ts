/**
 * The several-servers run of `npm run bench` (`--only servers`): every setup in turn, the
 * same fan-out and many-documents throughput through each, clients spread over the
 * setup's servers by a load process of its own. Returns medians over the runs.
 */
import { runDriver } from '../drive.js';
import type { Metrics, Sizes } from '../protocol.js';
import { median } from '../stats.js';
import { setupNames, startSetup, startSharedParts, type SetupName } from './setups.js';

export interface SeveralServersResult {
  /** Median of each figure over the runs, per setup. */
  medians: Partial<Record<SetupName, Metrics>>;
  /** "setup part" → why it failed. */
  errors: Record<string, string>;
  runs: { run: number; setup: SetupName; part: 'fanout' | 'documents'; metrics?: Metrics; error?: string }[];
}

export interface SeveralServersOptions {
  runs: number;
  sizes: Sizes;
  /** Our starter document, base64, as the driver jobs carry it. */
  starter: string;
  progress: (line: string) => void;
}

export async function runSeveralServers(options: SeveralServersOptions): Promise<SeveralServersResult> {
  const { runs, sizes, progress } = options;
  progress('several servers: starting PostgreSQL and Redis, and seeding our database…');
  // One room for the fan-out, the rest for the many documents.
  const parts = await startSharedParts(1 + sizes.servers.documents);
  const samples: Partial<Record<SetupName, Record<string, number[]>>> = {};
  const result: SeveralServersResult = { medians: {}, errors: {}, runs: [] };
  try {
    for (let run = 1; run <= runs; run++) {
      for (const setup of setupNames) {
        progress(`run ${run}/${runs}: several servers, ${setup}…`);
        let running;
        try {
          running = await startSetup(setup, parts);
        } catch (error) {
          result.errors[`${setup} start`] = messageOf(error);
          progress(`  FAILED to start: ${messageOf(error).split('\n')[0]}`);
          continue;
        }
        try {
          for (const part of ['fanout', 'documents'] as const) {
            const t0 = Date.now();
            const rooms = running.rooms && (part === 'fanout' ? running.rooms.slice(0, 1) : running.rooms.slice(1));
            try {
              const metrics = await runDriver(
                {
                  workload: part,
                  target: running.targets[0]!,
                  spread: { targets: running.targets, rooms },
                  sizes,
                  seed: 1000 + run,
                  starter: options.starter,
                },
                running.servers[0]!,
              );
              result.runs.push({ run, setup, part, metrics });
              const bucket = (samples[setup] ??= {});
              for (const [key, value] of Object.entries(metrics)) if (typeof value === 'number') (bucket[key] ??= []).push(value);
              progress(`  ${part} done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
            } catch (error) {
              result.errors[`${setup} ${part}`] = messageOf(error);
              result.runs.push({ run, setup, part, error: messageOf(error) });
              progress(`  ${part} FAILED: ${messageOf(error).split('\n')[0]}`);
            }
          }
          const complaints = running.servers.flatMap((server) => server.complaints());
          if (complaints.length > 0) progress(`  the servers warned:\n    ${complaints.slice(0, 5).join('\n    ')}`);
        } finally {
          await running.stop();
        }
      }
    }
  } finally {
    await parts.stop();
  }
  for (const [setup, bucket] of Object.entries(samples) as [SetupName, Record<string, number[]>][]) {
    result.medians[setup] = Object.fromEntries(Object.entries(bucket).map(([key, values]) => [key, median(values)]));
  }
  return result;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
