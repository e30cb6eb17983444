/**
 * Keyboard and read-only use in real headless Chromium: Tab from a requirement's text to its
 * own controls, a viewer reading values as text rather than greyed-out fields, and removals
 * that ask first.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityProblems, openDemoWorkspace, signedIn, startApp, type TestApp } from './support/app.js';

let app: TestApp;
let hackney: Page;

const area = (page: Page, name: string) => page.click(`nav[aria-label="Areas of this procurement"] >> text=${name}`);

/** Which requirement holds the focused element, and what that element is. */
const focusedElement = (page: Page) =>
  page.evaluate(() => {
    const element = document.activeElement;
    return {
      requirement: element?.closest('[data-requirement-id]')?.getAttribute('data-requirement-id') ?? null,
      tag: element?.tagName ?? null,
      label: element instanceof HTMLSelectElement ? (element.labels?.[0]?.textContent ?? null) : (element?.textContent ?? null),
      isEditor: element?.getAttribute('data-testid') === 'specification-editor',
    };
  });

/** Which requirement the caret is in. */
const caretRequirement = (page: Page) =>
  page.evaluate(() => {
    const anchor = document.getSelection()?.anchorNode;
    const element = anchor instanceof Element ? anchor : anchor?.parentElement;
    return element?.closest('[data-requirement-id]')?.getAttribute('data-requirement-id') ?? null;
  });

/** Form controls shown disabled: greyed out, hard to read, and announced as unavailable. */
const disabledControls = (page: Page) => page.locator('select:disabled, input:disabled, textarea:disabled').count();

beforeAll(async () => {
  app = await startApp();
  hackney = (await signedIn(app, 'lead@hackney.demo')).page;
  await openDemoWorkspace(hackney);
}, 120_000);

afterAll(async () => app?.close());

describe('a requirement’s priority and boroughs', () => {
  it('are fields in the requirement being worked on (caret or pointer) and text in the others, in a bar that keeps its height', async () => {
    const requirement = (id: string) => hackney.locator(`[data-testid="specification-editor"] [data-requirement-id="${id}"]`);
    await hackney.getByText('The system must meet the Web Content').click();
    await hackney.mouse.move(0, 0);
    await expect.poll(() => requirement('REQ-002').locator('select').count()).toBe(1);
    expect(await requirement('REQ-004').locator('select').count()).toBe(0);
    expect(await requirement('REQ-004').innerText()).toContain('Priority: Must');
    const before = await requirement('REQ-004').boundingBox();

    await requirement('REQ-004').hover();
    await expect.poll(() => requirement('REQ-004').locator('select').count()).toBe(1);
    // The caret's requirement keeps its fields; nothing else in the editor has any.
    expect(await hackney.locator('[data-testid="specification-editor"] select').count()).toBe(2);
    expect((await requirement('REQ-004').boundingBox())?.height).toBe(before?.height);

    await hackney.mouse.move(0, 0);
    await expect.poll(() => requirement('REQ-004').locator('select').count()).toBe(0);
    expect(await requirement('REQ-002').locator('select').count()).toBe(1);
  });
});

describe('a requirement by keyboard', () => {
  it('Tab from a requirement’s text goes to that requirement’s own controls, and Shift+Tab back into its text', async () => {
    for (const [id, text] of [
      ['REQ-002', 'The system must meet the Web Content'],
      ['REQ-004', 'The system must offer residents appointment slots'],
    ] as const) {
      await hackney.getByText(text).click();
      await hackney.keyboard.press('Tab');
      expect(await focusedElement(hackney)).toMatchObject({ requirement: id, tag: 'SELECT', label: expect.stringContaining('Priority') });
      await hackney.keyboard.press('Tab');
      expect(await focusedElement(hackney)).toMatchObject({ requirement: id, tag: 'SUMMARY', label: 'Applies to: All boroughs' });

      await hackney.keyboard.press('Shift+Tab');
      await hackney.keyboard.press('Shift+Tab');
      await expect.poll(() => focusedElement(hackney)).toMatchObject({ isEditor: true });
      expect(await caretRequirement(hackney)).toBe(id);
    }
  });

  it('Tab from a requirement’s last control goes on into the next requirement’s text, and from there to its controls', async () => {
    await hackney.mouse.move(0, 0);
    await hackney.getByText('The system must meet the Web Content').click();
    await hackney.keyboard.press('Tab');
    await hackney.keyboard.press('Tab');
    expect(await focusedElement(hackney)).toMatchObject({ requirement: 'REQ-002', tag: 'SUMMARY' });

    await hackney.keyboard.press('Tab');
    await expect.poll(() => focusedElement(hackney)).toMatchObject({ isEditor: true });
    expect(await caretRequirement(hackney)).toBe('REQ-003');
    await hackney.keyboard.press('Tab');
    expect(await focusedElement(hackney)).toMatchObject({
      requirement: 'REQ-003',
      tag: 'SELECT',
      label: expect.stringContaining('Priority'),
    });
  });

  it('the priority chosen by keyboard is the one of the requirement being written', async () => {
    const requirement = hackney.locator('[data-requirement-id="REQ-003"]');
    expect(await requirement.getAttribute('data-priority')).toBe('should');
    await hackney.getByText('Residents should be able to attach photos').click();
    await hackney.keyboard.press('Tab');
    await hackney.keyboard.press('ArrowUp');
    await expect.poll(() => requirement.getAttribute('data-priority')).toBe('must');
    // The requirements either side keep theirs.
    expect(await hackney.locator('[data-requirement-id="REQ-002"]').getAttribute('data-priority')).toBe('must');
    expect(await hackney.locator('[data-requirement-id="REQ-004"]').getAttribute('data-priority')).toBe('must');
  });
});

