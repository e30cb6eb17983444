/**
 * What the browser benchmark measures in the page itself, so that the driving process's
 * own delays never count:
 *
 * - open time: from the start of navigation (the page's time origin) to the first frame
 *   in which the editor is editable and holds the whole document (its last requirement);
 * - keystroke latency: from a key's event time (when the browser received the key) to
 *   the end of the next frame drawn after it, which includes everything the page did
 *   with the key before that frame (ProseMirror, our plugins, React). A task posted from
 *   requestAnimationFrame runs once that frame's style, layout and paint are done.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { seededRandom } from '../stats.js';
import { markers } from './setup.js';

/** A fresh browser profile (nothing cached, no local copy) signed in with `cookie`. */
export async function signedInContext(browser: Browser, origin: string, cookie: string): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', timezoneId: 'Europe/London' });
  const [name, ...value] = cookie.split('=');
  await context.addCookies([{ name: name!, value: value.join('='), url: origin }]);
  return context;
}

/** Opens `url` and returns the milliseconds from navigation to an editable, complete editor. */
export async function openEditor(page: Page, url: string): Promise<number> {
  await page.goto(url, { waitUntil: 'commit' });
  const ready = await page.waitForFunction(
    (last) => {
      const editor = document.querySelector('[data-testid="specification-editor"]');
      return editor?.getAttribute('contenteditable') === 'true' && editor.textContent?.includes(last) ? performance.now() : false;
    },
    markers.last,
    { polling: 'raf', timeout: 120_000 },
  );
  return (await ready.jsonValue()) as number;
}

/** Starts recording, for every key pressed from now on, the time to the next frame drawn. */
async function recordKeystrokes(page: Page): Promise<void> {
  await page.evaluate(() => {
    const latencies: number[] = [];
    (window as unknown as { keystrokeLatencies: number[] }).keystrokeLatencies = latencies;
    window.addEventListener(
      'keydown',
      (event) => {
        const pressed = event.timeStamp;
        requestAnimationFrame(() => {
          const afterFrame = new MessageChannel();
          afterFrame.port1.onmessage = () => latencies.push(performance.now() - pressed);
          afterFrame.port2.postMessage(null);
        });
      },
      { capture: true },
    );
  });
}

const latenciesSoFar = (page: Page) => page.evaluate(() => (window as unknown as { keystrokeLatencies: number[] }).keystrokeLatencies);

/**
 * Types `count` keys in the middle of the document (letters and spaces, now and then a
 * backspace) at a typist's uneven pace, after a few unrecorded ones, and returns each
 * key's latency in milliseconds.
 */
export async function typeAndMeasure(page: Page, count: number, seed: number): Promise<number[]> {
  // The paragraph in the editor (our outline repeats requirements' text elsewhere). With
  // others typing nearby, a click can land on a colleague's caret label and leave the
  // caret where it was (the start of the document): checked, and tried again.
  const paragraph = page.locator('[data-testid="specification-editor"] p', { hasText: markers.typing });
  for (let attempt = 1; ; attempt++) {
    await paragraph.click({ timeout: 120_000 });
    await page.keyboard.press('End');
    const inParagraph = await paragraph.evaluate((element) => element.contains(document.getSelection()?.focusNode ?? null));
    if (inParagraph) break;
    if (attempt === 5) throw new Error(`the caret did not reach the paragraph "${markers.typing}" in 5 clicks`);
  }
  const random = seededRandom(seed);
  const typeOne = async () => {
    const roll = random();
    await page.keyboard.press(roll < 0.08 ? 'Backspace' : roll < 0.25 ? 'Space' : 'abcdefghijklmnopqrstuvwxyz'[Math.floor(random() * 26)]!);
    // 25–75 ms apart: a fast typist's bursts.
    await new Promise((resolve) => setTimeout(resolve, 25 + random() * 50));
  };
  for (let i = 0; i < 20; i++) await typeOne();
  await recordKeystrokes(page);
  for (let i = 0; i < count; i++) await typeOne();
  // Every key's frame is drawn: the last one is at most a frame or two away.
  const deadline = Date.now() + 30_000;
  let latencies = await latenciesSoFar(page);
  while (latencies.length < count && Date.now() < deadline) {
    await page.evaluate(() => new Promise(requestAnimationFrame));
    latencies = await latenciesSoFar(page);
  }
  if (latencies.length < count) throw new Error(`only ${latencies.length} of ${count} keystrokes reached the screen`);
  return latencies;
}
