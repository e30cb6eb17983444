/**
 * The workspace in real headless Chromium: two people of two boroughs, each in their
 * own browser, drafting together through the real server.
 */
import type { Editor } from '@tiptap/core';
import JSZip from 'jszip';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityProblems, hackneyAndCamdenInWorkspace, openDemoWorkspace, signedIn, startApp, type TestApp } from './support/app.js';

let app: TestApp;
let hackney: Page;
let camden: Page;

const editor = (page: Page) => page.locator('[data-testid="specification-editor"]');
const requirementIds = (page: Page) =>
  page.locator('[data-requirement-id]').evaluateAll((els) => els.map((e) => e.getAttribute('data-requirement-id')));

beforeAll(async () => {
  app = await startApp();
  ({ hackney, camden } = await hackneyAndCamdenInWorkspace(app));
}, 120_000);

afterAll(async () => app?.close());

describe('co-editing the specification', () => {
  it('two people of two boroughs see each other’s text and cursors', async () => {
    await hackney.getByText('Hackney and Camden are buying').click();
    await hackney.keyboard.press('End');
    await hackney.keyboard.type(' Typed in Hackney.');
    await expect.poll(() => editor(camden).innerText(), { timeout: 10_000 }).toContain('Typed in Hackney.');

    await camden.getByText('Not in scope: planned maintenance').click();
    await camden.keyboard.press('End');
    await camden.keyboard.type(' Typed in Camden.');
    await expect.poll(() => editor(hackney).innerText(), { timeout: 10_000 }).toContain('Typed in Camden.');

    // Each sees the other's cursor, labelled with name and borough.
    await expect
      .poll(() => hackney.locator('.collaboration-carets__label').allInnerTexts(), { timeout: 10_000 })
      .toContain('Tom Okafor, Camden');
    await expect
      .poll(() => camden.locator('.collaboration-carets__label').allInnerTexts(), { timeout: 10_000 })
      .toContain('Priya Shah, Hackney');
    // And each other in the list of who is here.
    await expect.poll(() => hackney.locator('[data-testid="presence"]').innerText()).toContain('Tom Okafor');
  });

  it('the status does not announce every keystroke: quick saves are not shown as “Saving…”', async () => {
    const status = hackney.locator('[data-testid="connection-status"]');
    await status.evaluate((element) => {
      const said: string[] = [];
      (window as unknown as { statusSaid: string[] }).statusSaid = said;
      new MutationObserver(() => said.push(element.textContent ?? '')).observe(element, {
        subtree: true,
        childList: true,
        characterData: true,
        attributes: true,
      });
    });
    await hackney.getByText('appointment slots').click();
    await hackney.keyboard.press('End');
    const typed = ' Thirty keys, each saved at once.';
    await hackney.keyboard.type(typed, { delay: 40 });
    await expect.poll(() => editor(camden).innerText(), { timeout: 10_000 }).toContain(typed.trim());
    await expect.poll(() => status.getAttribute('data-state')).toBe('saved');

    const said = await hackney.evaluate(() => (window as unknown as { statusSaid: string[] }).statusSaid);
    // Each key used to be announced twice ("Saving…", then "saved"); a slow save may still show.
    expect(said.length).toBeLessThan(typed.length / 4);
  });

  it('a colleague’s typing rebuilds only the requirement it is in: the others stay as they were', async () => {
    // The top-level nodes of the editor's document (TipTap keeps the editor on its element).
    const keepNodes = () =>
      hackney.evaluate(() => {
        const doc = (document.querySelector('.ProseMirror') as unknown as { editor: Editor }).editor.state.doc;
        (window as unknown as { keptNodes: readonly unknown[] }).keptNodes = doc.content.content;
        return doc.childCount;
      });
    const sameNodes = () =>
      hackney.evaluate(() => {
        const kept = (window as unknown as { keptNodes: readonly unknown[] }).keptNodes;
        const doc = (document.querySelector('.ProseMirror') as unknown as { editor: Editor }).editor.state.doc;
        return doc.content.content.map((node) => ({ kept: kept.includes(node), text: node.textContent }));
      });
    expect(await keepNodes()).toBeGreaterThan(3);

    await camden.getByText('It could send text-message reminders').click();
    await camden.keyboard.press('End');
    await camden.keyboard.type(' Sent the day before.');
    await expect.poll(() => editor(hackney).innerText(), { timeout: 10_000 }).toContain('Sent the day before.');

    const nodes = await sameNodes();
    const rebuilt = nodes.filter((node) => !node.kept);
    // Only the requirement typed in is a new node; every other block is the very same one.
    expect(rebuilt).toHaveLength(1);
    expect(rebuilt.every((node) => node.text.includes('Sent the day before.'))).toBe(true);
  });

  it('a requirement added by one appears with the same id for the other', async () => {
    await hackney.getByText('Reports of damp and mould').click();
    await hackney.keyboard.press('End');
    await hackney.getByRole('button', { name: '+ Requirement' }).click();
    await hackney.keyboard.type('Repairs must be tracked to completion.');
    await expect.poll(() => requirementIds(hackney), { timeout: 10_000 }).toContain('REQ-007');
    await expect.poll(() => requirementIds(camden), { timeout: 10_000 }).toContain('REQ-007');
    // The number may arrive before the last of the typing.
    await expect
      .poll(() => camden.locator('[data-requirement-id="REQ-007"]').innerText(), { timeout: 10_000 })
      .toContain('Repairs must be tracked to completion.');
  });

  it('two requirements added at the same moment get distinct ids', async () => {
    await hackney.getByText('Residents should be able to attach photos').click();
    await camden.getByText('It could send text-message reminders').click();
    await Promise.all([
      hackney.getByRole('button', { name: '+ Requirement' }).click(),
      camden.getByRole('button', { name: '+ Requirement' }).click(),
    ]);
    await expect.poll(async () => (await requirementIds(hackney)).filter((id) => id !== 'REQ-new').length, { timeout: 10_000 }).toBe(9);
    await expect.poll(async () => (await requirementIds(camden)).filter((id) => id !== 'REQ-new').length, { timeout: 10_000 }).toBe(9);
    const atHackney = await requirementIds(hackney);
    const atCamden = await requirementIds(camden);
    expect(new Set(atHackney).size).toBe(9);
    expect(atCamden).toEqual(atHackney);
    expect(atHackney).toEqual(expect.arrayContaining(['REQ-008', 'REQ-009']));
  });

  it('the contents follow the text: counts and headings change for both, and a heading’s link takes the caret there', async () => {
    const total = async (page: Page) =>
      Number(await page.locator('[data-testid="requirement-counts"] tr', { hasText: 'Total' }).locator('td').innerText());
    // Counted in the text: while Camden's editor has the focus, the contents change only once typing rests.
    const before = (await requirementIds(camden)).length;
    await hackney.getByText('Reports of damp and mould').click();
    await hackney.keyboard.press('End');
    await hackney.getByRole('button', { name: '+ Requirement' }).click();
    await hackney.keyboard.type('Residents are told when an operative is on the way.');
    await expect.poll(() => total(camden), { timeout: 10_000 }).toBe(before + 1);

    const contents = camden.locator('.app-outline__list a');
    const headings = await contents.allInnerTexts();
    expect(headings).toContain('Service levels');
    await contents.filter({ hasText: 'Service levels' }).click();
    await expect
      .poll(() =>
        camden.evaluate(() => {
          const node = document.getSelection()?.focusNode;
          const element = node instanceof Element ? node : node?.parentElement;
          return element?.closest('h2, h3, h4')?.textContent ?? null;
        }),
      )
      .toBe('Service levels');
  });
  it('typing a heading changes the contents once the typing rests, not on every key', async () => {
    const contents = hackney.locator('.app-outline');
    // Each time the contents are redrawn, counted as the page sees it.
    await contents.evaluate((element) => {
      const redraws = { count: 0 };
      (window as unknown as { contentsRedraws: typeof redraws }).contentsRedraws = redraws;
      new MutationObserver(() => redraws.count++).observe(element, { subtree: true, childList: true, characterData: true });
    });
    await hackney.locator('[data-testid="specification-editor"] h2', { hasText: 'Service levels' }).click();
    await hackney.keyboard.press('End');
    const typed = ' and response times';
    await hackney.keyboard.type(typed, { delay: 30 });
    await expect.poll(() => contents.innerText(), { timeout: 10_000 }).toContain(`Service levels${typed}`);
    const redraws = await hackney.evaluate(() => (window as unknown as { contentsRedraws: { count: number } }).contentsRedraws.count);
    // A redraw is a React render, which walks all of the focused editor's text.
    expect(redraws).toBeLessThan(typed.length / 4);
  });
});

