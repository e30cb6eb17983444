/**
 * Council accounts and existing Jointly accounts: linking one only from a signed-in
 * session with the password confirmed; a borough requiring single sign-on (refused
 * while someone would be locked out; then no password sign-in and no passwords); a leaver
 * whose access is removed; and connecting a borough with the admin command.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runAdminCli } from './support/admin-cli.js';
import { ApiClient } from './support/api.js';
import { acceptInvitation, tokenOf } from './support/invitations.js';
import { CouncilBrowser } from './support/council-sign-in.js';
import { startSsoWorld, type SsoWorld } from './support/sso-world.js';

let world: SsoWorld;
beforeAll(async () => {
  world = await startSsoWorld();
  world.hackneyTenant.addPerson('priya', { email: 'priya.shah@hackney.gov.uk', name: 'Priya Shah' });
  world.hackneyTenant.addPerson('ada', { email: 'ada.lovelace@hackney.gov.uk', name: 'Ada Lovelace' });
});
afterAll(async () => world.server.remove());

/** Priya (lead@hackney.demo) signed in with her password in a browser of her own. */
async function priyaWithPassword(): Promise<CouncilBrowser> {
  const browser = new CouncilBrowser(world.server.url);
  expect((await browser.passwordSignIn('lead@hackney.demo', 'jointly-demo-2026')).status).toBe(200);
  return browser;
}

const account = async (browser: CouncilBrowser): Promise<any> => (await browser.fetch(`${world.server.url}/api/sso/account`)).json();

it('requiring single sign-on is refused while someone with access has not linked a council account', async () => {
  const refused = await world.connect({ clientSecret: undefined, requiresSso: true });
  expect(refused.status).toBe(400);
  expect(refused.body.error.message).toMatch(/^Priya Shah has not linked a council account yet/);
  expect((await world.lead.get('/api/borough/sso')).body.connection.requiresSso).toBe(false);
  expect((await priyaWithPassword()).cookies(world.server.url).has('jointly_session')).toBe(true);
});

it('linking needs the account’s password', async () => {
  const browser = await priyaWithPassword();
  const wrong = await browser.postJson('/api/sso/link', { currentPassword: 'not her password' });
  expect(wrong.status).toBe(400);
  expect(wrong.body.error.fields.currentPassword).toBe('Your password is not right');
  expect(browser.cookies(world.server.url).has('jointly_sso')).toBe(false);
  expect((await new CouncilBrowser(world.server.url).postJson('/api/sso/link', { currentPassword: 'jointly-demo-2026' })).status).toBe(401);
});

it('a link started in one session cannot be finished in another person’s session', async () => {
  const browser = await priyaWithPassword();
  const started = await browser.postJson('/api/sso/link', { currentPassword: 'jointly-demo-2026' });
  const callback = await browser.loginAtTenant(started.body.redirectUrl, 'priya');
  const tom = new CouncilBrowser(world.server.url);
  expect((await tom.passwordSignIn('editor@camden.demo', 'jointly-demo-2026')).status).toBe(200);
  tom.cookies(world.server.url).set('jointly_sso', browser.cookies(world.server.url).get('jointly_sso')!);
  expect(await tom.callback(callback)).toEqual({ status: 303, location: '/account/password?sso=expired' });
  expect((await account(browser)).linkedAt).toBeNull();
});

it('Priya links her council account with her password confirmed, then signs in with it', async () => {
  const browser = await priyaWithPassword();
  expect(await account(browser)).toMatchObject({ available: true, required: false, linkedAt: null, hasPassword: true });
  const started = await browser.postJson('/api/sso/link', { currentPassword: 'jointly-demo-2026' });
  expect(started.status).toBe(200);
  const back = await browser.callback(await browser.loginAtTenant(started.body.redirectUrl, 'priya'));
  expect(back).toEqual({ status: 303, location: '/account/password?sso=linked' });
  expect((await account(browser)).linkedAt).not.toBeNull();
  const linked = world.server.db.sqlite
    .prepare("SELECT actor_id, detail FROM audit_events WHERE action = 'account.council-account-linked'")
    .all() as {
    detail: string;
  }[];
  expect(linked.map((row) => JSON.parse(row.detail))).toContainEqual(
    expect.objectContaining({ boroughId: 'hackney', how: 'password-confirmed' }),
  );

  const fresh = new CouncilBrowser(world.server.url);
  expect((await fresh.signIn(world.hackneyTenant, 'priya')).location).toBe('/procurements');
  expect(await fresh.me()).toMatchObject({ email: 'lead@hackney.demo', name: 'Priya Shah' });
});

