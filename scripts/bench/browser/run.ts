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
 * turns going first in each run. Typing alone is also measured in an editable box with no
 * script at all: the floor the browser's own frames set on this machine. Prints one table
 * and writes results/browser-latest.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../../client/e2e/support/browser.js';
import { median, percentile } from '../stats.js';
import { startCrowd, type CrowdOptions } from './crowd.js';
import { openEditor, signedInContext, typeAndMeasure } from './measure.js';
import { readBrowserOptions } from './options.js';
import { startBench, type BenchSetup } from './setup.js';
import { browserGoals, comparisonTable, mediansOf, type Figures } from './table.js';

const resultsDir = new URL('../results/', import.meta.url);
const usage = 'npm run bench:browser -- [--runs N] [--keystrokes N] [--opens N] [--quick]';
const { runs, keystrokes, opens } = readBrowserOptions(usage, { runs: 3, keystrokes: 300, opens: 3 });

const pages = ['ours', 'bare'] as const;
type PageKind = (typeof pages)[number];

const scenarios: { key: string; label: string; crowd: CrowdOptions | null }[] = [
  { key: 'alone', label: 'alone', crowd: null },
  { key: 'typing', label: '5 others typing', crowd: { typists: 5, present: 0, perSecond: 8 } },
  { key: 'crowd', label: '5 typing + 20 present', crowd: { typists: 5, present: 20, perSecond: 8 } },
];

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
      page.on('crash', () => console.error(`run ${run}, ${kind}: the page crashed`));
      await openEditor(page, url);
      const latencies = await typeAndMeasure(page, keystrokes, run).catch(async (error: unknown) => {
        // What the page showed, for whoever reads the failure.
        const shot = new URL(`browser-failure-${kind}-run${run}-${scenario.key}.png`, resultsDir);
        await page.screenshot({ path: fileURLToPath(shot), fullPage: false }).catch(() => undefined);
        console.error(`run ${run}, ${kind}: typing ${scenario.label} failed; the page as it was: ${fileURLToPath(shot)}`);
        throw error;
      });
      figures[`${scenario.key}.p50`] = percentile(latencies, 50);
      figures[`${scenario.key}.p95`] = percentile(latencies, 95);
    } finally {
      await context.close();
      crowd?.stop();
    }
  }
  return figures;
}

/** Typing alone in the editable box with no script: the browser's own floor. */
async function measureFloor(browser: Browser, setup: BenchSetup, run: number): Promise<Figures> {
  console.log(`run ${run}, floor: typing alone…`);
  const context = await signedInContext(browser, setup.server.url, setup.me.cookie);
  try {
    const page = await context.newPage();
    await page.goto(setup.floorUrl);
    const latencies = await typeAndMeasure(page, keystrokes, run);
    return { 'alone.p50': percentile(latencies, 50), 'alone.p95': percentile(latencies, 95) };
  } finally {
    await context.close();
  }
}

function table(medians: Record<PageKind, Figures>): string {
  const rows = [
    { label: 'open, ms (navigation to an editable, complete editor)', key: 'open.ms', goalMs: browserGoals.openMs },
    ...scenarios.flatMap((s) => [
      { label: `keystroke to screen p50, ms (${s.label})`, key: `${s.key}.p50`, goalMs: null },
      { label: `keystroke to screen p95, ms (${s.label})`, key: `${s.key}.p95`, goalMs: browserGoals.keystrokeP95Ms },
    ]),
  ];
  return comparisonTable(rows, medians.ours, medians.bare, { page: 'ours', peer: 'bare page', ratio: 'ours ÷ bare' });
}

async function main(): Promise<void> {
  console.log('Building both pages and starting the server…');
  mkdirSync(resultsDir, { recursive: true });
  const setup = await startBench(25);
  const browser = await launchChromium();
  const perRun: Record<PageKind, Figures>[] = [];
  const floorRuns: Figures[] = [];
  try {
    // One unmeasured open of each page first: a browser's very first page pays for starting
    // its own processes, which neither page should carry.
    for (const url of [setup.workspaceUrl, setup.bareUrl]) {
      const context = await signedInContext(browser, setup.server.url, setup.me.cookie);
      await openEditor(await context.newPage(), url);
      await context.close();
    }
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
      floorRuns.push(await measureFloor(browser, setup, run));
    }
  } finally {
    await browser.close();
    await setup.close();
  }
  const medians = mediansOf(pages, perRun);
  console.log(`\n300-requirement specification, ${keystrokes} keystrokes per measure, ${runs} run(s), medians:\n`);
  console.log(table(medians));
  const floor = { p50: median(floorRuns.map((f) => f['alone.p50']!)), p95: median(floorRuns.map((f) => f['alone.p95']!)) };
  console.log(
    `\nThe floor, an editable box with no script (typing alone): p50 ${floor.p50.toFixed(1)} ms, p95 ${floor.p95.toFixed(1)} ms;` +
      ` the bare page's p95 is ${(medians.bare['alone.p95']! / floor.p95).toFixed(1)}× it.`,
  );
  writeFileSync(
    new URL('browser-latest.json', resultsDir),
    `${JSON.stringify({ runs, keystrokes, opens, perRun, medians, floorRuns, floor }, null, 2)}\n`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
