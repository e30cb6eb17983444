/**
 * Single sign-on in real headless Chromium, end to end against a real OpenID Connect
 * provider on loopback standing in for Hackney's Entra ID tenant: Hackney's admin
 * connects the tenant on "People in Hackney", then a colleague new to Jointly signs in
 * with their council account, going through the tenant's own login page and back; the
 * admin links her own password account to her council account, Hackney requires single
 * sign-on, and her password sign-in then sends her to her council. Every page on the way
 * passes the accessibility checks.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort } from '../../server/test/support/server-process.js';
import { startTenant, type Tenant } from '../../server/test/support/tenant.js';
import { accessibilityProblems, signedIn, startApp, watchPolicyViolations, type TestApp } from './support/app.js';

let app: TestApp;
let tenant: Tenant;
let priya: Page;

beforeAll(async () => {
  const tenantPort = await freePort();
  app = await startApp({
    config: {
      sso: {
        authorities: [`http://127.0.0.1:${tenantPort}`],
        secretKey: null,
        discoveryLifetimeMs: 3_600_000,
        attemptLifetimeMs: 600_000,
        requestTimeoutSeconds: 10,
      },
    },
  });
  tenant = await startTenant({ redirectUri: `${app.url}/api/sso/callback`, port: tenantPort });
  tenant.addPerson('ada', { email: 'ada.lovelace@hackney.gov.uk', name: 'Ada Lovelace' });
  priya = (await signedIn(app, 'lead@hackney.demo')).page;
}, 120_000);

afterAll(async () => {
  await tenant?.stop();
  await app?.close();
});

it('Hackney’s admin connects the borough’s tenant on People in Hackney', async () => {
  await priya.goto(`${app.url}/borough/people`);
  const section = priya.locator('section[aria-labelledby="sso-heading"]');
  await section.getByLabel('Directory (tenant) ID').fill(tenant.tenantId);
  await section.getByLabel('Application (client) ID').fill(tenant.clientId);
  await section.getByLabel('Client secret').fill(tenant.clientSecret);
  await section.getByLabel('Other domains').check();
  await section.getByLabel('Domains that sign in with your tenant').fill('hackney.gov.uk\nhackney.demo');
  await section.getByRole('group', { name: 'Give someone an account the first time they sign in?' }).getByLabel('Yes').check();
  await section.getByRole('button', { name: 'Connect single sign-on' }).click();
  await expect.poll(() => section.getByRole('status').innerText(), { timeout: 20_000 }).toBe('Hackney is connected to its tenant.');
  await expect.poll(() => section.innerText()).toContain(`Connected to tenant ${tenant.tenantId} for hackney.demo, hackney.gov.uk`);
  // The secret is not on the page, and the field for it is empty again.
  expect(await priya.content()).not.toContain(tenant.clientSecret);
  expect(await section.getByLabel('Client secret').inputValue()).toBe('');
  expect(await section.getByTestId('sso-redirect-uri').innerText()).toBe(`${app.url}/api/sso/callback`);
  expect(await accessibilityProblems(priya)).toEqual([]);
}, 60_000);

it('a colleague signs in with their council account, through the tenant’s login page', async () => {
  const context = await app.browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/London' });
  await watchPolicyViolations(app, context);
  const page = await context.newPage();
  await page.goto(`${app.url}/sign-in`);
  await page.getByRole('heading', { name: 'Sign in with your council account' }).waitFor();
  expect(await accessibilityProblems(page)).toEqual([]);

  // An address at a borough without single sign-on is refused on the page.
  await page.getByLabel('Your council email address').fill('tom@camden.demo');
  await page.getByRole('button', { name: 'Continue to your council' }).first().click();
  await expect
    .poll(() => page.locator('.govuk-error-summary').first().innerText(), { timeout: 20_000 })
    .toContain('Camden has not set up sign-in with council accounts. Sign in with your password.');

  await page.getByLabel('Your council email address').fill('ada.lovelace@hackney.gov.uk');
  await page.getByRole('button', { name: 'Continue to your council' }).first().click();
  // The tenant's own login page.
  await page.waitForURL(`${tenant.authority}/**`, { timeout: 30_000 });
  await page.fill('input[name="login"]', 'ada');
  await page.fill('input[name="password"]', 'her council password');
  await page.click('button[type="submit"]');
  await page.waitForURL(`${app.url}/procurements`, { timeout: 30_000 });
  await page.waitForSelector('#page-heading:has-text("Your procurements")', { timeout: 30_000 });
  expect(await page.locator('header').innerText()).toContain('Ada Lovelace');
  expect(await accessibilityProblems(page)).toEqual([]);
  expect(app.policyViolations.filter((v) => v.startsWith(app.url))).toEqual([]);
  await context.close();
}, 90_000);

it('a sign-in that came back refused says why on the sign-in page, with no session', async () => {
  const context = await app.browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/London' });
  const page = await context.newPage();
  await page.goto(`${app.url}/api/sso/callback?code=made-up&state=made-up`);
  await page.waitForURL(`${app.url}/sign-in?sso=expired`);
  await expect
    .poll(() => page.locator('.govuk-error-summary').first().innerText(), { timeout: 20_000 })
    .toContain('That sign-in had expired or was already used. Start again.');
  expect(await accessibilityProblems(page)).toEqual([]);
  expect((await context.cookies()).some((cookie) => cookie.name === 'jointly_session')).toBe(false);
  await context.close();
}, 60_000);

/** Logs in at the tenant's own page as `login`, once the browser has been sent there. */
async function loginAtTenant(page: Page, login: string): Promise<void> {
  await page.waitForURL(`${tenant.authority}/**`, { timeout: 30_000 });
  await page.fill('input[name="login"]', login);
  await page.fill('input[name="password"]', 'her council password');
  await page.click('button[type="submit"]');
}

