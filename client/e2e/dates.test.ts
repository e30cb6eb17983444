/**
 * Dates the GOV.UK way in real headless Chromium: typed as day, month and year by someone
 * whose browser is American (en-US, New York time) and read as the same dates by someone
 * in London; impossible and half dates refused with GOV.UK's messages, marking only the
 * fields in error and writing nothing; a date changed by someone else shown, but never
 * over what a person is typing; the history filtered by dates typed the same way.
 */
import type { Locator, Page } from 'playwright-core';
import { formatDate } from '../src/ui/format.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClock } from '../../server/test/support/test-clock.js';
import { accessibilityProblems, openDemoWorkspace, signedIn, startApp, type TestApp } from './support/app.js';

let app: TestApp;
/** Tom Okafor, Camden, whose browser is set to American English and New York time. */
let tom: Page;
/** Priya Shah, Hackney, in a British browser. */
let priya: Page;

const title = 'Supplier day in New York';
const activity = (page: Page) => page.locator('[data-testid="engagement-entry"]', { hasText: title });
const dateOf = (scope: Page | Locator, legend: string) => scope.getByRole('group', { name: legend, exact: true });
/** The engagement date's fields and the due date's of the activity's first follow-up action. */
const activityDate = (page: Page) => dateOf(activity(page), 'Date');
const dueDate = (page: Page) => dateOf(activity(page).locator('[data-testid="follow-up"]').first(), 'Due date');
/** How the product writes the activity's date typed below (4 11 2026): taken from its own formatter, not written by hand. */
const activityDateShown = formatDate('2026-11-04');

/** The date the activity's card says it happened on ("RFI · 4 November 2026"). */
const caption = (page: Page) => activity(page).locator('.govuk-caption-m').innerText();

/** Types a date into its Day, Month and Year fields, then moves on (Tab) as a person would. */
async function typeDate(group: Locator, day: string, month: string, year: string): Promise<void> {
  await group.getByLabel('Day').fill(day);
  await group.getByLabel('Month').fill(month);
  await group.getByLabel('Year').fill(year);
  await group.getByLabel('Year').press('Tab');
}

/** What the Day, Month and Year fields show. */
const shown = (group: Locator) => Promise.all(['Day', 'Month', 'Year'].map((field) => group.getByLabel(field).inputValue()));

/** Which of Day, Month and Year are styled as in error. */
const marked = async (group: Locator) => {
  const fields: string[] = [];
  for (const field of ['Day', 'Month', 'Year']) {
    if (((await group.getByLabel(field).getAttribute('class')) ?? '').includes('govuk-input--error')) fields.push(field);
  }
  return fields;
};

/** The error message of a date input, without its visually hidden "Error:". */
const errorOf = async (group: Locator) => {
  const message = group.locator('.govuk-error-message');
  return (await message.count()) === 0 ? null : (await message.innerText()).replace(/^Error:\s*/, '');
};

beforeAll(async () => {
  // The demo's past is dated from the server's clock, so the history's dates are known.
  app = await startApp({ clock: new TestClock() });
  tom = (await signedIn(app, 'editor@camden.demo', undefined, { locale: 'en-US', timezoneId: 'America/New_York' })).page;
  priya = (await signedIn(app, 'lead@hackney.demo')).page;
  await openDemoWorkspace(tom, 'Market engagement');
  await openDemoWorkspace(priya, 'Market engagement');
}, 120_000);

afterAll(async () => app?.close());

