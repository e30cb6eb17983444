/**
 * The several-servers table: a column per setup, the ratios that the goals are about,
 * the goals, and what the machine allows (every process of a setup shares its cores).
 */
import type { Metrics, Sizes } from '../protocol.js';
import { goalAndFailureLines, type Goal, type Machine } from '../report.js';
import type { SeveralServersResult } from './run.js';
import type { SetupName } from './setups.js';

const columns: Record<SetupName, string> = {
  'ours-sqlite': 'ours×1 SQLite',
  'ours-postgres-1': 'ours×1 PG+Redis',
  'ours-postgres-3': 'ours×3 PG+Redis',
  'hocuspocus-1': 'Hocuspocus×1 Redis',
  'hocuspocus-3': 'Hocuspocus×3 Redis',
};

/** A ratio column: one setup's figure divided by another's. */
const ratios: { label: string; top: SetupName; bottom: SetupName }[] = [
  { label: 'ours×3 ÷ ours×1 PG', top: 'ours-postgres-3', bottom: 'ours-postgres-1' },
  { label: 'ours×3 ÷ SQLite', top: 'ours-postgres-3', bottom: 'ours-sqlite' },
  { label: 'ours×3 ÷ Hocuspocus×3', top: 'ours-postgres-3', bottom: 'hocuspocus-3' },
  { label: 'ours×1 PG ÷ Hocuspocus×1', top: 'ours-postgres-1', bottom: 'hocuspocus-1' },
];

interface Row {
  key: string;
  label: string;
  digits: number;
  higherIsBetter: boolean;
}

function rowsFor(sizes: Sizes): Row[] {
  const { documents, updatesPerDocument } = sizes.servers;
  const f = sizes.fanout;
  return [
    {
      key: 'documents.perSecond',
      label: `throughput, updates/s (${documents} documents × ${updatesPerDocument} updates)`,
      digits: 0,
      higherIsBetter: true,
    },
    { key: 'documents.seconds', label: 'throughput: first send → every reader has all, s', digits: 2, higherIsBetter: false },
    {
      key: 'fanout.p50',
      label: `fan-out p50 latency, ms (${f.clients} clients, ${f.writers}×${f.perSecond}/s, ${f.seconds} s)`,
      digits: 1,
      higherIsBetter: false,
    },
    { key: 'fanout.p95', label: 'fan-out p95 latency, ms', digits: 1, higherIsBetter: false },
    { key: 'fanout.p99', label: 'fan-out p99 latency, ms', digits: 1, higherIsBetter: false },
    { key: 'fanout.max', label: 'fan-out max latency, ms', digits: 1, higherIsBetter: false },
    { key: 'fanout.lost', label: 'fan-out lost updates', digits: 0, higherIsBetter: false },
  ];
}

function figure(result: SeveralServersResult, setup: SetupName, key: string): number | null {
  const value: Metrics[string] | undefined = result.medians[setup]?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function ratioOf(result: SeveralServersResult, key: string, top: SetupName, bottom: SetupName): number | null {
  const [a, b] = [figure(result, top, key), figure(result, bottom, key)];
  return a === null || b === null || b === 0 ? null : a / b;
}

const x = (value: number | null) => (value === null ? '—' : `${value.toFixed(2)}×`);

/** The goals of the several-servers run, judged on the medians. */
export function severalServersGoals(result: SeveralServersResult): Goal[] {
  const scale = ratioOf(result, 'documents.perSecond', 'ours-postgres-3', 'ours-postgres-1');
  const p99 = ratioOf(result, 'fanout.p99', 'ours-postgres-3', 'ours-sqlite');
  const lost = (['ours-sqlite', 'ours-postgres-1', 'ours-postgres-3'] as const).map((setup) => figure(result, setup, 'fanout.lost'));
  return [
    {
      text: 'three servers carry ≥ 2× one server’s throughput across many documents',
      met: scale === null ? null : scale >= 2,
      detail: `ours×3 ÷ ours×1 on PostgreSQL ${x(scale)} (÷ one SQLite server ${x(ratioOf(result, 'documents.perSecond', 'ours-postgres-3', 'ours-sqlite'))})`,
    },
    {
      text: 'fan-out p99 across three servers ≤ 1.5× one SQLite server',
      met: p99 === null ? null : p99 <= 1.5,
      detail: `ours×3 ${figure(result, 'ours-postgres-3', 'fanout.p99')?.toFixed(1) ?? '?'} ms, SQLite ${figure(result, 'ours-sqlite', 'fanout.p99')?.toFixed(1) ?? '?'} ms = ${x(p99)}`,
    },
    {
      text: 'fan-out: no lost updates on any of our setups',
      met: lost.some((value) => value === null) ? null : lost.every((value) => value === 0),
      detail: lost.map((value) => value ?? '?').join(' / '),
    },
  ];
}

function formatNumber(value: number, digits: number): string {
  return value.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function table(header: string[], body: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-+-'), ...body.map(line)].join('\n');
}

export function renderSeveralServersReport(result: SeveralServersResult, sizes: Sizes, machine: Machine, goals: Goal[]): string {
  const out: string[] = ['SEVERAL SERVERS'];
  const setups = Object.keys(columns) as SetupName[];
  const body = rowsFor(sizes).map((row) => [
    `${row.label} ${row.higherIsBetter ? '↑' : '↓'}`,
    ...setups.map((setup) => {
      const value = figure(result, setup, row.key);
      if (value !== null) return formatNumber(value, row.digits);
      const part = row.key.startsWith('fanout') ? 'fanout' : 'documents';
      return result.errors[`${setup} ${part}`] || result.errors[`${setup} start`] ? 'failed' : '—';
    }),
    ...ratios.map((ratio) => (row.key === 'fanout.lost' ? '' : x(ratioOf(result, row.key, ratio.top, ratio.bottom)))),
  ]);
  out.push(table(['metric', ...setups.map((setup) => columns[setup]), ...ratios.map((ratio) => ratio.label)], body));
  out.push(
    'Clients go to a setup’s servers in turn: a document’s writer and reader are on different servers, and',
    'two thirds of each fan-out edit reaches its readers through Redis and PostgreSQL. PostgreSQL flushes',
    'every commit (fsync on), as our SQLite does; Hocuspocus stores whole documents 2–10 s later.',
    `Everything ran on this machine’s ${machine.cores} cores: with three servers, the three server processes,`,
    'PostgreSQL, Redis and the load process share them, so no server has a core of its own and the',
    'three-server figures show what crossing servers costs, not what three machines would carry.',
  );
  out.push('', ...goalAndFailureLines(' (several servers)', goals, result.errors));
  return out.join('\n');
}
