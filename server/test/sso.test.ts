/**
 * Signing in with a council account (Entra ID single sign-on), against real OpenID
 * Connect providers on loopback: a borough admin connects the tenant, a colleague signs
 * in, their identity is the tenant's object id, and everything is on the borough's record.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CouncilBrowser } from './support/council-sign-in.js';
import { startSsoWorld, type SsoWorld } from './support/sso-world.js';

let world: SsoWorld;
beforeAll(async () => {
  world = await startSsoWorld();
});
afterAll(async () => world.server.remove());

const audit = (action: string) =>
  world.server.db.sqlite.prepare('SELECT actor_id, detail FROM audit_events WHERE action = ? ORDER BY id').all(action) as {
    actor_id: string;
    detail: string;
  }[];

it('a colleague new to Jointly signs in with their council account and gets an account in Hackney with no procurement', async () => {
  world.hackneyTenant.addPerson('ada', { email: 'ada.lovelace@hackney.gov.uk', name: 'Ada Lovelace' });
  const browser = new CouncilBrowser(world.server.url);
  const back = await browser.signIn(world.hackneyTenant, 'ada');
  expect(back).toEqual({ status: 303, location: '/procurements' });
  expect(await browser.me()).toMatchObject({ email: 'ada.lovelace@hackney.gov.uk', name: 'Ada Lovelace', borough: { id: 'hackney' } });
  const list = await browser.fetch(`${world.server.url}/api/procurements`);
  expect(((await list.json()) as { procurements: unknown[] }).procurements).toEqual([]);
  // Their borough admin sees them, and the sign-in and link are on Hackney's record.
  const people = (await world.lead.get('/api/borough/people')).body.people.map((p: { email: string }) => p.email);
  expect(people).toContain('ada.lovelace@hackney.gov.uk');
  const signIns = audit('account.signed-in').map((row) => JSON.parse(row.detail));
  expect(signIns).toContainEqual(
    expect.objectContaining({ boroughId: 'hackney', method: 'council-account', tenantId: world.hackneyTenant.tenantId }),
  );
  expect(audit('account.council-account-linked').map((row) => JSON.parse(row.detail).how)).toContain('new-account');
});

it('the secret is never sent back, and is sealed in the database', async () => {
  const shown = await world.lead.get('/api/borough/sso');
  expect(shown.status).toBe(200);
  expect(JSON.stringify(shown.body)).not.toContain(world.hackneyTenant.clientSecret);
  expect(shown.body.connection).toMatchObject({ tenantId: world.hackneyTenant.tenantId, hasSecret: true, domains: ['hackney.gov.uk'] });
  expect(shown.body.redirectUri).toBe(`${world.server.url}/api/sso/callback`);
  const stored = world.server.db.sqlite.prepare("SELECT sealed_secret FROM borough_sso WHERE borough_id = 'hackney'").get() as {
    sealed_secret: string;
  };
  expect(stored.sealed_secret).not.toContain(world.hackneyTenant.clientSecret);
  expect(stored.sealed_secret.startsWith('aes256gcm:')).toBe(true);
});

it('only a borough admin may see or change the connection', async () => {
  expect((await world.editor.get('/api/borough/sso')).status).toBe(403);
  expect((await world.editor.request('PUT', '/api/borough/sso', { tenantId: world.otherTenant.tenantId })).status).toBe(403);
});

it('a bad connection is refused with a message and changes nothing', async () => {
  const before = (await world.lead.get('/api/borough/sso')).body;
  const badTenant = await world.connect({ tenantId: 'not-a-guid' });
  expect(badTenant.status).toBe(400);
  expect(badTenant.body.error.message).toMatch(/tenant ID in the correct format/);
  const elsewhere = await world.connect({ authority: 'https://login.example.com' });
  expect(elsewhere.status).toBe(400);
  const takenDomain = await world.connect({ domains: ['camden.demo'] });
  expect(takenDomain.status).toBe(400);
  expect(takenDomain.body.error.message).toMatch(/Camden/);
  expect((await world.lead.get('/api/borough/sso')).body).toEqual(before);
});

it('signs the same person in again by their object id, and keeps the discovery document and keys', async () => {
  const fetchesBefore = { ...world.hackneyTenant.fetches };
  const browser = new CouncilBrowser(world.server.url);
  expect(await browser.signIn(world.hackneyTenant, 'ada')).toEqual({ status: 303, location: '/procurements' });
  expect((await browser.me())?.email).toBe('ada.lovelace@hackney.gov.uk');
  expect(world.hackneyTenant.fetches).toEqual(fetchesBefore);
});

it('discovers the tenant again once the cached document is older than its lifetime', async () => {
  const before = world.hackneyTenant.fetches.discovery;
  world.server.clock.advance(3_600_000 + 1000);
  const browser = new CouncilBrowser(world.server.url);
  expect((await browser.signIn(world.hackneyTenant, 'ada')).location).toBe('/procurements');
  expect(world.hackneyTenant.fetches.discovery).toBe(before + 1);
});

it('follows the tenant when it rolls its signing key over: an unknown key id fetches the keys again', async () => {
  const before = world.hackneyTenant.fetches.keys;
  world.hackneyTenant.rollKeys();
  const browser = new CouncilBrowser(world.server.url);
  expect(await browser.signIn(world.hackneyTenant, 'ada')).toEqual({ status: 303, location: '/procurements' });
  expect(world.hackneyTenant.fetches.keys).toBe(before + 1);
});

it('password sign-in still works for boroughs without single sign-on', async () => {
  const camden = new CouncilBrowser(world.server.url);
  const answer = await camden.fetch(`${world.server.url}/api/auth/login`, {
    method: 'POST',
    body: JSON.stringify({ email: 'editor@camden.demo', password: 'jointly-demo-2026' }),
    headers: { 'content-type': 'application/json', origin: world.server.url },
  });
  expect(answer.status).toBe(200);
  expect(audit('account.signed-in').map((row) => JSON.parse(row.detail))).toContainEqual(
    expect.objectContaining({ boroughId: 'camden', method: 'password' }),
  );
});
