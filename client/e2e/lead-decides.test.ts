/**
 * The lead-authority form, in real headless Chromium: Hackney's owner sets "partner
 * boroughs suggest; the lead borough accepts". Camden's editor can then only suggest,
 * in the words and on a requirement's priority, and cannot accept; Hackney sees both
 * suggestions live, marked as Tom's, and accepts them.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { accessibilityProblems, openDemoWorkspace, signedIn, startApp, type TestApp } from './support/app.js';
import { placeSelection } from './support/selection.js';
import { requirementWords, specificationEditor, suggestionCard, suggestionsPanel } from './support/suggestions.js';

let app: TestApp;
let hackney: Page;
let camden: Page;

const editor = specificationEditor;
const panel = suggestionsPanel;
const suggestion = suggestionCard;
const wordsOf = requirementWords;
/** A requirement's priority field: shown as a field once the pointer is on the requirement, as a person would use it. */
async function priorityOf(page: Page, label: string) {
  const requirement = editor(page).locator(`[data-requirement-id="${label}"]`);
  await requirement.hover();
  return requirement.locator('select').first();
}

beforeAll(async () => {
  app = await startApp();
  hackney = (await signedIn(app, 'lead@hackney.demo')).page;
  camden = (await signedIn(app, 'editor@camden.demo')).page;
  await openDemoWorkspace(camden);
}, 120_000);

afterAll(async () => app?.close());

it('Hackney’s owner chooses that the lead borough decides, and the page says what that means', async () => {
  await openDemoWorkspace(hackney, 'Boroughs and people');
  await hackney.getByRole('button', { name: 'Change who decides' }).click();
  await hackney.getByLabel('Partner boroughs suggest changes; the lead borough accepts or rejects them').check();
  expect(await accessibilityProblems(hackney)).toEqual([]);
  await hackney.getByRole('button', { name: 'Save', exact: true }).click();
  await expect
    .poll(() => hackney.locator('[data-testid="who-decides-effect"]').innerText())
    .toContain('Only editors and owners of Hackney can accept or reject it.');
});

it('Camden’s editor can only suggest: no Editing choice, and what Tom types is his suggestion', async () => {
  // Tom's open workspace learns of it live: no reload.
  const modeSwitch = camden.locator('[data-testid="mode-switch"]');
  await expect.poll(() => modeSwitch.innerText(), { timeout: 15_000 }).toContain('Hackney accepts or rejects them');
  expect(await modeSwitch.getByRole('button', { name: 'Editing' }).count()).toBe(0);
  // The server has reconnected Tom with his new rights (typing during a reconnect can
  // lose the caret's place: that is not what this test is about).
  await expect
    .poll(() => app.server.engine.liveConnections().filter((c) => c.grant.mode === 'suggest-only').length, { timeout: 10_000 })
    .toBe(1);
  await camden.waitForSelector('[data-testid="connection-status"][data-state="saved"]');

  await placeSelection(camden, 'by phone', true);
  await camden.keyboard.type('via text message, ');
  await expect.poll(() => editor(camden).locator('ins[data-suggestion]').allInnerTexts()).toContain('via text message, ');
  await suggestion(camden, 'via text message').waitFor();
  // Tom may not decide, on his own suggestion or anyone's.
  expect(
    await panel(camden)
      .getByRole('button', { name: /^Accept/ })
      .count(),
  ).toBe(0);
});

