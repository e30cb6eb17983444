/**
 * The review benchmark: the 300-requirement specification carrying 500 comment threads
 * and 200 open suggestions, beside the same specification without them (the same page,
 * no review load), opened by the lead borough's owner in headless Chromium against the
 * real server on loopback.
 *
 *   npm run bench:review                      # 3 runs, medians
 *   npm run bench:review -- --runs 1 --keystrokes 200
 *   npm run bench:review -- --quick           # one short run
 *   npm run bench:review -- --quick --profile # unminified, CPU profiles of the typing
 *
 * For each page: the time to an editable editor, to both panels listing everything, to
 * show the comments again once hidden, and keystroke latency with both panels shown,
 * typing alone and with another person typing a few requirements away (../browser/).
 * The pages take turns going first in each run. Prints one table and writes
 * results/review-latest.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../../client/e2e/support/browser.js';
import { startCrowd, type CrowdOptions } from '../browser/crowd.js';
import { signedInContext, typeAndMeasure } from '../browser/measure.js';
import { readBrowserOptions } from '../browser/options.js';
import { profilePage } from '../browser/page-profile.js';
import { browserGoals, comparisonTable, mediansOf, type Figures } from '../browser/table.js';
import { median, percentile } from '../stats.js';
import { openWithPanels, showCommentsTime } from './measure.js';
import { startReviewBench, type PageKind, type ReviewSetup } from './setup.js';

const usage = 'npm run bench:review -- [--runs N] [--keystrokes N] [--opens N] [--quick] [--profile]';
const { runs, keystrokes, opens, profile } = readBrowserOptions(usage, { runs: 3, keystrokes: 300, opens: 3 }, { profiling: true });
const resultsDir = new URL('../results/', import.meta.url);
/** How often the comments are hidden and shown again per run. */
const shows = 5;

const pages: readonly PageKind[] = ['reviewed', 'plain'];

const scenarios: { key: string; label: string; crowd: CrowdOptions | null }[] = [
  { key: 'alone', label: 'alone', crowd: null },
  { key: 'typing', label: 'another person typing', crowd: { typists: 1, present: 0, perSecond: 8 } },
];

async function measurePage(browser: Browser, setup: ReviewSetup, kind: PageKind, run: number): Promise<Figures> {
  const { url, counts, procurementId } = setup.pages[kind];
  const { server, me } = setup.bench;
  const figures: Figures = {};
  const editorTimes: number[] = [];
  const panelTimes: number[] = [];
  for (let i = 0; i < opens; i++) {
    const context = await signedInContext(browser, server.url, me.cookie);
    const opened = await openWithPanels(await context.newPage(), url, counts);
    editorTimes.push(opened.editor);
    panelTimes.push(opened.panels);
    await context.close();
  }
  figures['open.ms'] = median(editorTimes);
  figures['panels.ms'] = median(panelTimes);
  for (const scenario of scenarios) {
    console.log(`run ${run}, ${kind}: typing ${scenario.label}…`);
    const crowd = scenario.crowd ? await startCrowd({ ...setup.bench, procurementId }, scenario.crowd) : null;
    const context = await signedInContext(browser, server.url, me.cookie);
    try {
      const page = await context.newPage();
      await openWithPanels(page, url, counts);
      if (!crowd) figures['show.ms'] = await showCommentsTime(page, shows);
      const typing = () => typeAndMeasure(page, keystrokes, run);
      const profileFile = new URL(`review-${kind}-${scenario.key}-${run}.cpuprofile`, resultsDir);
      const latencies = profile ? await profilePage(page, profileFile, typing) : await typing();
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
  const rows = [
    { label: 'open, ms (navigation to an editable, complete editor)', key: 'open.ms', goalMs: browserGoals.openMs },
    { label: 'panels, ms (navigation to both panels listing everything)', key: 'panels.ms', goalMs: browserGoals.openMs },
    { label: `show comments, ms (click to the frame showing them, median of ${shows})`, key: 'show.ms', goalMs: null },
    ...scenarios.flatMap((s) => [
      { label: `keystroke to screen p50, ms (${s.label}, panels shown)`, key: `${s.key}.p50`, goalMs: null },
      { label: `keystroke to screen p95, ms (${s.label}, panels shown)`, key: `${s.key}.p95`, goalMs: browserGoals.keystrokeP95Ms },
    ]),
  ];
  return comparisonTable(rows, medians.reviewed, medians.plain, { page: 'with review', peer: 'without', ratio: 'with ÷ without' });
}

async function main(): Promise<void> {
  console.log('Building the client, starting the server and writing the review…');
  mkdirSync(resultsDir, { recursive: true });
  const setup = await startReviewBench(2, { minify: !profile });
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
  const medians = mediansOf(pages, perRun);
  const { threads, suggestions } = setup.pages.reviewed.counts;
  console.log(
    `\n300-requirement specification with ${threads} comment threads and ${suggestions} open suggestions, beside it without;` +
      ` ${keystrokes} keystrokes per measure, ${runs} run(s), medians:\n`,
  );
  console.log(table(medians));
  if (profile) {
    console.log(`\nCPU profiles of the typing (unminified, profiled: the figures are not comparable with a plain run) are in`);
    console.log(`${resultsDir.pathname}; summarise one with node --import tsx scripts/bench/profile.ts FILE`);
  }
  writeFileSync(new URL('review-latest.json', resultsDir), `${JSON.stringify({ runs, keystrokes, opens, perRun, medians }, null, 2)}\n`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
