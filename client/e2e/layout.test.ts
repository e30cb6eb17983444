/**
 * Pages fit every common screen: no page scrolls sideways at 390, 1024, 1280 or 1440 px,
 * and the workspace keeps its side margins at 1280 px (the most common laptop width) as
 * GOV.UK's own container does at its widths.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDemoWorkspace, signedIn, startApp, type TestApp } from './support/app.js';

let app: TestApp;

beforeAll(async () => {
  app = await startApp();
}, 120_000);
afterAll(async () => app?.close());

const widths = [390, 1024, 1280, 1440] as const;

/** How far the page scrolls sideways (0 when it fits). */
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/** Visits every page a member sees, calling `check` on each once it has settled. */
async function everyPage(page: Page, check: (name: string) => Promise<void>): Promise<void> {
  await check('procurements');
  await openDemoWorkspace(page);
  await check('specification');
  for (const area of ['Market engagement', 'Decisions', 'History', 'Boroughs and people']) {
    await page.click(`nav[aria-label="Areas of this procurement"] >> text=${area}`);
    await page.waitForSelector('h2, h3');
    await check(area);
  }
  for (const path of ['/for-you', '/borough/people', '/procurements/new', '/account/password']) {
    await page.goto(`${app.url}${path}`);
    await page.waitForSelector('h1');
    await check(path);
  }
}

describe.each(widths)('at %i px', (width) => {
  it('no page scrolls sideways', async () => {
    const { page, context } = await signedIn(app, 'lead@hackney.demo', { width, height: 900 });
    const wide: string[] = [];
    await everyPage(page, async (name) => {
      const by = await overflow(page);
      if (by > 0) wide.push(`${name} by ${by}px`);
    });
    const guest = await context.newPage();
    await guest.goto(`${app.url}/invitations#no.such.link`);
    await guest.waitForSelector('h1');
    if ((await overflow(guest)) > 0) wide.push('invitation page');
    expect(wide).toEqual([]);
    await context.close();
  });
});

it('the workspace keeps its side margins at 1280 px', async () => {
  const { page, context } = await signedIn(app, 'lead@hackney.demo', { width: 1280, height: 900 });
  await openDemoWorkspace(page);
  const margins = await page.evaluate(() => {
    const box = document.querySelector('main')!.closest('.govuk-width-container')!.getBoundingClientRect();
    return { left: box.left, right: window.innerWidth - box.right };
  });
  expect(margins.left).toBeGreaterThanOrEqual(30);
  expect(margins.right).toBeGreaterThanOrEqual(30);
  await context.close();
});

it.each([390, 1280])('at %i px a requirement’s list of boroughs opens on the screen, beside its text, whole', async (width) => {
  const { page, context } = await signedIn(app, 'lead@hackney.demo', { width, height: 900 });
  await openDemoWorkspace(page);
  const requirement = page.locator('[data-testid="specification-editor"] [data-requirement-id="REQ-003"]');
  await requirement.scrollIntoViewIfNeeded();
  await requirement.hover();
  await requirement.locator('summary').click();
  const list = requirement.locator('.app-requirement__borough-options');
  await list.waitFor();
  const box = (await list.boundingBox())!;
  const editor = (await page.locator('[data-testid="specification-editor"]').boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(editor.x);
  expect(box.x + box.width).toBeLessThanOrEqual(editor.x + editor.width);
  expect(await overflow(page)).toBe(0);
  // Drawn whole: the last box is where a click lands (nothing clips it to the requirement).
  const last = list.locator('input').last();
  const lastBox = (await last.boundingBox())!;
  const hit = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest('.app-requirement__borough-options') !== null, {
    x: lastBox.x + lastBox.width / 2,
    y: lastBox.y + lastBox.height / 2,
  });
  expect(hit).toBe(true);
  await context.close();
});
