/**
 * Comment threads in real headless Chromium: people of two boroughs (and an observing
 * borough's viewer), each in their own browser, discussing the specification's text,
 * a decision option and an engagement activity through the real server, live.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityProblems, hackneyAndCamdenInWorkspace, openDemoWorkspace, signedIn, startApp, type TestApp } from './support/app.js';
import { placeSelection } from './support/selection.js';

let app: TestApp;
let hackney: Page;
let camden: Page;

const editor = (page: Page) => page.locator('[data-testid="specification-editor"]');
const panel = (page: Page) => page.locator('[data-testid="comments-panel"]');
const threadAbout = (page: Page, quote: string) => page.locator('[data-testid="comment-thread"]', { hasText: `“${quote}”` });
/** The words of each element, without others' cursors and their labels. */
const wordsOf = (elements: Locator) =>
  elements.evaluateAll((found) =>
    found.map((element) => {
      const copy = element.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('.collaboration-carets__caret').forEach((caret) => caret.remove());
      return copy.textContent ?? '';
    }),
  );
const anchorTexts = (page: Page) => wordsOf(editor(page).locator('.app-comment-anchor'));
const highlighted = (page: Page) => wordsOf(editor(page).locator('.app-comment-highlight'));
/** The words of the chosen thread's text (someone's cursor inside it splits it in two elements). */
const activeText = async (page: Page) => (await wordsOf(editor(page).locator('.app-comment-anchor--active'))).join('');
const area = (page: Page, name: string) => page.click(`nav[aria-label="Areas of this procurement"] >> text=${name}`);
const commentButton = (page: Page) => page.getByRole('button', { name: 'Comment', exact: true });
const specText = async (page: Page) => (await wordsOf(editor(page)))[0] ?? '';
const announced = (page: Page) => page.locator('[data-testid="comments-announcer"]').innerText();

async function selectText(page: Page, text: string): Promise<void> {
  await placeSelection(page, text, false);
  await expect.poll(() => commentButton(page).isEnabled()).toBe(true);
}

const caretBefore = (page: Page, text: string) => placeSelection(page, text, true);

/** Writes a new comment on the selected text and adds it. */
async function comment(page: Page, words: string, { mention }: { mention?: { type: string; choose: RegExp } } = {}): Promise<void> {
  await commentButton(page).click();
  const box = panel(page).getByLabel('Your comment');
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('new-comment-text');
  await box.pressSequentially(words);
  if (mention) {
    await box.pressSequentially(` ${mention.type}`);
    await page.getByRole('option', { name: mention.choose }).waitFor();
    await box.press('Enter');
  }
  await panel(page).getByRole('button', { name: 'Add comment' }).click();
}

beforeAll(async () => {
  app = await startApp();
  ({ hackney, camden } = await hackneyAndCamdenInWorkspace(app));
}, 120_000);

afterAll(async () => app?.close());