describe('engagement removals', () => {
  let entry: Locator;

  beforeAll(async () => {
    await area(hackney, 'Market engagement');
    await hackney.getByRole('button', { name: 'Add an activity' }).click();
    await hackney
      .locator('[data-testid="engagement-entry"]')
      .first()
      .getByLabel('Title', { exact: true })
      .fill('Supplier day at Hackney Town Hall');
    entry = hackney.locator('[data-testid="engagement-entry"]', { hasText: 'Supplier day at Hackney Town Hall' });
    await entry.getByLabel('Add a supplier').fill('Repairs Online Ltd');
    await entry.getByRole('button', { name: 'Add supplier' }).click();
    await entry.getByLabel('Hackney', { exact: true }).check();
    for (const [number, description] of [
      ['1', 'Send the questionnaire to every supplier'],
      ['2', 'Book a second demonstration'],
    ] as const) {
      await entry.getByRole('button', { name: 'Add a follow-up action' }).click();
      await entry.getByLabel(`Action ${number}`, { exact: true }).fill(description);
    }
    await entry.getByLabel('Owner', { exact: true }).first().selectOption({ label: 'Tom Okafor, Camden' });
  });

  it('removing a follow-up action asks first: Cancel keeps it, confirming removes it', async () => {
    const followUps = entry.locator('[data-testid="follow-up"]');
    await entry.getByRole('button', { name: 'Remove action 1' }).click();
    // Nothing gone yet; the question has focus, so a screen reader reads it.
    expect(await followUps.count()).toBe(2);
    expect(await hackney.evaluate(() => document.activeElement?.textContent)).toBe(
      'Remove action 1, “Send the questionnaire to every supplier”?',
    );

    await entry.getByRole('button', { name: 'Cancel' }).click();
    expect(await followUps.count()).toBe(2);
    expect(await entry.getByRole('button', { name: 'Yes, remove action 1' }).count()).toBe(0);
    expect(await hackney.evaluate(() => document.activeElement?.textContent)).toBe('Remove action 1');

    // Escape cancels too.
    await hackney.keyboard.press('Enter');
    await entry.getByRole('button', { name: 'Yes, remove action 1' }).waitFor();
    await hackney.keyboard.press('Escape');
    expect(await followUps.count()).toBe(2);
    expect(await hackney.evaluate(() => document.activeElement?.textContent)).toBe('Remove action 1');

    await hackney.keyboard.press('Enter');
    await entry.getByRole('button', { name: 'Yes, remove action 1' }).click();
    await expect.poll(() => followUps.count()).toBe(1);
    expect(await entry.getByLabel('Action 1', { exact: true }).inputValue()).toBe('Book a second demonstration');
    // Focus is not lost with the button: it goes to what says what happened.
    expect(await hackney.evaluate(() => document.activeElement?.textContent)).toBe(
      'You removed action 1, “Send the questionnaire to every supplier”.',
    );
  });

  it('deleting an activity asks first: Cancel keeps it, confirming deletes it', async () => {
    const entries = hackney.locator('[data-testid="engagement-entry"]');
    const before = await entries.count();
    await entry.getByRole('button', { name: 'Delete this activity “Supplier day at Hackney Town Hall”' }).click();
    expect(await entries.count()).toBe(before);
    expect(await hackney.evaluate(() => document.activeElement?.textContent)).toBe('Delete “Supplier day at Hackney Town Hall”?');

    await entry.getByRole('button', { name: 'Cancel' }).click();
    expect(await entries.count()).toBe(before);
    expect(await hackney.evaluate(() => document.activeElement?.textContent)).toContain('Delete this activity');

    await hackney.keyboard.press('Enter');
    await entry.getByRole('button', { name: 'Yes, delete this activity' }).click();
    await expect.poll(() => entries.count()).toBe(before - 1);
    expect(await entry.count()).toBe(0);
    expect(await hackney.evaluate(() => document.activeElement?.textContent)).toBe(
      'You deleted “Supplier day at Hackney Town Hall”. This can be undone from the history.',
    );
  });
});

