/**
 * A CPU profile of a page's main thread while something runs, from Chromium's own
 * profiler, written as a .cpuprofile that scripts/bench/profile.ts summarises (or
 * Chromium's DevTools opens).
 */
import { writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

/** Runs `work` with the page's JavaScript sampled every 200 µs and writes the profile to `file`. */
export async function profilePage<T>(page: Page, file: string | URL, work: () => Promise<T>): Promise<T> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await cdp.send('Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
    await cdp.detach();
  }
}