describe('a thread on the specification’s text', () => {
  it('Hackney comments on a requirement’s words mentioning @Camden; Camden sees it live and replies', async () => {
    await selectText(hackney, 'report a repair online');
    await commentButton(hackney).click();
    // The form quotes the text being commented on and takes focus.
    expect(await panel(hackney).getByTestId('new-comment-quote').innerText()).toContain('“report a repair online”');
    const box = panel(hackney).getByLabel('Your comment');
    await expect.poll(() => box.evaluate((el) => el === document.activeElement)).toBe(true);
    await box.pressSequentially('Can we offer this by phone too? @Cam');
    // The suggestions are a listbox the box points into; Enter chooses.
    expect(await box.getAttribute('aria-autocomplete')).toBe('list');
    const option = hackney.getByRole('option', { name: 'Camden (the whole borough)' });
    await option.waitFor();
    expect(await box.getAttribute('aria-activedescendant')).toBe(await option.getAttribute('id'));
    await box.press('Enter');
    expect(await box.inputValue()).toBe('Can we offer this by phone too? @Camden ');
    await panel(hackney).getByRole('button', { name: 'Add comment' }).click();

    const mine = threadAbout(hackney, 'report a repair online');
    await mine.waitFor();
    expect(await mine.locator('strong', { hasText: '@Camden' }).count()).toBe(1);
    expect(await mine.innerText()).toContain('Priya Shah');
    // Focus moves to the new thread; its text is anchored, highlighted, and the chosen one.
    await expect.poll(() => hackney.evaluate(() => document.activeElement?.closest('[data-testid="comment-thread"]') !== null)).toBe(true);
    await expect.poll(() => anchorTexts(hackney), { timeout: 10_000 }).toContain('report a repair online');
    expect(await activeText(hackney)).toBe('report a repair online');

    // Camden: the thread, its highlight and a polite announcement arrive without reloading.
    const theirs = threadAbout(camden, 'report a repair online');
    await theirs.waitFor({ timeout: 10_000 });
    await expect.poll(() => highlighted(camden), { timeout: 10_000 }).toContain('report a repair online');
    expect(await announced(camden)).toContain('New comment from Priya Shah, Hackney');
    // It mentions Camden, so it is among Camden's "Mentioning me".
    await panel(camden).getByText('More filters').click();
    await panel(camden).getByLabel('Mentioning me').check();
    expect(await threadAbout(camden, 'report a repair online').count()).toBe(1);
    await panel(camden).getByLabel('Mentioning me').uncheck();

    await theirs.getByRole('button', { name: /^Reply/ }).click();
    const reply = theirs.getByLabel(/^Reply/);
    await expect.poll(() => reply.evaluate((el) => el === document.activeElement)).toBe(true);
    await reply.fill('Yes: our contact centre takes repairs by phone today.');
    await theirs.getByRole('button', { name: 'Reply', exact: true }).click();
    await expect.poll(() => theirs.locator('[data-testid="comment"]').count()).toBe(2);

    await expect.poll(() => mine.locator('[data-testid="comment"]').count(), { timeout: 10_000 }).toBe(2);
    expect(await mine.innerText()).toContain('Yes: our contact centre takes repairs by phone today.');
    expect(await announced(hackney)).toContain('New comment from Tom Okafor, Camden');
  });

  it('Hackney resolves the thread (its highlight goes for everyone), then reopens it', async () => {
    const mine = threadAbout(hackney, 'report a repair online');
    await mine.getByRole('button', { name: /^Resolve/ }).click();
    // It leaves the open list; a note (focused) says where it went.
    await expect.poll(() => mine.count()).toBe(0);
    expect(await hackney.evaluate(() => document.activeElement?.textContent)).toContain('You resolved the thread');
    await expect.poll(() => highlighted(hackney)).not.toContain('report a repair online');
    await expect.poll(() => highlighted(camden), { timeout: 10_000 }).not.toContain('report a repair online');
    await expect.poll(() => threadAbout(camden, 'report a repair online').count(), { timeout: 10_000 }).toBe(0);
    // The anchor stays in the text, only not highlighted.
    expect(await anchorTexts(camden)).toContain('report a repair online');

    await panel(hackney)
      .getByLabel(/^Resolved/)
      .check();
    const resolved = threadAbout(hackney, 'report a repair online');
    // Its words, drawn or not: a thread away from the screen is not laid out, and has no innerText.
    expect(await resolved.textContent()).toContain('Resolved');
    expect(await resolved.textContent()).toContain('by Priya Shah, Hackney');
    await resolved.getByRole('button', { name: /^Reopen/ }).click();
    await expect.poll(() => resolved.count()).toBe(0);
    await panel(hackney).getByLabel(/^Open/).check();
    await threadAbout(hackney, 'report a repair online').waitFor();
    await expect.poll(() => highlighted(camden), { timeout: 10_000 }).toContain('report a repair online');
    await threadAbout(camden, 'report a repair online').waitFor({ timeout: 10_000 });
  });

  it('clicking highlighted text chooses its thread; “Show in the text” highlights its text', async () => {
    const theirs = threadAbout(camden, 'report a repair online');
    await editor(camden).locator('.app-comment-highlight', { hasText: 'report a repair online' }).click();
    await expect.poll(() => theirs.getAttribute('class')).toContain('app-thread--active');
    expect(await activeText(camden)).toBe('report a repair online');

    // Choosing nothing else and back by keyboard from the panel.
    await hackney.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await threadAbout(hackney, 'report a repair online')
      .getByRole('button', { name: /^Show in the text/ })
      .click();
    await expect.poll(() => activeText(hackney)).toBe('report a repair online');
  });

  it('Escape closes the new comment form and puts focus back in the text', async () => {
    await selectText(hackney, 'attach photos and videos');
    await commentButton(hackney).click();
    const box = panel(hackney).getByLabel('Your comment');
    await expect.poll(() => box.evaluate((el) => el === document.activeElement)).toBe(true);
    await box.pressSequentially('Not sure');
    await box.press('Escape');
    await expect.poll(() => panel(hackney).getByTestId('new-comment').count()).toBe(0);
    // The editor takes the focus back on the next frame.
    await expect.poll(() => hackney.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('specification-editor');
  });

  it('an author edits and deletes their own comment, asked first; others see “Comment deleted”', async () => {
    const theirs = threadAbout(camden, 'report a repair online');
    const reply = theirs.locator('[data-testid="comment"]').nth(1);
    await reply.getByRole('button', { name: 'Edit your comment' }).click();
    const box = reply.getByLabel('Edit your comment');
    await box.fill('Yes: our contact centre takes repairs by phone, 8am to 8pm.');
    await reply.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => reply.innerText()).toContain('(edited)');
    const hackneysCopy = threadAbout(hackney, 'report a repair online').locator('[data-testid="comment"]').nth(1);
    await expect.poll(() => hackneysCopy.innerText(), { timeout: 10_000 }).toContain('8am to 8pm.');
    expect(await hackneysCopy.innerText()).toContain('(edited)');
    // Only the author may change a comment.
    expect(await hackneysCopy.getByRole('button', { name: /your comment/ }).count()).toBe(0);

    await reply.getByRole('button', { name: 'Delete your comment' }).click();
    expect(await camden.evaluate(() => document.activeElement?.textContent)).toBe('Delete your comment?');
    await reply.getByRole('button', { name: 'Yes, delete it' }).click();
    await expect.poll(() => reply.innerText()).toContain('Comment deleted');
    await expect.poll(() => hackneysCopy.innerText(), { timeout: 10_000 }).toContain('Comment deleted');
    expect(await hackneysCopy.innerText()).not.toContain('8am to 8pm');
  });
});

