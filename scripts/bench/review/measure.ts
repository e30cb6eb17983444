/**
 * What the review benchmark measures in the page beyond the browser benchmark's open time
 * and keystroke latency (../browser/measure.ts), in the page itself like those:
 *
 * - panels listed: from the start of navigation to the first frame in which the comments
 *   panel lists every open thread and the suggestions panel every suggestion (and, since
 *   an empty panel is drawn before the document arrives, not before the editor is open);
 * - show comments: from the click on "Show comments" (its event time) to the end of the
 *   first frame drawn with the threads shown, as a keystroke is timed to its frame.
 */
import type { Page } from 'playwright-core';
import { openEditor } from '../browser/measure.js';
import { median } from '../stats.js';

/** What the panels should list once everything has arrived. */
export interface ReviewCounts {
  threads: number;
  suggestions: number;
}

/** From the page's next navigation on, notes the first frame in which both panels list everything. */
async function watchPanels(page: Page, counts: ReviewCounts): Promise<void> {
  // Page functions name no local functions: the TypeScript loader wraps those in a helper the page lacks.
  await page.addInitScript((want) => {
    const watch = window as unknown as { panelsListedAt?: number; checkPanels: () => void };
    watch.checkPanels = () => {
      const comments = document.querySelector('[data-testid="comments-panel"]');
      const suggestions = document.querySelector('[data-testid="suggestions-panel"]');
      // The summary is drawn once the threads have loaded ("No comments yet." when none).
      const listed =
        !!comments?.querySelector('.app-comments__summary') &&
        comments.querySelectorAll('[data-testid="comment-thread"]').length === want.threads &&
        !!suggestions &&
        suggestions.querySelectorAll('[data-testid="suggestion"]').length === want.suggestions;
      if (listed) watch.panelsListedAt = performance.now();
      else requestAnimationFrame(watch.checkPanels);
    };
    requestAnimationFrame(watch.checkPanels);
  }, counts);
}

/**
 * Opens `url` and returns the milliseconds from navigation to an editable, complete editor
 * (`editor`), and to both panels listing everything with the editor open (`panels`).
 */
export async function openWithPanels(page: Page, url: string, counts: ReviewCounts): Promise<{ editor: number; panels: number }> {
  await watchPanels(page, counts);
  const editor = await openEditor(page, url);
  const listed = await page.waitForFunction(() => (window as unknown as { panelsListedAt?: number }).panelsListedAt ?? false, null, {
    polling: 100,
    timeout: 120_000,
  });
  return { editor, panels: Math.max(editor, (await listed.jsonValue()) as number) };
}

/** Hides the comments and shows them again `times` times; returns the median click-to-frame time. */
export async function showCommentsTime(page: Page, times: number): Promise<number> {
  const body = page.locator('#comments-body');
  const shownAfter: number[] = [];
  for (let i = 0; i < times; i++) {
    await page.getByRole('button', { name: 'Hide comments' }).click({ timeout: 60_000 });
    await body.waitFor({ state: 'hidden', timeout: 60_000 });
    await page.evaluate(() => {
      const record = window as unknown as { commentsShownAfter?: number; clickedAt: number; whenShown: () => void };
      delete record.commentsShownAfter;
      record.whenShown = () => {
        if (document.getElementById('comments-body')?.hidden !== false) {
          requestAnimationFrame(record.whenShown);
          return;
        }
        // A task posted from requestAnimationFrame runs once that frame is drawn.
        const afterFrame = new MessageChannel();
        afterFrame.port1.onmessage = () => (record.commentsShownAfter = performance.now() - record.clickedAt);
        afterFrame.port2.postMessage(null);
      };
      document.addEventListener(
        'click',
        (event) => {
          record.clickedAt = event.timeStamp;
          requestAnimationFrame(record.whenShown);
        },
        { capture: true, once: true },
      );
    });
    await page.getByRole('button', { name: /^Show comments/ }).click({ timeout: 60_000 });
    const shown = await page.waitForFunction(
      () => (window as unknown as { commentsShownAfter?: number }).commentsShownAfter ?? false,
      null,
      {
        timeout: 60_000,
      },
    );
    shownAfter.push((await shown.jsonValue()) as number);
  }
  return median(shownAfter);
}