describe('a viewer', () => {
  it('sees everything live, with every editing control disabled and a note saying why', async () => {
    const { page: islington, context } = await signedIn(app, 'viewer@islington.demo');
    await openDemoWorkspace(islington);
    await expect.poll(() => islington.locator('.govuk-inset-text').innerText()).toContain('Islington is observing');
    expect(await editor(islington).getAttribute('contenteditable')).toBe('false');
    expect(await islington.getByRole('button', { name: '+ Requirement' }).count()).toBe(0);
    const before = await editor(hackney).innerText();
    await editor(islington).click();
    await islington.keyboard.type('Islington was here');
    await hackney.waitForTimeout(500);
    expect(await editor(hackney).innerText()).toBe(before);
    // Live: a change by Hackney reaches the viewer.
    await hackney.getByText('Typed in Hackney.').click();
    await hackney.keyboard.press('End');
    await hackney.keyboard.type(' Seen in Islington.');
    await expect.poll(() => editor(islington).innerText(), { timeout: 10_000 }).toContain('Seen in Islington.');
    // Decisions: every input disabled, no way to record a position.
    await islington.click('nav[aria-label="Areas of this procurement"] >> text=Decisions');
    await islington
      .getByRole('button', { name: /Show details/ })
      .first()
      .click();
    const enabledInputs = await islington
      .locator('[data-testid="decision"] input:not([disabled]), [data-testid="decision"] textarea:not([disabled])')
      .count();
    expect(enabledInputs).toBe(0);
    expect(await islington.getByRole('button', { name: /position/ }).count()).toBe(0);
    await context.close();
  });
});