it('once everyone is linked, Hackney requires single sign-on: no password sign-in, no passwords', async () => {
  const ada = new CouncilBrowser(world.server.url);
  expect((await ada.signIn(world.hackneyTenant, 'ada')).location).toBe('/procurements');
  const required = await world.connect({ clientSecret: undefined, domains: ['hackney.gov.uk', 'hackney.demo'], requiresSso: true });
  expect(required.status).toBe(200);
  expect(required.body.connection.requiresSso).toBe(true);
  const byPassword = await new CouncilBrowser(world.server.url).passwordSignIn('lead@hackney.demo', 'jointly-demo-2026');
  expect(byPassword).toEqual({ status: 403, code: 'sso_required' });
  const priya = new CouncilBrowser(world.server.url);
  expect((await priya.signIn(world.hackneyTenant, 'priya')).location).toBe('/procurements');
  expect(await account(priya)).toMatchObject({ required: true, hasPassword: false });
  const change = await priya.postJson('/api/auth/password', { currentPassword: 'jointly-demo-2026', newPassword: 'a brand new password' });
  expect(change.status).toBe(403);
  // Other boroughs are untouched.
  expect((await new CouncilBrowser(world.server.url).passwordSignIn('editor@camden.demo', 'jointly-demo-2026')).status).toBe(200);
});

it('an invitation into a borough that requires single sign-on creates no password account, and says what to do', async () => {
  const invited = await world.lead.post('/api/borough/invitations', { email: 'dev@hackney.gov.uk', worksForBorough: true });
  expect(invited.status).toBe(201);
  const guest = new ApiClient(world.server.url);
  const accepted = await acceptInvitation(guest, tokenOf(invited.body.link), 'Dev Patel');
  expect(accepted.status).toBe(403);
  expect(accepted.body.error.message).toMatch(/^Hackney asks everyone to sign in with their council account/);
  expect(guest.cookie).toBeNull();
  const people = (await world.lead.get('/api/borough/people')).body.people.map((p: { email: string }) => p.email);
  expect(people).not.toContain('dev@hackney.gov.uk');
});

it('a leaver whose access the borough admin removes is signed out at once and cannot sign in with the council account', async () => {
  const ada = new CouncilBrowser(world.server.url);
  expect((await ada.signIn(world.hackneyTenant, 'ada')).location).toBe('/procurements');
  const adaId = ((await ada.fetch(`${world.server.url}/api/me`).then((r) => r.json())) as { user: { id: string } }).user.id;
  const priya = new CouncilBrowser(world.server.url);
  await priya.signIn(world.hackneyTenant, 'priya');
  const removed = await priya.fetch(`${world.server.url}/api/borough/people/${adaId}`, {
    method: 'PATCH',
    body: JSON.stringify({ hasAccess: false }),
    headers: { 'content-type': 'application/json', origin: world.server.url },
  });
  expect(removed.status).toBe(200);
  expect(await ada.me()).toBeNull();
  const again = new CouncilBrowser(world.server.url);
  expect(await again.signIn(world.hackneyTenant, 'ada')).toEqual({ status: 303, location: '/sign-in?sso=access-removed' });
  expect(await again.me()).toBeNull();
});

it('the admin command connects a borough (secret read at the prompt, never on the command line)', async () => {
  const tenant = world.otherTenant;
  const result = await runAdminCli(
    world.server.databasePath,
    [
      'connect-sso',
      '--borough',
      'camden',
      '--authority',
      tenant.authority,
      '--tenant',
      tenant.tenantId,
      '--client-id',
      tenant.clientId,
      '--domains',
      'camden.gov.uk',
    ],
    `${tenant.clientSecret}\n`,
    { ENTRA_AUTHORITIES: `${world.hackneyTenant.authority},${tenant.authority}`, PUBLIC_ORIGIN: world.server.url },
  );
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(result.stdout).toContain(`camden signs in with tenant ${tenant.tenantId} for camden.gov.uk`);
  expect(result.stdout).toContain(`${world.server.url}/api/sso/callback`);
  tenant.addPerson('tom', { email: 'tom.okafor@camden.gov.uk' });
  const started = await new CouncilBrowser(world.server.url).start({ email: 'tom.okafor@camden.gov.uk' });
  expect(started.status).toBe(200);
  expect(started.body.redirectUrl.startsWith(tenant.issuer)).toBe(true);

  const bad = await runAdminCli(
    world.server.databasePath,
    ['connect-sso', '--borough', 'camden', '--tenant', 'nope', '--client-id', tenant.clientId],
    'x\n',
    {
      ENTRA_AUTHORITIES: tenant.authority,
    },
  );
  expect(bad.code).toBe(1);
  expect(bad.stderr).toMatch(/tenant ID in the correct format/);
});
