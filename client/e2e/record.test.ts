/**
 * The record of formal acts in real headless Chromium: an Islington viewer reads the
 * demo's acts in plain English, filters them by kind, downloads the record and checks it
 * with the script (Node alone); the page passes axe and fits a phone.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClock } from '../../server/test/support/test-clock.js';
import { accessibilityProblems, openDemoWorkspace, signedIn, startApp, type TestApp } from './support/app.js';

const run = promisify(execFile);
const verifier = join(import.meta.dirname, '../../scripts/verify-record.mjs');
const signOff = 'Priya Shah (Hackney) signed off “Draft for the steering group” for Hackney';

let app: TestApp;
let maria: Page;
const acts = () => maria.locator('[data-testid="record"] > li');

beforeAll(async () => {
  app = await startApp({ clock: new TestClock() });
  maria = (await signedIn(app, 'viewer@islington.demo')).page;
  await openDemoWorkspace(maria, 'Record');
  await maria.waitForSelector('[data-testid="record"] > li', { timeout: 30_000 });
}, 120_000);
afterAll(async () => {
  await app?.close();
});

describe('the Record page', () => {
  it('lists the acts in plain English, newest first', async () => {
    await expect.poll(() => maria.getByText(signOff).count(), { timeout: 15_000 }).toBe(1);
    const entries = await acts().locator('.govuk-hint').allInnerTexts();
    const positions = entries.map((text) => Number(/Entry (\d+)/.exec(text)?.[1]));
    expect(positions).toEqual([...positions].sort((a, b) => b - a));
  });

  it('filters by kind of act', async () => {
    await maria.getByLabel('Kind of act').selectOption({ label: 'Decisions' });
    await maria.waitForURL(/kind=decisions/);
    await expect.poll(() => maria.getByText(signOff).count(), { timeout: 15_000 }).toBe(0);
    await maria
      .getByText(/position on a decision/)
      .first()
      .waitFor({ timeout: 15_000 });
    const sentences = await acts().locator('p.govuk-body').allInnerTexts();
    expect(sentences.length).toBeGreaterThan(0);
    for (const sentence of sentences) expect(sentence).toMatch(/decision|agreement rule/);
    await maria.getByLabel('Kind of act').selectOption({ label: 'All kinds' });
    await expect.poll(() => maria.getByText(signOff).count(), { timeout: 15_000 }).toBe(1);
  });

  it('downloads the record, which the checking script says is intact', async () => {
    const [download] = await Promise.all([maria.waitForEvent('download'), maria.getByText('Download the record (JSON)').click()]);
    const file = await download.path();
    expect(JSON.parse(readFileSync(file, 'utf8')).format).toBe('jointly-record-of-formal-acts/1');
    const { stdout } = await run(process.execPath, [verifier, file]);
    expect(stdout).toMatch(/^intact: \d+ entries, head \d+/);
  });

  it('passes axe, and fits a phone 390 pixels wide', async () => {
    expect(await accessibilityProblems(maria)).toEqual([]);
    await maria.setViewportSize({ width: 390, height: 844 });
    const overflow = await maria.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBe(0);
    expect(await accessibilityProblems(maria)).toEqual([]);
    expect(app.policyViolations).toEqual([]);
  });
});
