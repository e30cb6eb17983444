/**
 * What the browser benchmarks share once the measuring is done: the goals a page is held
 * to beside its peer, the medians of several runs, and the table that prints them.
 */
import { median } from '../stats.js';

/** One run's figures for one page, by name (e.g. `open.ms`, `alone.p95`). */
export type Figures = Record<string, number>;

/** The goals: within 1.2× of the peer, and these times where a row names one. */
export const browserGoals = {
  ratio: 1.2,
  /** Navigation to an editable, complete editor. */
  openMs: 1000,
  /** A keystroke's frame, at the 95th percentile: one frame at 60 Hz. */
  keystrokeP95Ms: 16,
} as const;

/** One row of the table: which figure, and the time it must stay within, if any. */
export interface TableRow {
  label: string;
  key: string;
  goalMs: number | null;
}

/** Each figure's median over the runs, per page. */
export function mediansOf<Kind extends string>(kinds: readonly Kind[], perRun: readonly Record<Kind, Figures>[]): Record<Kind, Figures> {
  return Object.fromEntries(
    kinds.map((kind) => [
      kind,
      Object.fromEntries(Object.keys(perRun[0]![kind]).map((key) => [key, median(perRun.map((r) => r[kind][key]!))])),
    ]),
  ) as Record<Kind, Figures>;
}

/**
 * The figures of a page beside its peer's, their ratio, and whether each goal is met.
 * `names` are the columns' headings: the page, the peer, and their ratio.
 */
export function comparisonTable(
  rows: readonly TableRow[],
  page: Figures,
  peer: Figures,
  names: { page: string; peer: string; ratio: string },
): string {
  const header = ['', names.page, names.peer, names.ratio, `goal: ≤ ${browserGoals.ratio}× and`];
  const cells = rows.map(({ label, key, goalMs }) => {
    const ours = page[key]!;
    const theirs = peer[key]!;
    const ratio = ours / theirs;
    const met = ratio <= browserGoals.ratio && (goalMs === null || ours <= goalMs);
    return [
      label,
      ours.toFixed(1),
      theirs.toFixed(1),
      `${ratio.toFixed(2)}×`,
      `${goalMs === null ? '' : `≤ ${goalMs} ms `}${met ? 'met' : 'MISSED'}`,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}