describe('working offline', () => {
  it('keeps edits made while the server is unreachable and sends them on reconnecting', async () => {
    await app.stopServer();
    await expect
      .poll(() => hackney.locator('[data-testid="connection-status"]').getAttribute('data-state'), { timeout: 10_000 })
      .toBe('offline');
    await hackney.getByText('Work orders to in-house teams').click();
    await hackney.keyboard.press('End');
    await hackney.keyboard.type(' Written offline.');
    await expect.poll(() => hackney.locator('[data-testid="connection-status"]').innerText()).toContain('kept on this device');
    await app.restartServer();
    await expect
      .poll(() => hackney.locator('[data-testid="connection-status"]').getAttribute('data-state'), { timeout: 20_000 })
      .toBe('saved');
    await expect.poll(() => editor(camden).innerText(), { timeout: 20_000 }).toContain('Written offline.');
  });
});

describe('decisions', () => {
  it('an option is proposed, a borough lead records a position on it, and the other person sees it without reloading', async () => {
    await hackney.click('nav[aria-label="Areas of this procurement"] >> text=Decisions');
    await camden.click('nav[aria-label="Areas of this procurement"] >> text=Decisions');
    // Nothing to take a position on yet (decision 1 has a proposal from the demo's past): no form, and the page says why.
    await camden.getByRole('button', { name: 'Show details decision 2' }).click();
    await camden.waitForSelector('[data-testid="proposal"] >> text=No option is proposed yet');
    expect(await camden.locator('[data-testid="position-form"]').count()).toBe(0);
    await camden.getByRole('button', { name: 'Hide details decision 2' }).click();
    await camden.getByRole('button', { name: 'Show details decision 1' }).click();

    await hackney.getByRole('button', { name: 'Show details decision 1' }).click();
    await hackney.locator('[data-testid="option"]').nth(2).getByLabel('Propose this option').check();
    await camden.waitForSelector('[data-testid="proposal"] >> text=One lead borough runs the procedure');
    // The position form comes before the long editing fields.
    const formFirst = await camden
      .locator('[data-testid="decision"]')
      .first()
      .evaluate((card) => {
        const form = card.querySelector('[data-testid="position-form"]');
        const field = card.querySelector('[data-testid="option"]');
        return !!form && !!field && (form.compareDocumentPosition(field) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
      });
    expect(formFirst).toBe(true);
    await camden.getByLabel('Supports').first().check();
    await camden.locator('textarea[id$="-comment"]').first().fill('Camden’s cabinet agreed this in October.');
    await camden.getByRole('button', { name: 'Record Camden’s position' }).first().click();
    await camden.waitForSelector('text=Camden’s position is recorded: Supports: One lead borough');
    expect(await camden.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('status');
    await expect
      .poll(() => hackney.locator('[data-testid="positions-summary"]').first().innerText(), { timeout: 10_000 })
      .toContain('Supports: One lead borough runs the procedure on behalf of all (Camden)');
  });
});

describe('history', () => {
  const area = (page: Page, name: string) => page.click(`nav[aria-label="Areas of this procurement"] >> text=${name}`);

  it('browses the timeline, compares with attribution, opens a version, names it and signs it off', async () => {
    await area(hackney, 'History');
    await hackney.waitForSelector('[data-testid="version"]');
    expect(await hackney.locator('[data-testid="version"]').count()).toBeGreaterThan(1);
    expect(await hackney.locator('[data-testid="timeline"]').innerText()).toContain('Tom Okafor, Camden');

    // Compare the first version (the starting document) with now: every change is attributed.
    await hackney
      .locator('[data-testid="version"]')
      .last()
      .getByRole('link', { name: /Compare with now/ })
      .click();
    await hackney.waitForSelector('[data-testid="diff"]');
    const inserted = hackney.locator('ins.app-diff__change', { hasText: 'Typed in Camden.' });
    await inserted.focus();
    expect(await inserted.getAttribute('data-who')).toMatch(/^Inserted by Tom Okafor, Camden/);
    expect(await hackney.locator('[data-testid="legend"]').innerText()).toContain('Priya Shah, Hackney');
    expect(await hackney.locator('[data-testid="requirement-changes"]').innerText()).toContain('REQ-007');

    // Open the first version: as it was, read only.
    await area(hackney, 'History');
    await hackney.locator('[data-testid="version"]').last().getByRole('link', { name: /^View/ }).click();
    await hackney.waitForSelector('text=You are looking at the document as it was');
    const old = hackney.locator('[data-testid="specification-editor"]');
    expect(await old.getAttribute('contenteditable')).toBe('false');
    expect(await old.innerText()).not.toContain('Typed in Hackney.');
    expect(await old.innerText()).toContain('Hackney and Camden are buying');

    // Name the newest version; Camden's lead signs it off; Hackney sees it on the specification.
    await area(hackney, 'History');
    const newest = hackney.locator('[data-testid="version"]').first();
    await newest.getByRole('button', { name: /Name this version/ }).click();
    await newest.getByLabel('Name').fill('Draft for market engagement');
    await newest.getByRole('button', { name: 'Save named version' }).click();
    await hackney.waitForSelector('[data-testid="named-versions"] >> text=Draft for market engagement');
    await area(camden, 'History');
    // (The demo's own named version, which Camden has not signed off, has a button too.)
    const signOffButton = camden.getByRole('button', { name: /Sign off for Camden\s+\(Draft for market engagement\)/ });
    await signOffButton.click();
    // What is signed is shown first, with the declaration; nothing is recorded until confirmed.
    await camden.waitForSelector('text=I confirm, for Camden, that “Draft for market engagement”');
    await camden.getByRole('button', { name: 'Confirm sign-off' }).click();
    await camden.waitForSelector('[data-testid="named-versions"] >> text=Camden (Tom Okafor');
    // The button gives way to the sign-off itself; focus moves to the confirmation.
    await camden.waitForSelector('text=Signed off for Camden by Tom Okafor');
    expect(await signOffButton.count()).toBe(0);
    expect(await camden.evaluate(() => document.activeElement?.textContent)).toContain(
      'You signed off “Draft for market engagement” for Camden.',
    );
    await area(hackney, 'Specification');
    await expect
      .poll(() => hackney.locator('[data-testid="signoffs"]').innerText(), { timeout: 10_000 })
      .toContain('Camden signed off “Draft for market engagement”');
    // A change afterwards is flagged at once, with the comparison one click away.
    await hackney.getByText('Typed in Hackney.').click();
    await hackney.keyboard.press('End');
    await hackney.keyboard.type(' After sign-off.');
    // (Hackney's own sign-off, from the demo's past, shows as changed since already.)
    const camdens = hackney.locator('[data-testid="signoffs"] li', { hasText: 'Camden signed off' });
    await expect.poll(() => camdens.innerText(), { timeout: 10_000 }).toContain('Changed since');
    await hackney.getByRole('link', { name: 'See what changed since Camden signed off' }).click();
    await hackney.waitForSelector('[data-testid="diff"] >> text=After sign-off.');
  });

  it('restores a past version for everyone, live', async () => {
    await area(camden, 'Specification');
    await expect.poll(() => editor(camden).innerText(), { timeout: 10_000 }).toContain('Typed in Hackney.');
    await area(hackney, 'History');
    hackney.once('dialog', (dialog) => void dialog.accept());
    await hackney
      .locator('[data-testid="version"]')
      .last()
      .getByRole('button', { name: /^Restore/ })
      .click();
    await hackney.waitForSelector('[data-testid="specification-editor"]', { timeout: 10_000 });
    await expect.poll(() => editor(camden).innerText(), { timeout: 10_000 }).not.toContain('Typed in Hackney.');
    expect(await editor(camden).innerText()).toContain('Hackney and Camden are buying');
    await area(camden, 'History');
    await expect.poll(() => camden.locator('[data-testid="version"]').first().innerText(), { timeout: 10_000 }).toContain('Restore');
  });
});

describe('export', () => {
  it('downloads the specification for a borough’s tender pack from the workspace, as a viewer too', async () => {
    const { page, context } = await signedIn(app, 'viewer@islington.demo');
    await openDemoWorkspace(page);
    await page.getByText('Download the specification').click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Word document for Camden’s tender pack' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^JP-2026-014-specification.*camden\.docx$/);
    const bytes = await import('node:fs').then((fs) => download.path().then((p) => fs.readFileSync(p)));
    expect(bytes.subarray(0, 2).toString()).toBe('PK');

    // The file for a legal team's review: open suggestions and threads in Word's own form
    // (what it holds is tested on the server, in export-suggestions and export).
    const [review] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Word document for review' }).click(),
    ]);
    expect(new URL(review.url()).search).toBe('?suggestions=include&comments=include');
    const zip = await JSZip.loadAsync(await import('node:fs').then((fs) => review.path().then((p) => fs.readFileSync(p))));
    expect(await zip.file('word/document.xml')?.async('string')).toContain('REQ-001');
    await context.close();
  });
});

