/**
 * Searching from the header: the results say where each thing is, with the words found
 * marked, and a result opens at that very place: a requirement with the caret in it and
 * in view, a table of the specification, an activity, a decision's option in its opened
 * card. The box is there on a phone too, and the results page passes the accessibility
 * checks.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { accessibilityProblems, signedIn, startApp, type TestApp } from './support/app.js';

let app: TestApp;

beforeAll(async () => {
  app = await startApp();
  // The demo is indexed as the server starts; wait for it rather than for a time.
  await app.server.services.search.indexer.flush();
}, 120_000);
afterAll(async () => app?.close());

async function searchFromHeader(page: Page, words: string): Promise<void> {
  await page.fill('#header-search', words);
  await page.press('#header-search', 'Enter');
  await page.waitForSelector('[data-testid="search-results"]', { timeout: 30_000 });
}

it('finds a requirement from the header and opens the specification at it', async () => {
  const { page, context } = await signedIn(app, 'lead@hackney.demo');
  await searchFromHeader(page, 'appointment slots');
  expect(new URL(page.url()).pathname).toBe('/search');
  const first = page.locator('.app-search-result').first();
  expect(await first.locator('h2 a').innerText()).toContain('REQ-004, Scheduling and appointments');
  expect(await first.locator('.app-search-result__procurement').innerText()).toBe('Housing repairs case management system');
  expect(await first.locator('mark').allInnerTexts()).toEqual(['appointment', 'slots']);
  expect(await page.innerText('[data-testid="search-summary"]')).toMatch(/results? for “appointment slots”/);
  expect(await accessibilityProblems(page)).toEqual([]);

  await first.locator('h2 a').click();
  await page.waitForURL('**/procurements/*?block=REQ-004');
  // The caret is in REQ-004's text, and REQ-004 is on screen.
  await page.waitForFunction(
    () => {
      const caret = document.getSelection()?.focusNode;
      const element = caret instanceof Element ? caret : caret?.parentElement;
      const requirement = element?.closest<HTMLElement>('[data-requirement-id]');
      if (requirement?.dataset.requirementId !== 'REQ-004') return false;
      const box = requirement.getBoundingClientRect();
      return box.top < window.innerHeight && box.bottom > 0;
    },
    undefined,
    { timeout: 30_000 },
  );
  expect(app.policyViolations).toEqual([]);
  await context.close();
});

it('opens a decision’s option in its card', async () => {
  const { page, context } = await signedIn(app, 'editor@camden.demo');
  await searchFromHeader(page, 'framework suppliers');
  const option = page.locator('.app-search-result', { hasText: /option \d/ }).first();
  await option.locator('h2 a').click();
  await page.waitForURL('**/decisions#option-*');
  const optionId = new URL(page.url()).hash.slice('#option-'.length);
  await page.waitForFunction((id) => document.activeElement?.id === `${id}-title`, optionId, { timeout: 30_000 });
  await context.close();
});

it('opens a table of the specification, and an engagement activity, at their place', async () => {
  // A viewer: the text is read-only, so the table is scrolled to rather than given the caret.
  const { page, context } = await signedIn(app, 'viewer@islington.demo');
  await searchFromHeader(page, 'working days');
  await page.locator('.app-search-result', { hasText: 'Specification, Service levels' }).locator('h2 a').click();
  await page.waitForURL('**/procurements/*?block=*');
  await page.waitForFunction(
    () => {
      const table = [...document.querySelectorAll('[data-testid="specification-editor"] table')].find((t) =>
        t.textContent?.includes('Attend within'),
      );
      const box = table?.getBoundingClientRect();
      return !!box && box.top >= 0 && box.top < window.innerHeight;
    },
    undefined,
    { timeout: 30_000 },
  );

  await searchFromHeader(page, 'Pancras');
  await page.locator('.app-search-result', { hasText: 'Market engagement:' }).first().locator('h2 a').click();
  await page.waitForURL('**/engagement#entry-*');
  const entryId = new URL(page.url()).hash.slice('#entry-'.length);
  await page.waitForFunction((id) => document.activeElement?.id === `${id}-heading`, entryId, { timeout: 30_000 });
  await context.close();
});

it('has the search box on a phone, and says when nothing is found', async () => {
  const { page, context } = await signedIn(app, 'viewer@islington.demo', { width: 390, height: 800 });
  expect(await page.isVisible('#header-search')).toBe(true);
  await page.fill('#header-search', 'NEAR("zzyzx" -');
  await page.press('#header-search', 'Enter');
  await page.waitForFunction(
    () => document.querySelector('[data-testid="search-summary"]')?.textContent?.startsWith('Nothing found'),
    undefined,
    {
      timeout: 30_000,
    },
  );
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  await context.close();
});
