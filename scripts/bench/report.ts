/**
 * The printed report: a header naming the machine, one table (a row per figure, a column
 * per server, our ratio to each peer), the in-process baseline, and the goals.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg, totalmem } from 'node:os';
import type { Metrics, ServerKind, Sizes } from './protocol.js';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  node: string;
  date: string;
  /** 1-minute load average when the bench started: other work on the machine skews every figure. */
  loadAtStart: number;
}

export interface Summary {
  machine: Machine;
  sizes: Sizes;
  runs: number;
  servers: ServerKind[];
  /** Median of each figure over the runs, per server. */
  medians: Partial<Record<ServerKind, Metrics>>;
  baseline: Metrics;
  /** "server workload" → why it failed. */
  errors: Record<string, string>;
}

export interface Goal {
  text: string;
  /** null: not measured in this run. */
  met: boolean | null;
  detail: string;
}

export function describeMachine(): Machine {
  let cpu = 'unknown CPU';
  try {
    cpu = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? cpu;
  } catch {
    // Not Linux: keep "unknown".
  }
  return {
    cpu,
    cores: availableParallelism(),
    memoryGb: Math.round(totalmem() / 1024 ** 3),
    node: process.version,
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    loadAtStart: loadavg()[0]!,
  };
}

type Better = 'higher' | 'lower';

interface Row {
  key: string;
  label: string;
  digits: number;
  better: Better;
}

function rowsFor(sizes: Sizes): Row[] {
  const f = sizes.fanout;
  return [
    {
      key: 'fanout.p50',
      label: `fan-out p50 latency, ms (${f.clients} clients, ${f.writers}×${f.perSecond}/s, ${f.seconds} s)`,
      digits: 1,
      better: 'lower',
    },
    { key: 'fanout.p95', label: 'fan-out p95 latency, ms', digits: 1, better: 'lower' },
    { key: 'fanout.p99', label: 'fan-out p99 latency, ms', digits: 1, better: 'lower' },
    { key: 'fanout.max', label: 'fan-out max latency, ms', digits: 1, better: 'lower' },
    { key: 'fanout.lost', label: 'fan-out lost updates', digits: 0, better: 'lower' },
    { key: 'server.inServerP50', label: 'fan-out: arrival → sent on, in the server, p50 ms', digits: 2, better: 'lower' },
    { key: 'server.inServerP99', label: 'fan-out: arrival → sent on, in the server, p99 ms', digits: 2, better: 'lower' },
    { key: 'server.commitP50', label: 'fan-out: commit transaction, p50 ms', digits: 2, better: 'lower' },
    { key: 'server.commitP99', label: 'fan-out: commit transaction, p99 ms', digits: 2, better: 'lower' },
    { key: 'disk.flushP50', label: 'the disk alone: append + fsync in the data folder, p50 ms', digits: 2, better: 'lower' },
    { key: 'disk.flushP99', label: 'the disk alone: append + fsync in the data folder, p99 ms', digits: 2, better: 'lower' },
    {
      key: 'presence.messagesPerSecond',
      label: `presence messages one client is sent per second (${sizes.presence.clients} present, ${sizes.presence.typists} typing ${sizes.presence.perSecond}/s, cursors re-sent on every change)`,
      digits: 0,
      better: 'lower',
    },
    { key: 'presence.moveP50', label: 'presence: a cursor move reaching another client, p50 ms', digits: 1, better: 'lower' },
    { key: 'presence.moveMax', label: 'presence: a cursor move reaching another client, max ms', digits: 1, better: 'lower' },
    { key: 'presence.movesLost', label: 'presence: cursor moves never seen', digits: 0, better: 'lower' },
    { key: 'throughput.perSecond', label: `throughput, updates/s (${sizes.throughput.updates} updates)`, digits: 0, better: 'higher' },
    { key: 'throughput.seconds', label: 'throughput: first send → reader has all, s', digits: 2, better: 'lower' },
    { key: 'throughput.readerMessages', label: 'throughput: messages the reader got them in (info)', digits: 0, better: 'lower' },
    { key: 'coldload.ms', label: `cold load after restart, ms (${sizes.coldLoad.updates} updates)`, digits: 1, better: 'lower' },
    { key: 'coldload.secondClientMs', label: 'then a second fresh client (room open, process warm), ms', digits: 1, better: 'lower' },
    {
      key: 'rooms.openSeconds',
      label: `open ${sizes.manyRooms.rooms} rooms of ~${sizes.manyRooms.bytesPerRoom / 1000} KB, s`,
      digits: 2,
      better: 'lower',
    },
    { key: 'rooms.rssPerRoomKb', label: 'server RSS per open room, KB', digits: 1, better: 'lower' },
    { key: 'rooms.inMemoryAfter', label: 'rooms in memory after all left + grace', digits: 0, better: 'lower' },
    { key: 'rooms.rssAfterPerRoomKb', label: 'RSS per room after all left + grace, KB', digits: 1, better: 'lower' },
    {
      key: 'churn.divergent',
      label: `churn divergent clients (${sizes.churn.clients} clients, ${sizes.churn.seconds} s)`,
      digits: 0,
      better: 'lower',
    },
    { key: 'churn.missing', label: 'churn missing items', digits: 0, better: 'lower' },
    { key: 'churn.duplicated', label: 'churn duplicated items', digits: 0, better: 'lower' },
    { key: 'churn.items', label: 'churn items written (info)', digits: 0, better: 'higher' },
    { key: 'churn.convergeMs', label: 'churn time to converge after last edit, ms', digits: 0, better: 'lower' },
  ];
}