describe('borough administration', () => {
  it('an admin invites a colleague to the service, and removes their access when they leave', async () => {
    const { page, context } = await signedIn(app, 'lead@hackney.demo');
    page.on('dialog', (dialog) => void dialog.accept());
    await page.getByRole('link', { name: 'People in Hackney' }).click();
    await page.fill('#colleague-email', 'new.starter@hackney.demo');
    await page.getByRole('button', { name: 'Create invitation link' }).click();
    const link = (await page.locator('[data-testid="invitation-link"]').textContent())!;

    const newcomer = await app.browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/London' });
    const starter = await newcomer.newPage();
    await starter.goto(link);
    await starter.waitForSelector('h1:has-text("Join Jointly")');
    await starter.fill('#name', 'New Starter');
    await starter.fill('#password', 'a long enough password');
    await starter.getByRole('button', { name: 'Create account' }).click();
    await starter.waitForURL('**/procurements');
    await starter.waitForSelector('text=New Starter, Hackney');

    await page.reload();
    const row = page.locator('tr', { hasText: 'new.starter@hackney.demo' });
    await row.getByRole('button', { name: 'Remove access (New Starter)' }).click();
    await row.getByText(/Access removed/).waitFor();
    // Their next page load finds them signed out.
    await starter.goto(`${app.url}/procurements`);
    await starter.waitForURL('**/sign-in**');
    await newcomer.close();
    await context.close();
  });
});

