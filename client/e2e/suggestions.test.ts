/**
 * Suggested changes in real headless Chromium: Camden proposes wording in suggesting
 * mode, Hackney sees it live, marked with Tom's name and colour, and accepts or rejects
 * it; nothing proposed is applied until someone decides.
 */
import type { Page } from 'playwright-core';
import type { Timeline } from '../../shared/history.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityProblems, hackneyAndCamdenInWorkspace, signedIn, startApp, type TestApp } from './support/app.js';
import { placeSelection } from './support/selection.js';
import { requirementWords, specificationEditor, suggestionCard, suggestionsPanel } from './support/suggestions.js';

let app: TestApp;
let hackney: Page;
let camden: Page;

const editor = specificationEditor;
const panel = suggestionsPanel;
const suggestion = suggestionCard;
const requirementText = requirementWords;
const insertions = (page: Page) => editor(page).locator('ins[data-suggestion]');
const deletions = (page: Page) => editor(page).locator('del[data-suggestion]');

beforeAll(async () => {
  app = await startApp();
  ({ hackney, camden } = await hackneyAndCamdenInWorkspace(app));
}, 120_000);

afterAll(async () => app?.close());

describe('suggesting', () => {
  it('Camden switches to Suggesting: what Tom types is marked as his, live for Hackney, and listed', async () => {
    const switchTo = camden.getByRole('group', { name: 'How your changes are made' });
    await switchTo.getByRole('button', { name: 'Suggesting' }).click();
    expect(await switchTo.getByRole('button', { name: 'Suggesting' }).getAttribute('aria-pressed')).toBe('true');

    await placeSelection(camden, 'by phone', true);
    await camden.keyboard.type('via text message, ');
    await expect.poll(() => insertions(camden).allInnerTexts()).toContain('via text message, ');
    expect(await insertions(camden).first().getAttribute('title')).toBe('Suggested addition by Tom Okafor, Camden');

    // Hackney: the same marks, live, and the suggestion in the list with who and what.
    await expect.poll(() => insertions(hackney).allInnerTexts(), { timeout: 10_000 }).toContain('via text message, ');
    const listed = suggestion(hackney, 'via text message');
    await listed.waitFor();
    expect(await listed.innerText()).toContain('Tom Okafor, Camden');
    expect(await listed.innerText()).toContain('REQ-001');
  });

  it('Tom’s deletion is proposed, not made: the words stay, struck through, for everyone', async () => {
    await placeSelection(camden, ' straight away', false);
    await camden.keyboard.press('Backspace');
    await expect.poll(() => deletions(camden).allInnerTexts()).toContain(' straight away');
    await expect.poll(() => deletions(hackney).allInnerTexts(), { timeout: 10_000 }).toContain(' straight away');
    expect(await suggestion(hackney, 'straight away').innerText()).toContain('Delete');
  });

  it('Hackney accepts the addition and rejects the deletion: the text reads as decided, for both', async () => {
    await suggestion(hackney, 'via text message')
      .getByRole('button', { name: /^Accept/ })
      .click();
    await suggestion(hackney, 'straight away')
      .getByRole('button', { name: /^Reject/ })
      .click();
    for (const page of [hackney, camden]) {
      await expect.poll(() => insertions(page).count(), { timeout: 10_000 }).toBe(0);
      await expect.poll(() => deletions(page).count(), { timeout: 10_000 }).toBe(0);
      await expect
        .poll(() => requirementText(page, 'REQ-001'))
        .toContain('report a repair online, via text message, by phone and in person, and get a reference number straight away.');
    }
    expect(await panel(hackney).locator('[data-testid="suggestion"]').count()).toBe(0);
  });

  it('typing next to a colleague’s suggestion makes a suggestion of one’s own, never theirs', async () => {
    await placeSelection(camden, ' and in person', true);
    await camden.keyboard.type(' or by email');
    await suggestion(hackney, 'by email').waitFor({ timeout: 10_000 });
    // Hackney, also suggesting, types straight after Tom's words.
    await hackney.getByRole('group', { name: 'How your changes are made' }).getByRole('button', { name: 'Suggesting' }).click();
    await placeSelection(hackney, ' and in person', true);
    await hackney.keyboard.type(' or by letter');
    const priyas = suggestion(camden, 'by letter');
    await priyas.waitFor({ timeout: 10_000 });
    expect(await priyas.innerText()).toContain('Priya Shah, Hackney');
    expect(await priyas.innerText()).not.toContain('by email');
    expect(await suggestion(camden, 'by email').innerText()).toContain('Tom Okafor, Camden');
    // Neither was refused by the server as a forgery.
    expect(await hackney.locator('[data-testid="connection-status"]').innerText()).not.toMatch(/refused|stopped/i);
  });

  it('axe finds no serious or critical problem with suggestions shown', async () => {
    expect(await accessibilityProblems(hackney)).toEqual([]);
  });
});

