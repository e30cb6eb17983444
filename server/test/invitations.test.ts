/**
 * Invitations: a one-time link, valid 7 days, for a new colleague of the issuer's
 * borough; accepting signs them in. Expired and reused links are refused.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ApiClient } from './support/api.js';
import { acceptInvitation, previewInvitation, tokenOf } from './support/invitations.js';
import { startDemoWorld, type DemoWorld } from './support/demo-world.js';

let world: DemoWorld;
let path: string;
beforeAll(async () => {
  world = await startDemoWorld();
  path = `/api/procurements/${world.procurementId}`;
});
afterAll(async () => world.server.remove());

it('a valid link shows what it is for, and accepting creates the account, the membership and a session', async () => {
  const created = await world.lead.post(`${path}/invitations`, { email: 'New.Person@hackney.demo', role: 'editor' });
  expect(created.status).toBe(201);
  expect(created.body.link).toMatch(new RegExp(`^${world.server.url}/invitations#[a-z0-9]+\\.[a-z0-9]+$`));
  const expiresIn = Date.parse(created.body.expiresAt) - world.server.clock.now();
  expect(expiresIn).toBeGreaterThan(6.9 * 24 * 3_600_000);
  expect(expiresIn).toBeLessThanOrEqual(7 * 24 * 3_600_000);

  const guest = new ApiClient(world.server.url);
  const preview = await previewInvitation(world.server.url, tokenOf(created.body.link));
  expect(preview.status).toBe(200);
  expect(preview.body).toMatchObject({
    email: 'New.Person@hackney.demo',
    borough: { id: 'hackney' },
    procurement: { title: 'Housing repairs case management system' },
    role: 'editor',
    invitedBy: 'Priya Shah',
  });

  const accepted = await acceptInvitation(guest, tokenOf(created.body.link), 'New Person', 'twelve chars min');
  expect(accepted.status).toBe(201);
  const me = await guest.get('/api/me');
  expect(me.body.user).toMatchObject({ name: 'New Person', email: 'New.Person@hackney.demo', borough: { id: 'hackney' } });
  expect((await guest.get(path)).body.me.role).toBe('editor');
  // The list now shows it accepted; the link itself was never stored.
  const listed = (await world.lead.get(`${path}/invitations`)).body.invitations.find((i: { id: string }) => i.id === created.body.id);
  expect(listed.acceptedAt).not.toBeNull();
  const row = world.server.db.sqlite.prepare('SELECT * FROM invitations WHERE id = ?').get(created.body.id);
  expect(JSON.stringify(row)).not.toContain(tokenOf(created.body.link).split('.')[1]);
  // Email addresses are one account whatever their case.
  expect((await world.lead.post(`${path}/invitations`, { email: 'new.person@HACKNEY.demo', role: 'viewer' })).status).toBe(409);
});

it('a used link is refused the second time', async () => {
  const created = await world.lead.post(`${path}/invitations`, { email: 'once@hackney.demo', role: 'viewer' });
  const token = tokenOf(created.body.link);
  expect((await acceptInvitation(new ApiClient(world.server.url), token, 'Once')).status).toBe(201);
  const again = await acceptInvitation(new ApiClient(world.server.url), token, 'Twice');
  expect(again.status).toBe(404);
  expect(again.body.error.message).toMatch(/expired, has already been used/);
  expect((await previewInvitation(world.server.url, token)).status).toBe(404);
});

it('an expired link is refused, and so is a wrong secret', async () => {
  const created = await world.editor.post(`${path}/invitations`, { email: 'late@camden.demo', role: 'viewer' });
  const token = tokenOf(created.body.link);
  const [id, secret] = token.split('.');
  const guest = new ApiClient(world.server.url);
  expect((await previewInvitation(world.server.url, `${id}.${secret!.replace(/.$/, (c) => (c === 'a' ? 'b' : 'a'))}`)).status).toBe(404);
  world.server.db.sqlite.prepare('UPDATE invitations SET expires_at = ? WHERE id = ?').run(world.server.clock.now() - 1, id);
  expect((await previewInvitation(world.server.url, token)).status).toBe(404);
  expect((await acceptInvitation(guest, token, 'Late')).status).toBe(404);
  expect(world.server.db.sqlite.prepare("SELECT count(*) AS n FROM users WHERE email_key = 'late@camden.demo'").get()).toEqual({ n: 0 });
});

it('only owners and borough leads invite, for their own borough, and only owners invite owners', async () => {
  const byCamden = await world.editor.post(`${path}/invitations`, { email: 'cam@camden.demo', role: 'editor' });
  expect(byCamden.status).toBe(201);
  expect(byCamden.body.borough.id).toBe('camden');
  expect((await world.editor.post(`${path}/invitations`, { email: 'boss@camden.demo', role: 'owner' })).status).toBe(403);
  expect((await world.viewer.post(`${path}/invitations`, { email: 'v@islington.demo', role: 'viewer' })).status).toBe(403);
  expect((await world.outsider.post(`${path}/invitations`, { email: 'o@croydon.demo', role: 'viewer' })).status).toBe(404);
  // Nobody invites another borough's staff, whether or not they have an account.
  for (const email of ['editor@camden.demo', 'new.person@camden.demo']) {
    const intoHackney = await world.lead.post(`${path}/invitations`, { email, role: 'viewer' });
    expect(intoHackney.status).toBe(400);
    expect(intoHackney.body.error.message).toMatch(/This is a Camden address .* Only Camden invites its own staff/);
  }
  // A borough lead sees their borough's invitations; the owner sees all.
  const camdenSees = (await world.editor.get(`${path}/invitations`)).body.invitations as { borough: { id: string } }[];
  expect(camdenSees.every((i) => i.borough.id === 'camden')).toBe(true);
  const ownerSees = (await world.lead.get(`${path}/invitations`)).body.invitations as { borough: { id: string } }[];
  expect(new Set(ownerSees.map((i) => i.borough.id))).toEqual(new Set(['hackney', 'camden']));
  // Withdrawn links stop working.
  expect((await world.editor.delete(`${path}/invitations/${byCamden.body.id}`)).status).toBe(204);
  expect((await previewInvitation(world.server.url, tokenOf(byCamden.body.link))).status).toBe(404);
});