describe('invitations know the borough', () => {
  it('another borough’s address is flagged before sending, an outside one is confirmed, and the join page names the borough', async () => {
    const { page, context } = await signedIn(app, 'lead@hackney.demo');
    await openDemoWorkspace(page, 'Boroughs and people');
    await page.getByText('They will join as Hackney staff').waitFor();
    // A Camden address: flagged as it is typed, refused if sent anyway.
    await page.fill('#invite-email', 'someone@camden.demo');
    await page
      .getByTestId('invitee-other-borough')
      .getByText('This is a Camden address (camden.demo). Only Camden invites its own staff')
      .waitFor();
    await page.getByRole('button', { name: 'Create invitation link' }).click();
    await page.locator('.govuk-error-summary').getByText('This is a Camden address').waitFor();
    expect(await page.locator('[data-testid="invitation-link"]').count()).toBe(0);
    // An address at no Hackney domain: sent once the inviter confirms they work for Hackney.
    await page.fill('#invite-email', 'consultant@repairs-partner.example');
    await page.getByText('This address is not at a Hackney domain (hackney.demo)').waitFor();
    await page.getByRole('button', { name: 'Create invitation link' }).click();
    await page.locator('.govuk-error-summary').getByText('Confirm that they work for Hackney').waitFor();
    await page.getByLabel('They work for Hackney').check();
    await page.getByRole('button', { name: 'Create invitation link' }).click();
    const link = (await page.locator('[data-testid="invitation-link"]').textContent())!;

    const guest = await app.browser.newPage();
    await guest.goto(link);
    await expect
      .poll(() => guest.getByTestId('joining-borough').innerText())
      .toContain('You will join as staff of London Borough of Hackney.');
    await guest.close();
    await context.close();
  });
});

