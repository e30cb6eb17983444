/**
 * Market engagement under the Procurement Act 2023 in real headless Chromium: Hackney
 * records which suppliers took part (one marked as an SME), what they were told and that
 * it gave them an advantage; Camden sees it live, and the summary of preliminary market
 * engagement flags it for both; once it is marked as disclosed to all, the flag goes.
 * Islington's viewer, on a phone, reads the same fields as text. An activity recorded
 * before these fields existed still opens, and can be filled in. Every page passes axe
 * and fits 390 pixels.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { engagementOf } from '../../shared/doc-layout.js';
import { TestClock } from '../../server/test/support/test-clock.js';
import { sqliteOf } from '../../server/src/server.js';
import { formatDate } from '../src/ui/format.js';
import {
  accessibilityProblems,
  hackneyAndCamdenInWorkspace,
  openDemoWorkspace,
  signedIn,
  startApp,
  within,
  type TestApp,
} from './support/app.js';

let app: TestApp;
let hackney: Page;
let camden: Page;

const title = 'Demonstration of scheduling by Keystone';
const shared = 'The number of repairs each borough orders a year, and our draft timetable.';
const action = 'Publish the volumes and the timetable with the tender notice.';
/** The date typed below (3 11 2026), as the product writes it: from its own formatter. */
const disclosedOnShown = formatDate('2026-11-03');

const activity = (page: Page) => page.locator('[data-testid="engagement-entry"]', { hasText: title });
const summaryRow = (page: Page) => page.locator('[data-testid="preliminary-row"]', { hasText: title });
const summaryWarning = (page: Page) => page.locator('[data-testid="preliminary-engagement"] .govuk-warning-text');
const sideways = (page: Page) =>
  within(
    page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
    10_000,
    'the page measuring its width',
  );

/** Opens an activity's details, unless they are open already. */
async function openDetails(page: Page): Promise<Locator> {
  const card = activity(page);
  const toggle = card.getByRole('button', { name: /Show details/ });
  if (await toggle.count()) await toggle.click();
  return card;
}

beforeAll(async () => {
  app = await startApp({ clock: new TestClock() });
  ({ hackney, camden } = await hackneyAndCamdenInWorkspace(app));
  for (const page of [hackney, camden]) {
    await page.click('nav[aria-label="Areas of this procurement"] >> text=Market engagement');
    await page.waitForSelector('[data-testid="engagement-entry"]');
  }
}, 120_000);

afterAll(async () => app?.close());