it('a priority Tom changes is a suggestion too, and Hackney accepts both: they become the text', async () => {
  await (await priorityOf(camden, 'REQ-003')).selectOption({ label: 'Must' });
  await hackney.click('nav[aria-label="Areas of this procurement"] >> text=Specification');
  const priority = suggestion(hackney, '→');
  await priority.waitFor({ timeout: 15_000 });
  expect(await priority.innerText()).toContain('Tom Okafor, Camden');
  await suggestion(hackney, 'via text message').waitFor();
  // The requirement itself says a change to it is only suggested.
  const flag = editor(hackney).locator('[data-requirement-id="REQ-003"] [data-testid="requirement-suggested"]');
  expect(await flag.innerText()).toBe('Suggested priority');

  await panel(hackney)
    .getByRole('button', { name: /^Accept all shown/ })
    .click();
  for (const page of [hackney, camden]) {
    await expect.poll(() => panel(page).locator('[data-testid="suggestion"]').count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(async () => (await priorityOf(page, 'REQ-003')).inputValue()).toBe('must');
    expect(await editor(page).locator('[data-testid="requirement-suggested"]').count()).toBe(0);
    await expect.poll(() => wordsOf(page, 'REQ-001')).toContain('via text message, by phone');
  }
  // Nobody was refused on the way.
  expect(await camden.locator('[data-testid="connection-status"]').getAttribute('data-state')).toBe('saved');
});

it('the decisions are on record: in Tom’s “For you”, and in the history with who proposed and who decided', async () => {
  await camden.click('[data-testid="for-you-link"]');
  const items = camden.locator('[data-testid="for-you"] li');
  await expect
    .poll(() => items.allInnerTexts(), { timeout: 10_000 })
    .toEqual(expect.arrayContaining([expect.stringMatching(/Priya Shah, Hackney accepted your suggestion to REQ-001 in Housing repairs/)]));
  expect(await accessibilityProblems(camden)).toEqual([]);

  await hackney.click('nav[aria-label="Areas of this procurement"] >> text=History');
  const decisions = hackney.locator('[data-testid="suggestion-decisions"] li');
  await expect
    .poll(() => decisions.allInnerTexts(), { timeout: 10_000 })
    .toContain('Priya Shah (Hackney) accepted a suggestion by Tom Okafor (Camden) in REQ-001: add “via text message, ”.');
  expect(await decisions.allInnerTexts()).toContain(
    'Priya Shah (Hackney) accepted a suggestion by Tom Okafor (Camden) in REQ-003: priority Should → Must.',
  );
});

it('Tom moves between his suggestions from the keyboard, and withdraws them', async () => {
  await camden.goBack();
  await camden.waitForSelector('[data-testid="connection-status"][data-state="saved"]');
  await hackney.click('nav[aria-label="Areas of this procurement"] >> text=Specification');
  await placeSelection(camden, 'attach photos', true);
  await camden.keyboard.type('quickly ');
  await placeSelection(camden, 'appointment slots', true);
  await camden.keyboard.type('online ');
  await suggestion(camden, 'online').waitFor({ timeout: 10_000 });
  await suggestion(hackney, 'online').waitFor({ timeout: 10_000 });

  // From the top of the text: the first suggestion, then the next, then round again.
  await placeSelection(camden, 'Residents must be able to report', true);
  const caretIn = () =>
    camden.evaluate(() => {
      const node = document.getSelection()?.focusNode;
      const element = node instanceof Element ? node : node?.parentElement;
      return element?.closest<HTMLElement>('[data-requirement-id]')?.dataset.requirementId ?? null;
    });
  await camden.keyboard.press('Control+Alt+BracketRight');
  await expect.poll(caretIn).toBe('REQ-003');
  await camden.keyboard.press('Control+Alt+BracketRight');
  await expect.poll(caretIn).toBe('REQ-004');
  await camden.keyboard.press('Control+Alt+BracketLeft');
  await expect.poll(caretIn).toBe('REQ-003');

  // Tom may withdraw his own suggestions, though he may not decide on them.
  for (const words of ['quickly', 'online']) {
    await suggestion(camden, words)
      .getByRole('button', { name: /^Withdraw/ })
      .click();
  }
  for (const page of [camden, hackney]) {
    await expect.poll(() => panel(page).locator('[data-testid="suggestion"]').count(), { timeout: 10_000 }).toBe(0);
  }
  expect(await wordsOf(hackney, 'REQ-003')).not.toContain('quickly');
  expect(await camden.locator('[data-testid="connection-status"]').getAttribute('data-state')).toBe('saved');
});