describe('a viewer', () => {
  it('reads requirement and engagement values as text, with no greyed-out fields', async () => {
    // Something to read on the engagement page: an activity with a follow-up action.
    await area(hackney, 'Market engagement');
    await hackney.getByRole('button', { name: 'Add an activity' }).click();
    await hackney
      .locator('[data-testid="engagement-entry"]')
      .first()
      .getByLabel('Title', { exact: true })
      .fill('Demonstration by Fix-It Systems');
    // Found by its title from now on: a new date may move it in the list.
    const written = hackney.locator('[data-testid="engagement-entry"]', { hasText: 'Demonstration by Fix-It Systems' });
    await written.getByLabel('Type of activity').selectOption({ label: 'Demonstration' });
    const date = written.getByRole('group', { name: 'Date', exact: true });
    await date.getByLabel('Day').fill('4');
    await date.getByLabel('Month').fill('11');
    await date.getByLabel('Year').fill('2026');
    await written.getByLabel('Add a supplier').fill('Fix-It Systems');
    await written.getByRole('button', { name: 'Add supplier' }).click();
    await written.getByLabel('Camden', { exact: true }).check();
    await written.getByRole('button', { name: 'Add a follow-up action' }).click();
    await written.getByLabel('Action 1', { exact: true }).fill('Ask for their accessibility statement');
    await written.getByLabel('Owner', { exact: true }).selectOption({ label: 'Tom Okafor, Camden' });
    const due = written.getByRole('group', { name: 'Due date', exact: true });
    await due.getByLabel('Day').fill('20');
    await due.getByLabel('Month').fill('11');
    await due.getByLabel('Year').fill('2026');
    await written.getByLabel('Done', { exact: true }).check();

    const { page: islington, context } = await signedIn(app, 'viewer@islington.demo');
    await openDemoWorkspace(islington);

    const requirement = islington.locator('[data-requirement-id="REQ-005"]');
    await expect.poll(() => requirement.innerText()).toContain('Priority: Could');
    expect(await requirement.innerText()).toContain('Applies to: Camden only');
    expect(await islington.locator('[data-requirement-id="REQ-001"]').innerText()).toContain('Applies to: All boroughs');
    expect(await islington.locator('[data-requirement-id] :is(select, input, summary)').count()).toBe(0);
    expect(await disabledControls(islington)).toBe(0);
    expect(await accessibilityProblems(islington)).toEqual([]);

    await area(islington, 'Market engagement');
    await islington.getByRole('button', { name: 'Show details Demonstration by Fix-It Systems' }).click();
    const entry = islington.locator('[data-testid="engagement-entry"]', { hasText: 'Demonstration by Fix-It Systems' });
    // Each field as "label: value", whatever the spacing between the two.
    const fields = () =>
      entry
        .locator('[data-testid="read-only-field"]')
        .evaluateAll((els) => els.map((e) => (e as HTMLElement).innerText.replace(/\s*\n\s*/g, ': ')));
    await expect
      .poll(fields)
      .toEqual([
        'Type of activity: Demonstration',
        'Date: 4 November 2026',
        'Title: Demonstration by Fix-It Systems',
        'Suppliers: Fix-It Systems',
        'Boroughs present: Camden',
        'What was shared with suppliers: Nothing recorded',
        'Did it give some suppliers information that every potential bidder needs, to avoid an unfair advantage?: Not yet assessed',
        'Action 1: Ask for their accessibility statement',
        'Owner: Tom Okafor, Camden',
        'Due date: 20 November 2026',
        'Done: Yes',
      ]);
    expect(await disabledControls(islington)).toBe(0);
    expect(await entry.locator('select, input, textarea').count()).toBe(0);
    // Nothing to remove for someone who may not change it.
    expect(await entry.getByRole('button', { name: /Remove|Delete/ }).count()).toBe(0);
    expect(await accessibilityProblems(islington)).toEqual([]);
    await context.close();
  });
});