describe('accessibility', () => {
  it('has no serious or critical WCAG 2.2 AA problem on any page', async () => {
    const { page, context } = await signedIn(app, 'lead@hackney.demo');
    const problems: string[] = [];
    const check = async (name: string) => {
      for (const problem of await accessibilityProblems(page)) problems.push(`${name}: ${problem}`);
    };
    await check('procurements');
    await openDemoWorkspace(page);
    await check('specification');
    await page.click('nav[aria-label="Areas of this procurement"] >> text=Market engagement');
    await page.getByRole('button', { name: 'Add an activity' }).click();
    await page.waitForSelector('[data-testid="engagement-entry"]');
    await check('engagement');
    await page.click('nav[aria-label="Areas of this procurement"] >> text=Decisions');
    await page.getByRole('button', { name: 'Show details decision 1' }).click();
    await check('decisions');
    await page.click('nav[aria-label="Areas of this procurement"] >> text=Boroughs and people');
    await check('settings');
    await page.click('nav[aria-label="Areas of this procurement"] >> text=History');
    await page.waitForSelector('[data-testid="version"]');
    await check('history');
    await page
      .locator('[data-testid="version"]')
      .last()
      .getByRole('link', { name: /Compare with now/ })
      .click();
    await page.waitForSelector('[data-testid="diff"]');
    await check('compare');
    await page.click('nav[aria-label="Areas of this procurement"] >> text=History');
    await page.locator('[data-testid="version"]').last().getByRole('link', { name: /^View/ }).click();
    await page.waitForSelector('text=You are looking at the document as it was');
    await check('version');
    await page.goto(`${app.url}/procurements/new`);
    await check('new procurement');
    await page.goto(`${app.url}/account/password`);
    await check('change password');
    await page.goto(`${app.url}/borough/people`);
    await page.waitForSelector('text=Invite a colleague from Hackney');
    await check('people in the borough');
    await page.goto(`${app.url}/no/such/page`);
    await check('not found');
    const anonymous = await app.browser.newPage();
    await anonymous.goto(`${app.url}/sign-in`);
    for (const problem of await accessibilityProblems(anonymous)) problems.push(`sign-in: ${problem}`);
    await anonymous.goto(`${app.url}/invitations#nothing.here`);
    for (const problem of await accessibilityProblems(anonymous)) problems.push(`invitation: ${problem}`);
    await anonymous.close();
    await context.close();
    expect(problems).toEqual([]);
  });

  it('no page breaks the Content-Security-Policy (scripts from the app only)', () => {
    expect(app.policyViolations).toEqual([]);
  });
});