describe('dates in market engagement', () => {
  it('are typed as day, month and year in an American browser and read as the same dates in a British one', async () => {
    expect(await tom.evaluate(() => [navigator.language, Intl.DateTimeFormat().resolvedOptions().timeZone])).toEqual([
      'en-US',
      'America/New_York',
    ]);
    await tom.getByRole('button', { name: 'Add an activity' }).click();
    await tom.locator('[data-testid="engagement-entry"]').first().getByLabel('Title', { exact: true }).fill(title);
    // 4 November, which an American reading of 4/11 would make 11 April.
    await typeDate(activityDate(tom), '4', '11', '2026');
    await expect.poll(() => caption(tom)).toContain(activityDateShown);

    await activity(tom).getByRole('button', { name: 'Add a follow-up action' }).click();
    await activity(tom).getByLabel('Action 1', { exact: true }).fill('Send the suppliers the questions asked on the day');
    // 1 December: midnight in London is still 30 November in New York.
    await typeDate(dueDate(tom), '1', '12', '2026');
    expect(await shown(dueDate(tom))).toEqual(['1', '12', '2026']);

    await priya.getByRole('button', { name: `Show details ${title}` }).click();
    await expect.poll(() => shown(activityDate(priya))).toEqual(['4', '11', '2026']);
    await expect.poll(() => shown(dueDate(priya))).toEqual(['1', '12', '2026']);
    expect(await caption(priya)).toContain(activityDateShown);
    // The fields follow the GOV.UK pattern: a fieldset with its hint, numeric keyboards, widths 2, 2 and 4.
    const group = activityDate(priya);
    expect(await group.locator('.govuk-hint').innerText()).toBe('For example, 27 3 2026');
    expect(await group.locator('input').evaluateAll((inputs) => inputs.map((i) => [i.getAttribute('inputmode'), i.className]))).toEqual([
      ['numeric', expect.stringContaining('govuk-input--width-2')],
      ['numeric', expect.stringContaining('govuk-input--width-2')],
      ['numeric', expect.stringContaining('govuk-input--width-4')],
    ]);
    expect(await tom.locator('input[type="date"]').count()).toBe(0);
  });

  it('refuse an impossible or half date with GOV.UK’s message, mark only the fields in error, and change nothing', async () => {
    await typeDate(activityDate(tom), '31', '2', '2026');
    expect(await errorOf(activityDate(tom))).toBe('Date must be a real date');
    expect(await marked(activityDate(tom))).toEqual(['Day', 'Month']);
    // What was typed stays, to be put right; the card still says the date that is kept.
    expect(await shown(activityDate(tom))).toEqual(['31', '2', '2026']);
    expect(await caption(tom)).toContain(activityDateShown);
    expect(await accessibilityProblems(tom)).toEqual([]);

    await typeDate(activityDate(tom), '4', '', '2026');
    expect(await errorOf(activityDate(tom))).toBe('Date must include a month');
    expect(await marked(activityDate(tom))).toEqual(['Month']);

    // A later change that Priya sees proves the refused ones never reached her.
    await typeDate(dueDate(tom), '2', '12', '2026');
    await expect.poll(() => shown(dueDate(priya))).toEqual(['2', '12', '2026']);
    expect(await shown(activityDate(priya))).toEqual(['4', '11', '2026']);
    expect(await caption(priya)).toContain(activityDateShown);

    await typeDate(activityDate(tom), '5', '11', '2026');
    expect(await errorOf(activityDate(tom))).toBeNull();
    expect(await marked(activityDate(tom))).toEqual([]);
    await expect.poll(() => shown(activityDate(priya))).toEqual(['5', '11', '2026']);
  });

  it('show a date someone else changes, but never over what the person is typing', async () => {
    await typeDate(activityDate(priya), '6', '11', '2026');
    await expect.poll(() => shown(activityDate(tom))).toEqual(['6', '11', '2026']);

    // Tom starts typing a new day; Priya changes the date meanwhile.
    await activityDate(tom).getByLabel('Day').fill('2');
    await typeDate(activityDate(priya), '7', '11', '2026');
    // His card shows her date once it has arrived; his fields keep what he is typing.
    await expect.poll(() => caption(tom)).toContain('7 November 2026');
    expect(await shown(activityDate(tom))).toEqual(['2', '11', '2026']);

    // When he moves on, his date is the one kept, for both.
    await activityDate(tom).getByLabel('Year').press('Tab');
    await expect.poll(() => caption(priya)).toContain('2 November 2026');
    await expect.poll(() => shown(activityDate(priya))).toEqual(['2', '11', '2026']);
  });
});

describe('the history’s date filter', () => {
  it('filters versions by dates typed as day, month and year, and refuses an impossible one', async () => {
    await tom.click('nav[aria-label="Areas of this procurement"] >> text=History');
    const versions = tom.locator('[data-testid="version"] h4');
    await versions.first().waitFor();
    const total = tom.locator('[role="status"]', { hasText: /\d+ versions?/ });
    const everything = await total.innerText();

    // The demo's second day: seven working days before the server's 25 November 2026.
    await typeDate(dateOf(tom, 'From'), '16', '11', '2026');
    await typeDate(dateOf(tom, 'To'), '16', '11', '2026');
    await expect.poll(() => new URL(tom.url()).searchParams.toString()).toBe('from=2026-11-16&to=2026-11-16');
    await expect.poll(() => total.innerText()).not.toBe(everything);
    // The list follows the count: wait for it to hold that day's versions and no other's.
    const typedDay = '16 November 2026';
    await expect
      .poll(async () => {
        const headings = await versions.allInnerTexts();
        return headings.length > 0 && headings.every((heading) => heading.includes(typedDay));
      })
      .toBe(true);

    await typeDate(dateOf(tom, 'From'), '31', '2', '2026');
    expect(await errorOf(dateOf(tom, 'From'))).toBe('From date must be a real date');
    expect(await marked(dateOf(tom, 'From'))).toEqual(['Day', 'Month']);
    expect(await accessibilityProblems(tom)).toEqual([]);
    // Clearing the other date is taken, and shows the refused one was not.
    await typeDate(dateOf(tom, 'To'), '', '', '');
    await expect.poll(() => new URL(tom.url()).searchParams.toString()).toBe('from=2026-11-16');
  });
});