describe('concurrent typing', () => {
  it('typing by someone else while a comment is written does not move its anchor', async () => {
    await selectText(hackney, 'appointment slots');
    // The Google Docs shortcut opens the form as the button does.
    await hackney.keyboard.press('Control+Alt+M');
    const box = panel(hackney).getByLabel('Your comment');
    await expect.poll(() => box.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await panel(hackney).getByTestId('new-comment-quote').innerText()).toContain('“appointment slots”');

    // Meanwhile Camden types at the start of the paragraph, right before the words, and after them.
    // (Not an “a” right before “appointment”: the editors' text diff could not tell the
    // new “a” from the old one, so which of them the anchor starts at would be a guess.)
    await caretBefore(camden, 'The system must offer residents');
    await camden.keyboard.type('Camden: ');
    await caretBefore(camden, 'appointment slots');
    await camden.keyboard.type('two-hour ');
    await caretBefore(camden, ' from the operative');
    await camden.keyboard.type(' (by text)');
    await expect
      .poll(() => specText(hackney), { timeout: 10_000 })
      .toContain('Camden: The system must offer residents two-hour appointment slots (by text) from the operative’s live diary');
    // The words being commented on stay marked in Hackney's editor as the text moves.
    expect(await wordsOf(editor(hackney).locator('.app-comment-pending'))).toEqual(['appointment slots']);

    await box.pressSequentially('Two-hour slots suit Hackney.');
    await panel(hackney).getByRole('button', { name: 'Add comment' }).click();
    await threadAbout(hackney, 'appointment slots').waitFor();
    const anchored = async (page: Page) => (await anchorTexts(page)).filter((words) => words.includes('slots'));
    await expect.poll(() => anchored(hackney), { timeout: 10_000 }).toEqual(['appointment slots']);
    await expect.poll(() => anchored(camden), { timeout: 10_000 }).toEqual(['appointment slots']);

    // Typing around and inside the highlighted words keeps them highlighted.
    await caretBefore(camden, 'slots (by text)');
    await camden.keyboard.type('time ');
    await expect.poll(() => anchored(hackney), { timeout: 10_000 }).toEqual(['appointment time slots']);
    // (Tom's cursor, inside them, splits them in two elements.)
    expect((await highlighted(hackney)).join('')).toContain('appointment time slots');
  });

  it('when the anchored text is deleted the thread says “Text removed” and keeps the quote', async () => {
    await selectText(camden, 'two-hour appointment time slots (by text)');
    await camden.keyboard.press('Backspace');
    await expect.poll(() => specText(hackney), { timeout: 10_000 }).not.toContain('appointment time slots');
    const thread = threadAbout(hackney, 'appointment slots');
    await expect.poll(() => thread.innerText(), { timeout: 10_000 }).toContain('Text removed');
    expect(await thread.innerText()).toContain('“appointment slots”');
    await expect.poll(() => threadAbout(camden, 'appointment slots').innerText(), { timeout: 10_000 }).toContain('Text removed');
    // There is no text left to show.
    expect(await thread.getByRole('button', { name: /Show in the text/ }).count()).toBe(0);
  });
});

