/**
 * The browser benchmark: how fast our workspace opens and how quickly a keystroke reaches
 * the screen with a 300-requirement specification open, beside a bare page holding the
 * same document (TipTap on Yjs with the same extensions, nothing else: the limit for
 * this stack), both in headless Chromium against the real server on loopback.
 *
 *   npm run bench:browser                     # 3 runs, medians
 *   npm run bench:browser -- --runs 5 --keystrokes 500
 *   npm run bench:browser -- --quick          # one short run
 *
 * Typing is measured alone, with 5 other people typing in the document, and with 20 more
 * present (real y-websocket clients through the server, see crowd.ts). The pages take
 * turns going first in each run. Prints one table and writes results/browser-latest.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../../client/e2e/support/browser.js';
import { median, percentile } from '../stats.js';
import { startCrowd, type CrowdOptions } from './crowd.js';
import { openEditor, signedInContext, typeAndMeasure } from './measure.js';
import { startBench, type BenchSetup } from './setup.js';

const usage = 'npm run bench:browser -- [--runs N] [--keystrokes N] [--opens N] [--quick]';
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    keystrokes: { type: 'string', default: '300' },
    opens: { type: 'string', default: '3' },
    quick: { type: 'boolean', default: false },
  },
});
const whole = (name: string, value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} takes a whole number ≥ 1\n${usage}`);
  return n;
};
const runs = values.quick ? 1 : whole('runs', values.runs);
const keystrokes = values.quick ? 100 : whole('keystrokes', values.keystrokes);
const opens = values.quick ? 1 : whole('opens', values.opens);

const pages = ['ours', 'bare'] as const;
type PageKind = (typeof pages)[number];

const scenarios: { key: string; label: string; crowd: CrowdOptions | null }[] = [
  { key: 'alone', label: 'alone', crowd: null },
  { key: 'typing', label: '5 others typing', crowd: { typists: 5, present: 0, perSecond: 8 } },
  { key: 'crowd', label: '5 typing + 20 present', crowd: { typists: 5, present: 20, perSecond: 8 } },
];

/** One run's figures for one page, by name (e.g. `open.ms`, `typing.p95`). */
type Figures = Record<string, number>;

async function measurePage(browser: Browser, setup: BenchSetup, kind: PageKind, run: number): Promise<Figures> {
  const url = kind === 'ours' ? setup.workspaceUrl : setup.bareUrl;
  const figures: Figures = {};
  const openTimes: number[] = [];
  for (let i = 0; i < opens; i++) {
    const context = await signedInContext(browser, setup.server.url, setup.me.cookie);
    openTimes.push(await openEditor(await context.newPage(), url));
    await context.close();
  }
  figures['open.ms'] = median(openTimes);
  for (const scenario of scenarios) {
    console.log(`run ${run}, ${kind}: typing ${scenario.label}…`);
    const crowd = scenario.crowd ? await startCrowd(setup, scenario.crowd) : null;
    const context = await signedInContext(browser, setup.server.url, setup.me.cookie);
    try {
      const page = await context.newPage();
      await openEditor(page, url);
      const latencies = await typeAndMeasure(page, keystrokes, run);
      figures[`${scenario.key}.p50`] = percentile(latencies, 50);
      figures[`${scenario.key}.p95`] = percentile(latencies, 95);
    } finally {
      await context.close();
      crowd?.stop();
    }
  }
  return figures;
}

function table(medians: Record<PageKind, Figures>): string {
  const rows: { label: string; key: string; goal: number | null }[] = [
    { label: 'open, ms (navigation to an editable, complete editor)', key: 'open.ms', goal: 1000 },
    ...scenarios.flatMap((s) => [
      { label: `keystroke to screen p50, ms (${s.label})`, key: `${s.key}.p50`, goal: null },
      { label: `keystroke to screen p95, ms (${s.label})`, key: `${s.key}.p95`, goal: 16 },
    ]),
  ];
  const header = ['', 'ours', 'bare page', 'ours ÷ bare', 'goal: ≤ 1.2× and'];
  const cells = rows.map(({ label, key, goal }) => {
    const ours = medians.ours[key]!;
    const bare = medians.bare[key]!;
    const ratio = ours / bare;
    const met = ratio <= 1.2 && (goal === null || ours <= goal);
    return [
      label,
      ours.toFixed(1),
      bare.toFixed(1),
      `${ratio.toFixed(2)}×`,
      `${goal === null ? '' : `≤ ${goal} ms `}${met ? 'met' : 'MISSED'}`,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

async function main(): Promise<void> {
  console.log('Building both pages and starting the server…');
  const setup = await startBench(25);
  const browser = await launchChromium();
  const perRun: Record<PageKind, Figures>[] = [];
  try {
    for (let run = 1; run <= runs; run++) {
      const figures = {} as Record<PageKind, Figures>;
      // The pages take turns going first, so neither always meets a warmer machine.
      for (const kind of run % 2 === 1 ? pages : [...pages].reverse()) {
        figures[kind] = await measurePage(browser, setup, kind, run);
        console.log(
          `run ${run}/${runs} ${kind}: ${JSON.stringify(figures[kind], (_, v: unknown) => (typeof v === 'number' ? Math.round(v * 10) / 10 : v))}`,
        );
      }
      perRun.push(figures);
    }
  } finally {
    await browser.close();
    await setup.close();
  }
  const medians = Object.fromEntries(
    pages.map((kind) => [
      kind,
      Object.fromEntries(Object.keys(perRun[0]![kind]).map((key) => [key, median(perRun.map((r) => r[kind][key]!))])),
    ]),
  ) as Record<PageKind, Figures>;
  console.log(`\n300-requirement specification, ${keystrokes} keystrokes per measure, ${runs} run(s), medians:\n`);
  console.log(table(medians));
  const resultsDir = new URL('../results/', import.meta.url);
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(new URL('browser-latest.json', resultsDir), `${JSON.stringify({ runs, keystrokes, opens, perRun, medians }, null, 2)}\n`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
