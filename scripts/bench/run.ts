/**
 * `npm run bench`: our server, the reference y-websocket server and Hocuspocus+SQLite,
 * each in its own process on loopback, driven through the same workloads by real
 * protocol clients in a separate process. Prints one table and writes
 * scripts/bench/results/latest.json.
 *
 *   npm run bench -- --quick            a short smoke run
 *   npm run bench -- --runs 3           repeat, report medians
 *   npm run bench -- --only throughput  one workload (comma-separate several)
 *   npm run bench -- --only servers     several servers on PostgreSQL + Redis (several-servers/)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runDriver } from './drive.js';
import { evaluateGoals } from './goals.js';
import { parseOptions, type Options } from './options.js';
import { paths } from './paths.js';
import { ensurePeers, peerVersions } from './peers.js';
import type { Metrics, ServerKind, WorkloadName } from './protocol.js';
import { describeMachine, renderReport, type Summary } from './report.js';
import { startServer, type BenchServer } from './servers.js';
import { renderSeveralServersReport, severalServersGoals } from './several-servers/report.js';
import { runSeveralServers, type SeveralServersResult } from './several-servers/run.js';
import { buildInitialDocument } from '../../server/src/workspace/initial-document.js';
import { median } from './stats.js';

type Samples = Record<string, (number | string | null)[]>;

async function main(): Promise<void> {
  let options: Options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  }
  ensurePeers();
  const machine = describeMachine();
  const starter = Buffer.from(buildInitialDocument()).toString('base64');
  const samples: Partial<Record<ServerKind | 'baseline', Samples>> = {};
  const errors: Record<string, string> = {};
  const raw: { run: number; server: ServerKind | 'baseline'; workload: WorkloadName; metrics?: Metrics; error?: string }[] = [];
  const started = Date.now();

  for (let run = 1; run <= options.runs; run++) {
    const seed = 1000 + run;
    for (const workload of options.workloads) {
      // Several servers is a run of its own, after the others.
      if (workload === 'servers') continue;
      const servers: (ServerKind | null)[] = workload === 'limit' ? [null] : options.servers;
      for (const kind of servers) {
        const who = kind ?? 'baseline';
        progress(`run ${run}/${options.runs}: ${workload} on ${who}…`);
        const t0 = Date.now();
        let server: BenchServer | null = null;
        try {
          server = kind ? await startServer(kind) : null;
          const metrics = await runDriver({ workload, target: server?.target ?? null, sizes: options.sizes, seed, starter }, server);
          raw.push({ run, server: who, workload, metrics });
          const bucket = (samples[who] ??= {});
          for (const [key, value] of Object.entries(metrics)) (bucket[key] ??= []).push(value);
          progress(`  done in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${brief(metrics)}`);
          const complaints = server?.complaints() ?? [];
          if (complaints.length > 0) progress(`  the server warned:\n    ${complaints.slice(0, 5).join('\n    ')}`);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          errors[`${who} ${workload}`] = message;
          raw.push({ run, server: who, workload, error: message });
          progress(`  FAILED: ${message.split('\n')[0]}`);
          const complaints = server?.complaints() ?? [];
          if (complaints.length > 0) progress(`  server said:\n    ${complaints.join('\n    ')}`);
        } finally {
          await server?.stop();
        }
      }
    }
  }

  const medianOf = (bucket: Samples | undefined): Metrics => {
    const out: Metrics = {};
    for (const [key, values] of Object.entries(bucket ?? {})) {
      const numbers = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
      const text = values.find((v): v is string => typeof v === 'string');
      out[key] = numbers.length > 0 ? median(numbers) : (text ?? null);
    }
    return out;
  };
  const summary: Summary = {
    machine,
    sizes: options.sizes,
    runs: options.runs,
    servers: options.servers,
    medians: Object.fromEntries(options.servers.map((kind) => [kind, medianOf(samples[kind])])),
    baseline: medianOf(samples.baseline),
    errors,
  };
  let several: (SeveralServersResult & { goals: ReturnType<typeof severalServersGoals> }) | null = null;
  if (options.workloads.includes('servers')) {
    const result = await runSeveralServers({ runs: options.runs, sizes: options.sizes, starter, progress });
    several = { ...result, goals: severalServersGoals(result) };
  }
  const goals = evaluateGoals(summary);
  if (options.workloads.some((workload) => workload !== 'servers')) process.stdout.write(`\n${renderReport(summary, goals)}\n`);
  if (several) process.stdout.write(`\n${renderSeveralServersReport(several, options.sizes, machine, several.goals)}\n`);

  mkdirSync(paths.results, { recursive: true });
  const file = join(paths.results, 'latest.json');
  const record = {
    machine,
    options: { runs: options.runs, quick: options.quick, workloads: options.workloads, servers: options.servers },
    sizes: options.sizes,
    peers: peerVersions(),
    seconds: Math.round((Date.now() - started) / 1000),
    medians: summary.medians,
    baseline: summary.baseline,
    goals,
    errors,
    runs: raw,
    several,
  };
  writeFileSync(file, JSON.stringify(record, null, 2) + '\n');
  process.stdout.write(`\nResults written to ${file}\n`);
}

function progress(line: string): void {
  process.stdout.write(`${line}\n`);
}

function brief(metrics: Metrics): string {
  return Object.entries(metrics)
    .map(([key, value]) => `${key.split('.')[1]}=${typeof value === 'number' ? +value.toPrecision(4) : value}`)
    .join(' ');
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