const columns: Record<ServerKind, string> = { ours: 'ours', ref: 'y-websocket (ref)', hocuspocus: 'Hocuspocus+SQLite' };

function workloadOf(key: string): string {
  const prefix = key.split('.')[0]!;
  return (
    {
      fanout: 'fanout',
      server: 'fanout',
      disk: 'fanout',
      throughput: 'throughput',
      coldload: 'cold-load',
      rooms: 'many-rooms',
      churn: 'churn',
      limit: 'limit',
    }[prefix] ?? prefix
  );
}

function formatNumber(value: number, digits: number): string {
  if (!Number.isFinite(value)) return '—';
  return value.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function cell(summary: Summary, server: ServerKind, row: Row): string {
  if (!summary.servers.includes(server)) return '';
  const value = summary.medians[server]?.[row.key];
  if (value === undefined) return summary.errors[`${server} ${workloadOf(row.key)}`] ? 'failed' : '';
  if (value === null) return '—';
  return typeof value === 'number' ? formatNumber(value, row.digits) : value;
}

/** ours ÷ peer, when both are numbers and the peer's is not zero. */
export function ratio(summary: Summary, key: string, peer: ServerKind): number | null {
  const ours = summary.medians.ours?.[key];
  const theirs = summary.medians[peer]?.[key];
  if (typeof ours !== 'number' || typeof theirs !== 'number' || theirs === 0) return null;
  return ours / theirs;
}

function ratioCell(summary: Summary, row: Row, peer: ServerKind): string {
  const value = ratio(summary, row.key, peer);
  return value === null ? '—' : `${value.toFixed(2)}×`;
}

function table(header: string[], body: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-+-'), ...body.map(line)].join('\n');
}

export function renderReport(summary: Summary, goals: Goal[]): string {
  const m = summary.machine;
  const out: string[] = [];
  out.push(`Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GiB, Node ${m.node}, ${m.date}`);
  out.push(`Runs: ${summary.runs} (figures are medians over runs); all on loopback, load from a separate process.`);
  const [endLoad] = loadavg();
  out.push(
    `Load average (1 min): ${m.loadAtStart.toFixed(2)} at start, ${endLoad!.toFixed(2)} at end${m.loadAtStart > m.cores / 2 ? ' — the machine was busy: figures are noisy' : ''}.`,
  );
  out.push('');
  const header = ['metric', columns.ours, columns.ref, columns.hocuspocus, 'ours÷ref', 'ours÷hocuspocus'];
  const body = rowsFor(summary.sizes)
    .filter((row) =>
      summary.servers.some((s) => summary.medians[s]?.[row.key] !== undefined || summary.errors[`${s} ${workloadOf(row.key)}`]),
    )
    .map((row) => [
      `${row.label} ${row.better === 'higher' ? '↑' : '↓'}`,
      cell(summary, 'ours', row),
      cell(summary, 'ref', row),
      cell(summary, 'hocuspocus', row),
      ratioCell(summary, row, 'ref'),
      ratioCell(summary, row, 'hocuspocus'),
    ]);
  out.push(table(header, body));
  out.push('(↑ higher is better, ↓ lower is better)');

  const apply = summary.baseline['limit.applyPerSecond'];
  const relay = summary.baseline['limit.relayPerSecond'];
  if (typeof apply === 'number' && typeof relay === 'number') {
    out.push('');
    out.push(`Baseline, in-process, no server (${summary.sizes.limit.updates} updates):`);
    out.push(`  Y.applyUpdate to a fresh doc:           ${formatNumber(apply, 0)} updates/s`);
    out.push(`  decode + apply + encode (a relay's job): ${formatNumber(relay, 0)} updates/s`);
    const ours = summary.medians.ours?.['throughput.perSecond'];
    if (typeof ours === 'number') out.push(`  ours reaches ${((ours / relay) * 100).toFixed(1)}% of the relay limit`);
  } else if (summary.errors['baseline limit']) {
    out.push(`Baseline failed: ${summary.errors['baseline limit']}`);
  }

  out.push('', ...goalAndFailureLines('', goals, summary.errors));
  out.push('');
  out.push('Durability differs: ours commits each update to SQLite (synchronous=FULL) before anyone receives it;');
  out.push('Hocuspocus stores the whole document debounced (2 s, at most 10 s); the reference server keeps memory only.');
  return out.join('\n');
}

/**
 * The goals, each marked met, missed or not applicable, then what failed (its first line),
 * under headings followed by `qualifier` (e.g. " (several servers)").
 */
export function goalAndFailureLines(qualifier: string, goals: readonly Goal[], errors: Record<string, string>): string[] {
  const lines = [`GOALS${qualifier}`];
  for (const goal of goals) {
    const mark = goal.met === null ? 'n/a ' : goal.met ? 'MET ' : 'MISS';
    lines.push(`  [${mark}] ${goal.text}: ${goal.detail}`);
  }
  const failures = Object.entries(errors);
  if (failures.length > 0) {
    lines.push('', `FAILURES${qualifier}`);
    for (const [what, why] of failures) lines.push(`  ${what}: ${why.split('\n')[0]}`);
  }
  return lines;
}