it('Priya links her council account with her password, Hackney requires single sign-on, and a password sign-in goes to the council', async () => {
  tenant.addPerson('priya', { email: 'priya.shah@hackney.gov.uk', name: 'Priya Shah' });
  await priya.goto(`${app.url}/account/password`);
  const link = priya.locator('section[aria-labelledby="council-account-heading"]');
  await link.getByLabel('Your Jointly password').fill('jointly-demo-2026');
  await link.getByRole('button', { name: 'Link your council account' }).click();
  await loginAtTenant(priya, 'priya');
  await priya.waitForURL(`${app.url}/account/password?sso=linked`, { timeout: 30_000 });
  await expect
    .poll(() => priya.locator('.govuk-notification-banner').innerText(), { timeout: 20_000 })
    .toContain('Your council account is linked. From now on you can sign in with it.');
  await expect.poll(() => link.innerText()).toContain('Your Jointly account is linked to your council account since');
  expect(await accessibilityProblems(priya)).toEqual([]);

  await priya.goto(`${app.url}/borough/people`);
  const section = priya.locator('section[aria-labelledby="sso-heading"]');
  await section.getByRole('group', { name: 'Require single sign-on?' }).getByLabel('Yes').check();
  await section.getByRole('button', { name: 'Save single sign-on' }).click();
  await expect.poll(() => section.getByRole('status').innerText(), { timeout: 20_000 }).toBe('Single sign-on changes saved.');

  const context = await app.browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/London' });
  const page = await context.newPage();
  await page.goto(`${app.url}/sign-in`);
  await page.fill('#email', 'lead@hackney.demo');
  await page.fill('#password', 'jointly-demo-2026');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await loginAtTenant(page, 'priya');
  await page.waitForSelector('#page-heading:has-text("Your procurements")', { timeout: 30_000 });
  expect(await page.locator('header').innerText()).toContain('Priya Shah');
  await context.close();
}, 120_000);