describe('market engagement under the Procurement Act 2023', () => {
  it('shows the demo’s summary: one activity disclosed to all, one flagged', async () => {
    const rows = hackney.locator('[data-testid="preliminary-row"]');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.nth(0).innerText()).toMatch(/Yes, on \d{1,2} [A-Z][a-z]+ \d{4}\. Published the questionnaire/);
    expect(await rows.nth(0).innerText()).toContain('Tenancy Cloud Ltd (SME), Civic Works Digital (SME)');
    expect(await rows.nth(1).innerText()).toContain('Not yet disclosed');
    expect(await summaryWarning(hackney).innerText()).toContain('“Open day for suppliers at 5 Pancras Square”');
    const downloads = hackney.locator('[data-testid="export-preliminary-engagement"]');
    await downloads.locator('summary').click();
    expect(await downloads.getByRole('link', { name: 'Word document' }).getAttribute('href')).toMatch(
      /\/export\/preliminary-engagement\.docx$/,
    );
    expect(await downloads.getByRole('link', { name: 'Markdown' }).getAttribute('href')).toMatch(/\/export\/preliminary-engagement\.md$/);
  });

  it('Hackney records the suppliers and an advantage; Camden sees it live and the summary flags it', async () => {
    await hackney.getByRole('button', { name: 'Add an activity' }).click();
    const card = hackney.locator('[data-testid="engagement-entry"]').first();
    await card.getByLabel('Title', { exact: true }).fill(title);
    for (const supplier of ['Keystone Housing Systems', 'Brightfix Software']) {
      await card.getByLabel('Add a supplier').fill(supplier);
      await card.getByLabel('Add a supplier').press('Enter');
    }
    await card.getByRole('group', { name: 'Small or medium-sized enterprises (SMEs)' }).getByLabel('Brightfix Software').check();
    await card.getByLabel('What was shared with suppliers').fill(shared);
    await card
      .getByRole('group', { name: /every potential bidder needs/ })
      .getByLabel('Yes')
      .check();
    await card.getByLabel('What was done about it').fill(action);
    await expect.poll(() => card.locator('.govuk-warning-text').innerText()).toContain('not yet disclosed to all potential bidders');

    // Camden, live: the activity, its suppliers, what was shared, and the flag in the summary.
    await activity(camden).waitFor({ timeout: 20_000 });
    await expect
      .poll(() => activity(camden).innerText(), { timeout: 20_000 })
      .toContain('Suppliers: Keystone Housing Systems, Brightfix Software (SME)');
    await expect.poll(() => activity(camden).getByTestId('not-yet-disclosed').count(), { timeout: 20_000 }).toBe(1);
    const camdenCard = await openDetails(camden);
    await expect.poll(() => camdenCard.getByLabel('What was shared with suppliers').inputValue(), { timeout: 20_000 }).toBe(shared);
    expect(await camdenCard.getByLabel('What was done about it').inputValue()).toBe(action);
    expect(await summaryRow(camden).innerText()).toContain('Keystone Housing Systems, Brightfix Software (SME)');
    expect(await summaryRow(camden).innerText()).toContain('Not yet disclosed');
    expect(await summaryWarning(camden).innerText()).toContain(`“${title}”`);
  });

  it('marking it disclosed to all, with the date, removes the flag for everyone', async () => {
    const card = activity(hackney);
    await card.getByLabel('Disclosed to all potential bidders').check();
    const date = card.getByRole('group', { name: 'Date disclosed', exact: true });
    await date.getByLabel('Day').fill('3');
    await date.getByLabel('Month').fill('11');
    await date.getByLabel('Year').fill('2026');
    await date.getByLabel('Year').press('Tab');

    for (const page of [hackney, camden]) {
      await expect.poll(() => summaryRow(page).innerText(), { timeout: 20_000 }).toContain(`Yes, on ${disclosedOnShown}. ${action}`);
      expect(await summaryRow(page).innerText()).toContain(action);
      expect(await activity(page).getByTestId('not-yet-disclosed').count()).toBe(0);
      expect(await activity(page).locator('.govuk-warning-text').count()).toBe(0);
      // Only the demo's open day is still waiting.
      expect(await summaryWarning(page).innerText()).not.toContain(title);
    }
  });

  it('passes axe with an activity open, and fits a phone 390 pixels wide', async () => {
    expect(await accessibilityProblems(hackney)).toEqual([]);
    await camden.setViewportSize({ width: 390, height: 844 });
    expect(await sideways(camden)).toBeLessThanOrEqual(0);
    expect(await accessibilityProblems(camden)).toEqual([]);
  });

  it('Islington’s viewer reads what suppliers were told as text, and changes nothing', async () => {
    const { page: maria, context } = await signedIn(app, 'viewer@islington.demo', { width: 390, height: 844 });
    try {
      await openDemoWorkspace(maria, 'Market engagement');
      const card = await openDetails(maria);
      const section = card.getByTestId('engagement-disclosure');
      await expect.poll(() => section.innerText(), { timeout: 20_000 }).toContain(shared);
      expect(await section.innerText()).toContain(`Yes, on ${disclosedOnShown}`);
      expect(await section.locator('input, textarea').count()).toBe(0);
      expect(await sideways(maria)).toBeLessThanOrEqual(0);
      expect(await accessibilityProblems(maria)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('an activity recorded before these fields existed opens as not yet assessed, and Hackney can fill them in', async () => {
    const oldTitle = 'Call with Civic Works Digital, recorded long ago';
    const procurementId = sqliteOf(app.server).sqlite.prepare('SELECT id FROM procurements').get() as { id: string };
    const userId = sqliteOf(app.server).sqlite.prepare("SELECT id FROM users WHERE email = 'lead@hackney.demo'").get() as {
      id: string;
    };
    // Written as the product wrote activities before: none of the new fields.
    const state = await app.server.engine.readDocument(procurementId.id, (doc) => Y.encodeStateAsUpdate(doc));
    const local = new Y.Doc();
    Y.applyUpdate(local, state);
    const before = Y.encodeStateVector(local);
    const old = new Y.Map<unknown>();
    engagementOf(local).push([old]);
    for (const [key, value] of Object.entries({
      id: 'recordedlongago',
      type: 'one-to-one',
      date: '2026-08-03',
      createdAt: '2026-08-03T10:00:00Z',
    }))
      old.set(key, value);
    old.set('title', new Y.Text(oldTitle));
    old.set('suppliers', Y.Array.from(['Civic Works Digital']));
    old.set('boroughs', new Y.Array<string>());
    for (const key of ['summary', 'insights']) old.set(key, new Y.XmlFragment());
    old.set('actions', new Y.Array());
    await app.server.engine.submit(procurementId.id, Y.encodeStateAsUpdate(local, before), userId.id, { reason: 'edit' });

    const oldRow = hackney.locator('[data-testid="preliminary-row"]', { hasText: oldTitle });
    await expect.poll(() => oldRow.count(), { timeout: 20_000 }).toBe(1);
    expect(await oldRow.innerText()).toContain('Not yet assessed for an unfair advantage');
    const card = hackney.locator('[data-testid="engagement-entry"]', { hasText: oldTitle });
    await card.getByRole('button', { name: /Show details/ }).click();
    await card.getByLabel('What was shared with suppliers').fill('Nothing beyond our published strategy.');
    await card
      .getByRole('group', { name: /every potential bidder needs/ })
      .getByLabel('No', { exact: true })
      .check();
    await expect.poll(() => oldRow.innerText()).toContain('Not needed: no unfair advantage');
    const camdenRow = camden.locator('[data-testid="preliminary-row"]', { hasText: oldTitle });
    await expect.poll(() => camdenRow.innerText(), { timeout: 20_000 }).toContain('Not needed: no unfair advantage');
  });
});
