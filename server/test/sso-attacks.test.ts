/**
 * Attacks on signing in with a council account, each refused with a clear outcome and no
 * session: a token from another tenant, a replayed, missing or foreign `state`, a wrong
 * `nonce`, a token signed by another key, an expired code, an email claim changed to
 * another person's, and an address at a borough that has not set up single sign-on. Also
 * what happens when the council's tenant is down. Real OpenID providers on loopback.
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { CouncilBrowser } from './support/council-sign-in.js';
import { startSsoWorld, type SsoWorld } from './support/sso-world.js';

let world: SsoWorld;
beforeAll(async () => {
  world = await startSsoWorld();
  world.hackneyTenant.addPerson('ada', { email: 'ada.lovelace@hackney.gov.uk', name: 'Ada Lovelace' });
});
afterEach(() => {
  for (const key of Object.keys(world.hackneyTenant.misbehaviour)) delete world.hackneyTenant.misbehaviour[key as 'tid'];
});
afterAll(async () => world.server.remove());

const sessionCount = () => (world.server.db.sqlite.prepare('SELECT count(*) AS n FROM sessions').get() as { n: number }).n;

/** Starts as Ada and logs in at the tenant; returns the browser and the address it is sent back to. */
async function backFromTenant(changeRequest?: (url: URL) => void): Promise<{ browser: CouncilBrowser; callback: string }> {
  const browser = new CouncilBrowser(world.server.url);
  const started = await browser.start({ email: 'ada.lovelace@hackney.gov.uk' });
  expect(started.status).toBe(200);
  const url = new URL(started.body.redirectUrl);
  changeRequest?.(url);
  return { browser, callback: await browser.loginAtTenant(url.href, 'ada') };
}

/** The browser is sent back to the sign-in page with this outcome, and nobody is signed in. */
async function expectRefused(browser: CouncilBrowser, back: { status: number; location: string }, outcome: string, sessionsBefore: number) {
  expect(back).toEqual({ status: 303, location: `/sign-in?sso=${outcome}` });
  expect(await browser.me()).toBeNull();
  expect(browser.cookies(world.server.url).has('jointly_session')).toBe(false);
  expect(sessionCount()).toBe(sessionsBefore);
}

it('goes to Hackney’s own tenant with the code flow, PKCE, state and nonce', async () => {
  const started = await new CouncilBrowser(world.server.url).start({ email: 'ada.lovelace@hackney.gov.uk' });
  const url = new URL(started.body.redirectUrl);
  expect(url.href.startsWith(world.hackneyTenant.issuer)).toBe(true);
  expect(Object.fromEntries(url.searchParams)).toMatchObject({
    client_id: world.hackneyTenant.clientId,
    response_type: 'code',
    scope: 'openid profile email',
    code_challenge_method: 'S256',
    redirect_uri: `${world.server.url}/api/sso/callback`,
    login_hint: 'ada.lovelace@hackney.gov.uk',
  });
  for (const name of ['state', 'nonce', 'code_challenge']) expect(url.searchParams.get(name)?.length).toBeGreaterThan(20);
});

it('refuses a token whose tid is another tenant’s', async () => {
  world.hackneyTenant.misbehaviour.tid = world.otherTenant.tenantId;
  const before = sessionCount();
  const { browser, callback } = await backFromTenant();
  await expectRefused(browser, await browser.callback(callback), 'wrong-tenant', before);
});

it('refuses a callback without state', async () => {
  const before = sessionCount();
  const { browser, callback } = await backFromTenant();
  const url = new URL(callback);
  url.searchParams.delete('state');
  await expectRefused(browser, await browser.callback(url.href), 'refused', before);
});

it('refuses a replayed state, after it signed someone in once', async () => {
  const { browser, callback } = await backFromTenant();
  expect((await browser.callback(callback)).location).toBe('/procurements');
  const before = sessionCount();
  const replaying = new CouncilBrowser(world.server.url);
  for (const [name, value] of browser.cookies(world.server.url))
    if (name !== 'jointly_session') replaying.cookies(world.server.url).set(name, value);
  await expectRefused(replaying, await replaying.callback(callback), 'expired', before);
});

it('refuses a callback in a browser that did not start the sign-in (someone else’s code and state)', async () => {
  const before = sessionCount();
  const { callback } = await backFromTenant();
  const victim = new CouncilBrowser(world.server.url);
  await expectRefused(victim, await victim.callback(callback), 'refused', before);
});

it('refuses a token carrying another nonce than the one sent', async () => {
  const before = sessionCount();
  const { browser, callback } = await backFromTenant((url) => url.searchParams.set('nonce', 'a-nonce-jointly-never-sent-0123456789'));
  await expectRefused(browser, await browser.callback(callback), 'refused', before);
});

it('refuses a token signed by a key the tenant does not publish', async () => {
  world.hackneyTenant.rollKeys();
  world.hackneyTenant.misbehaviour.publishesAnotherKey = true;
  const before = sessionCount();
  const { browser, callback } = await backFromTenant();
  await expectRefused(browser, await browser.callback(callback), 'refused', before);
});