/**
 * Run in a page before its code: messages from the server can be held back, as a slow
 * network would, and then handed on in order. Held here, ahead of the app's own
 * handling, so what the app receives is exactly what a late network delivers.
 */
function holdableIncoming(): void {
  const held: [WebSocket, unknown][] = [];
  let holding = false;
  const Original = window.WebSocket;
  window.WebSocket = class extends Original {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      this.addEventListener('message', (event) => {
        if (!holding) return;
        event.stopImmediatePropagation();
        held.push([this, event.data]);
      });
    }
  };
  Object.assign(window, {
    holdIncoming: () => (holding = true),
    releaseIncoming: () => {
      holding = false;
      for (const [socket, data] of held.splice(0)) socket.dispatchEvent(new MessageEvent('message', { data }));
    },
  });
}

/**
 * Hackney accepts Tom's `words` in its browser while another browser of Hackney's, whose
 * incoming messages are held back as a slow network would, rejects them (tabs of one
 * browser share changes among themselves at once, so it is another browser). Resolves
 * with what the history then records about the words, once both decisions are in.
 */
async function acceptedAndRejectedAtOnce(words: string): Promise<() => Promise<string[]>> {
  const { context, page: secondBrowser } = await signedIn(app, 'lead@hackney.demo');
  try {
    await secondBrowser.addInitScript(holdableIncoming);
    await secondBrowser.goto(hackney.url());
    await suggestion(secondBrowser, words).waitFor({ timeout: 10_000 });
    await secondBrowser.evaluate(() => (window as unknown as { holdIncoming(): void }).holdIncoming());

    const procurementId = /\/procurements\/([^/]+)/.exec(hackney.url())![1]!;
    const decisionsOnWords = async () => {
      const timeline = (await (await hackney.request.get(`${app.url}/api/procurements/${procurementId}/history`)).json()) as Timeline;
      return timeline.versions
        .flatMap((version) => version.suggestionDecisions)
        .filter((decision) => decision.summary === words)
        .map((decision) => decision.outcome);
    };

    await suggestion(hackney, words)
      .getByRole('button', { name: /^Accept/ })
      .click();
    await expect.poll(decisionsOnWords, { timeout: 10_000 }).toEqual(['accepted']);
    // The second browser still shows Tom's words as a suggestion: it rejects them.
    await suggestion(secondBrowser, words)
      .getByRole('button', { name: /^Reject/ })
      .click();
    await secondBrowser.evaluate(() => (window as unknown as { releaseIncoming(): void }).releaseIncoming());
    for (const page of [hackney, secondBrowser, camden]) {
      await expect.poll(() => requirementText(page, 'REQ-001'), { timeout: 10_000 }).not.toContain(words.trim());
    }
    return decisionsOnWords;
  } finally {
    await context.close();
  }
}

describe('deciding at the same moment', () => {
  it('Hackney accepts Tom’s words in one browser while another, not yet told, rejects them: the words go, and the record says so', async () => {
    const words = ' without a visit';
    await placeSelection(camden, ' straight away', true);
    await camden.keyboard.type(words);
    await suggestion(hackney, words).waitFor({ timeout: 10_000 });
    const decisionsOnWords = await acceptedAndRejectedAtOnce(words);
    await expect.poll(decisionsOnWords, { timeout: 10_000 }).toEqual(['accepted', 'rejected']);
  });

  it('the same, with Priya’s suggestion right after Tom’s words: hers stays whole and hers alone', async () => {
    // Left by the test above: Tom's " or by email", then Priya's " or by letter".
    const decisionsOnWords = await acceptedAndRejectedAtOnce(' or by email');
    await expect.poll(decisionsOnWords, { timeout: 10_000 }).toEqual(['accepted', 'rejected']);
    for (const page of [hackney, camden]) {
      await expect
        .poll(() => panel(page).locator('[data-testid="suggestion"]').allInnerTexts(), { timeout: 10_000 })
        .toEqual([expect.stringMatching(/^Priya Shah, Hackney · REQ-001[\s\S]*Add “ or by letter”/)]);
    }
  });
});
