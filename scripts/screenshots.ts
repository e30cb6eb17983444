/**
 * Screenshots of every page at desktop and phone widths, signed in as each demo account,
 * for a person to look at: `npm run screenshots` (after `npm run build`); written to
 * ./screenshots/.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../client/e2e/support/browser.js';
import { readConfig } from '../server/src/config.js';
import { createLogger } from '../server/src/log.js';
import { startServer } from '../server/src/server.js';
import { freePort } from '../server/test/support/server-process.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'screenshots');
const widths = { desktop: { width: 1366, height: 900 }, phone: { width: 390, height: 844 } };

async function main(): Promise<void> {
  const dir = join(root, 'data', `screenshots-${Date.now()}`);
  mkdirSync(out, { recursive: true });
  const port = await freePort();
  const config = readConfig({ HOST: '127.0.0.1', PORT: String(port), DATABASE_PATH: join(dir, 'db.sqlite') }, join(root, 'dist', 'client'));
  const server = await startServer(config, { log: createLogger({ level: 'warn' }) });
  const browser = await launchChromium();
  try {
    for (const [name, viewport] of Object.entries(widths)) {
      const context = await browser.newContext({ viewport, locale: 'en-GB', timezoneId: 'Europe/London' });
      const page = await context.newPage();
      const shot = async (label: string) => {
        await page.waitForTimeout(400);
        await page.screenshot({ path: join(out, `${name}-${label}.png`), fullPage: true });
        await page.screenshot({ path: join(out, `${name}-${label}-top.png`) });
      };
      await page.goto(`${server.url}/sign-in`);
      await shot('sign-in');
      await page.fill('#email', 'lead@hackney.demo');
      await page.fill('#password', 'jointly-demo-2026');
      await page.click('button:has-text("Sign in")');
      await page.waitForURL('**/procurements');
      await shot('procurements');
      await page.click('text=Housing repairs case management system');
      await page.waitForSelector('[data-testid="specification-editor"]');
      await page.waitForSelector('[data-state="saved"]');
      await shot('specification');
      await page.click('a:has-text("Market engagement")');
      await page.click('button:has-text("Add an activity")');
      await shot('engagement');
      await page.click('a:has-text("Decisions")');
      await page.waitForSelector('[data-testid="decision"]');
      await shot('decisions');
      await page.click('button:has-text("Show details")');
      await shot('decision-open');
      await page.click('a:has-text("Boroughs and people")');
      await shot('settings');
      await page.click('nav[aria-label="Areas of this procurement"] >> text=History');
      await page.waitForSelector('[data-testid="version"]');
      await shot('history');
      await page.click('a:has-text("What changed")');
      await page.waitForSelector('text=Requirements');
      await shot('compare');
      await page.click('nav[aria-label="Areas of this procurement"] >> text=History');
      await page.locator('[data-testid="version"] a:has-text("View")').last().click();
      await page.waitForSelector('text=A past version');
      await shot('version');
      await page.goto(`${server.url}/procurements/new`);
      await shot('new-procurement');
      await page.goto(`${server.url}/borough/people`);
      await page.fill('#colleague-email', `new.starter.${name}@hackney.demo`);
      await page.click('button:has-text("Create invitation link")');
      await page.waitForSelector('[data-testid="invitation-link"]');
      await shot('borough-people');
      const link = await page.locator('[data-testid="invitation-link"]').textContent();
      const guest = await browser.newContext({ viewport, locale: 'en-GB', timezoneId: 'Europe/London' });
      const invitee = await guest.newPage();
      await invitee.goto(link!);
      await invitee.waitForSelector('h1');
      await invitee.waitForTimeout(400);
      await invitee.screenshot({ path: join(out, `${name}-join.png`), fullPage: true });
      await guest.close();
      await context.close();
    }
  } finally {
    await browser.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`Screenshots written to ${out}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