describe('a viewer of an observing borough', () => {
  let islington: Page;

  beforeAll(async () => {
    islington = (await signedIn(app, 'viewer@islington.demo')).page;
    await openDemoWorkspace(islington);
  });

  it('selects text in the read-only editor and comments on it; everyone sees it', async () => {
    expect(await editor(islington).getAttribute('contenteditable')).toBe('false');
    // No editing tools, but the Comment button, enabled once text is selected.
    expect(await islington.getByRole('button', { name: '+ Requirement' }).count()).toBe(0);
    expect(await commentButton(islington).isDisabled()).toBe(true);
    await selectText(islington, 'within 10 working days');
    await comment(islington, 'Islington would need 5 working days. ', { mention: { type: '@Pri', choose: /Priya Shah/ } });
    const mine = threadAbout(islington, 'within 10 working days');
    await mine.waitFor();
    expect(await mine.locator('strong').allInnerTexts()).toContain('@Priya Shah');
    await expect.poll(() => highlighted(islington), { timeout: 10_000 }).toContain('within 10 working days');
    await expect.poll(() => highlighted(hackney), { timeout: 10_000 }).toContain('within 10 working days');
    const atHackney = threadAbout(hackney, 'within 10 working days');
    await atHackney.waitFor({ timeout: 10_000 });
    expect(await atHackney.innerText()).toContain('Maria Costa, Islington');
    // She may resolve her own thread, not others'.
    expect(await mine.getByRole('button', { name: /^Resolve/ }).count()).toBe(1);
    expect(
      await threadAbout(islington, 'report a repair online')
        .getByRole('button', { name: /^Resolve/ })
        .count(),
    ).toBe(0);
    // Her comment changed nothing else in the text.
    expect(await specText(hackney)).toContain('Reports of damp and mould must be flagged for inspection within 10 working days');
  });

  it('deleting the only comment of a thread removes the thread and its highlight, for everyone', async () => {
    const mine = threadAbout(islington, 'within 10 working days');
    await mine.getByRole('button', { name: 'Delete your comment' }).click();
    expect(await mine.innerText()).toContain('It is the only comment, so the whole thread goes');
    await mine.getByRole('button', { name: 'Yes, delete it' }).click();
    await expect.poll(() => mine.count()).toBe(0);
    // A note says what happened, with focus, as the button pressed has gone.
    await expect
      .poll(() => islington.evaluate(() => document.activeElement?.textContent))
      .toContain('It was the only comment, so the thread has gone.');
    await expect.poll(() => threadAbout(hackney, 'within 10 working days').count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => anchorTexts(hackney), { timeout: 10_000 }).not.toContain('within 10 working days');
    expect(await highlighted(islington)).not.toContain('within 10 working days');
  });
});

describe('comments on a whole item', () => {
  it('a comment on a decision option appears live for the other borough', async () => {
    await area(hackney, 'Decisions');
    await area(camden, 'Decisions');
    await hackney.getByRole('button', { name: 'Show details decision 1' }).click();
    const toggle = hackney.getByRole('button', { name: /^Comments \(\d+\) on option 1 of decision 1$/ });
    const before = Number(/\((\d+)\)/.exec(await toggle.innerText())![1]);
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    const box = hackney.getByLabel('New comment on option 1 of decision 1');
    await box.fill('Hackney’s legal team prefers this option.');
    await hackney.getByRole('button', { name: 'Add comment' }).click();
    await hackney.getByRole('button', { name: `Comments (${before + 1}) on option 1 of decision 1` }).waitFor();
    expect(await hackney.locator('[data-testid="option"]').first().textContent()).toContain('Hackney’s legal team prefers this option.');

    await camden.getByRole('button', { name: 'Show details decision 1' }).click();
    const theirs = camden.getByRole('button', { name: `Comments (${before + 1}) on option 1 of decision 1` });
    await theirs.waitFor({ timeout: 10_000 });
    await theirs.click();
    // The thread arrives a moment after the list opens, perhaps away from the screen (not laid out).
    await expect
      .poll(() => camden.locator('[data-testid="option"]').first().textContent(), { timeout: 10_000 })
      .toContain('Hackney’s legal team prefers this option.');
  });

  it('an engagement activity has its own comments', async () => {
    await area(hackney, 'Market engagement');
    await hackney.getByRole('button', { name: 'Add an activity' }).click();
    const entry = hackney.locator('[data-testid="engagement-entry"]').first();
    await entry.getByLabel('Title', { exact: true }).fill('Supplier day at Hackney Town Hall');
    await entry.getByRole('button', { name: 'Comments (0) on “Supplier day at Hackney Town Hall”' }).click();
    await entry.getByLabel('New comment on “Supplier day at Hackney Town Hall”').fill('@Cam');
    await hackney.getByRole('option', { name: 'Camden (the whole borough)' }).click();
    await entry.getByRole('button', { name: 'Add comment' }).click();
    await entry.getByRole('button', { name: 'Comments (1) on “Supplier day at Hackney Town Hall”' }).waitFor();
    expect(await entry.locator('[data-testid="comment"] strong', { hasText: '@Camden' }).count()).toBe(1);
  });
});