it('refuses an expired code', async () => {
  world.hackneyTenant.misbehaviour.codesExpired = true;
  const before = sessionCount();
  const { browser, callback } = await backFromTenant();
  await expectRefused(browser, await browser.callback(callback), 'expired', before);
});

it('refuses an attempt older than ten minutes', async () => {
  const before = sessionCount();
  const { browser, callback } = await backFromTenant();
  world.server.clock.advance(10 * 60_000 + 1000);
  await expectRefused(browser, await browser.callback(callback), 'expired', before);
});

it('an email claim changed to another person’s signs in only the account linked to the object id', async () => {
  world.hackneyTenant.addPerson('bea', { email: 'bea@hackney.gov.uk', name: 'Bea Marsh' });
  const first = new CouncilBrowser(world.server.url);
  expect((await first.signIn(world.hackneyTenant, 'bea')).location).toBe('/procurements');
  // At the tenant, Bea's address becomes Priya's (the Hackney lead's).
  world.hackneyTenant.person('bea').email = 'lead@hackney.demo';
  const again = new CouncilBrowser(world.server.url);
  expect((await again.signIn(world.hackneyTenant, 'bea', 'bea@hackney.gov.uk')).location).toBe('/procurements');
  expect(await again.me()).toMatchObject({ email: 'bea@hackney.gov.uk', name: 'Bea Marsh' });
  // Someone this tenant never linked, claiming Priya's address, gets nobody's account.
  world.hackneyTenant.addPerson('mallory', { email: 'lead@hackney.demo', name: 'Priya Shah' });
  const before = sessionCount();
  const mallory = new CouncilBrowser(world.server.url);
  await expectRefused(mallory, await mallory.signIn(world.hackneyTenant, 'mallory', 'ada.lovelace@hackney.gov.uk'), 'link-needed', before);
});

it('refuses an address at a borough that has not set up single sign-on, or at no borough', async () => {
  const browser = new CouncilBrowser(world.server.url);
  const camden = await browser.start({ email: 'editor@camden.demo' });
  expect(camden.status).toBe(400);
  expect(camden.body.error.message).toBe('Camden has not set up sign-in with council accounts. Sign in with your password.');
  const unknown = await browser.start({ email: 'someone@example.com' });
  expect(unknown.status).toBe(400);
  expect(unknown.body.error.message).toMatch(/We do not know which council example.com belongs to/);
  expect((await browser.start({ boroughId: 'camden' })).status).toBe(400);
  expect(browser.cookies(world.server.url).size).toBe(0);
});

it('refuses someone unknown to Jointly when Hackney does not allow new accounts, and tells them whom to ask', async () => {
  expect((await world.connect({ allowsNewAccounts: false, clientSecret: undefined })).status).toBe(200);
  world.hackneyTenant.addPerson('cleo', { email: 'cleo@hackney.gov.uk' });
  const before = sessionCount();
  const browser = new CouncilBrowser(world.server.url);
  await expectRefused(browser, await browser.signIn(world.hackneyTenant, 'cleo'), 'no-account', before);
  expect((await world.connect({ clientSecret: undefined })).status).toBe(200);
});

it('says clearly when the tenant is down, and the next try works once it is back', async () => {
  await world.hackneyTenant.stop();
  world.server.clock.advance(3_600_000 + 1000); // the cached discovery document has run out
  const browser = new CouncilBrowser(world.server.url);
  const down = await browser.start({ email: 'ada.lovelace@hackney.gov.uk' });
  expect(down.status).toBe(503);
  expect(down.body.error.message).toBe('Your council’s sign-in service could not be reached. Try again in a few minutes.');
  await world.hackneyTenant.start();
  expect((await browser.signIn(world.hackneyTenant, 'ada')).location).toBe('/procurements');
});

it('says clearly when the tenant goes down between its login page and the code exchange, with the borough to retry', async () => {
  const before = sessionCount();
  const { browser, callback } = await backFromTenant();
  await world.hackneyTenant.stop();
  try {
    expect(await browser.callback(callback)).toEqual({ status: 303, location: '/sign-in?sso=unavailable&borough=hackney' });
    expect(sessionCount()).toBe(before);
  } finally {
    await world.hackneyTenant.start();
  }
});

it('someone who cancels at their council comes back to the sign-in page told so, with no session', async () => {
  const before = sessionCount();
  const browser = new CouncilBrowser(world.server.url);
  const started = await browser.start({ email: 'ada.lovelace@hackney.gov.uk' });
  const state = new URL(started.body.redirectUrl).searchParams.get('state')!;
  const back = await browser.callback(
    `${world.server.url}/api/sso/callback?error=access_denied&state=${state}&iss=${encodeURIComponent(world.hackneyTenant.issuer)}`,
  );
  await expectRefused(browser, back, 'cancelled', before);
});