describe('for you', () => {
  it('Camden’s header counts the mentions live; each link opens its thread where it is shown', async () => {
    // The count follows the live comment events, without reloading.
    await expect.poll(() => camden.getByTestId('for-you-link').innerText(), { timeout: 10_000 }).toMatch(/\d+ unread/);
    await camden.getByTestId('for-you-link').click();
    const list = camden.getByTestId('for-you');
    await list.waitFor();

    // A mention on an engagement activity opens that activity's comments, the thread focused.
    await list
      .getByRole('link', { name: /on “Supplier day at Hackney Town Hall”/ })
      .first()
      .click();
    await expect.poll(() => new URL(camden.url()).pathname).toMatch(/\/engagement$/);
    await expect
      .poll(() => camden.evaluate(() => document.activeElement?.closest('[data-testid="comment-thread"]')?.textContent ?? ''))
      .toContain('@Camden');

    // A mention on the specification's text: the thread is chosen in the panel and its text highlighted.
    await camden.getByTestId('for-you-link').click();
    await list
      .getByRole('link', { name: /on “report a repair online”/ })
      .first()
      .click();
    await expect.poll(() => activeText(camden), { timeout: 10_000 }).toBe('report a repair online');
    await expect
      .poll(() => camden.evaluate(() => document.activeElement?.closest('[data-testid="comment-thread"]')?.textContent ?? ''))
      .toContain('report a repair online');
  });
});

describe('the panel', () => {
  it('is a region with a heading beside the text, documenting the shortcut; on a phone it is below the text, shown on request', async () => {
    await area(hackney, 'Specification');
    const region = hackney.getByRole('region', { name: 'Comments' });
    await region.waitFor();
    expect(await region.getByRole('heading', { name: 'Comments', exact: true }).count()).toBe(1);
    expect(await region.getByTestId('comment-shortcut-hint').innerText()).toContain('Ctrl + Alt + M');
    const side = await region.boundingBox();
    const text = await editor(hackney).boundingBox();
    expect(side!.x).toBeGreaterThan(text!.x + text!.width);

    const { page: phone, context } = await signedIn(app, 'editor@camden.demo', { width: 390, height: 844 });
    await openDemoWorkspace(phone);
    const toggle = phone.getByRole('button', { name: /^Show comments \(\d+ open\)$/ });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await phone.locator('#comments-body').isVisible()).toBe(false);
    await toggle.click();
    await phone.locator('[data-testid="comment-thread"]').first().waitFor();
    const below = await phone.getByRole('region', { name: 'Comments' }).boundingBox();
    const phoneText = await editor(phone).boundingBox();
    expect(below!.y).toBeGreaterThan(phoneText!.y + phoneText!.height);
    await context.close();
  });
});

describe('accessibility', () => {
  it('axe finds no serious or critical problem on the specification with the panel open and a thread with replies', async () => {
    await area(hackney, 'Specification');
    const thread: Locator = threadAbout(hackney, 'report a repair online');
    await thread.waitFor();
    await thread.getByRole('button', { name: /^Reply/ }).click();
    await thread.getByLabel(/^Reply/).pressSequentially('@To');
    await hackney.getByRole('option', { name: /Tom Okafor/ }).waitFor();
    expect(await accessibilityProblems(hackney)).toEqual([]);
    await thread.getByLabel(/^Reply/).press('Escape');
    // The first Escape closes the suggestions only; the second the reply.
    expect(await thread.getByLabel(/^Reply/).count()).toBe(1);
    await thread.getByLabel(/^Reply/).press('Escape');
    await expect.poll(() => thread.getByLabel(/^Reply/).count()).toBe(0);
    expect(await accessibilityProblems(hackney)).toEqual([]);
  });
});
