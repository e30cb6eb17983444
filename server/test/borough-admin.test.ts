/**
 * Borough administration: a borough admin sees their borough's accounts, invites
 * colleagues to the service, makes other admins and removes (and restores) the access of
 * someone who has left. Nobody else can, and nothing crosses into another borough.
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { CloseCode } from '../../shared/close-codes.js';
import { ApiClient, signIn } from './support/api.js';
import { clientPool, connectClient, waitFor, waitForSync } from './support/clients.js';
import { acceptInvitation, inviteToService, newPersonPassword, previewInvitation, tokenOf } from './support/invitations.js';
import { startDemoWorld, type DemoWorld } from './support/demo-world.js';

let world: DemoWorld;
const clients = clientPool();
beforeAll(async () => {
  world = await startDemoWorld();
});
afterEach(() => {
  clients.closeAll();
});
afterAll(async () => world.server.remove());

const editsBy = (userId: string) =>
  (world.server.db.sqlite.prepare('SELECT count(*) AS n FROM document_updates WHERE author_id = ?').get(userId) as { n: number }).n;
const password = newPersonPassword;

/** A new Hackney colleague, invited to the service by Hackney's admin and signed in. */
const newHackneyColleague = (email: string) => inviteToService(world.lead, email);

it('an admin sees exactly their own borough’s accounts, and says so in /api/me', async () => {
  expect((await world.lead.get('/api/me')).body.isBoroughAdmin).toBe(true);
  expect((await world.editor.get('/api/me')).body.isBoroughAdmin).toBe(false);
  const listed = await world.lead.get('/api/borough/people');
  expect(listed.status).toBe(200);
  expect(listed.body.borough.id).toBe('hackney');
  const emails = listed.body.people.map((p: { email: string }) => p.email);
  expect(emails).toContain('lead@hackney.demo');
  expect(emails).not.toContain('editor@camden.demo');
  expect(listed.body.people.find((p: { email: string }) => p.email === 'lead@hackney.demo')).toMatchObject({
    isBoroughAdmin: true,
    accessRemovedAt: null,
    procurements: 1,
  });
});

it('nobody but a borough admin may use it: 403 for other people, 401 signed out', async () => {
  for (const person of [world.editor, world.viewer, world.outsider]) {
    expect((await person.get('/api/borough/people')).status).toBe(403);
    expect((await person.post('/api/borough/invitations', { email: 'x@camden.demo' })).status).toBe(403);
    expect((await person.patch(`/api/borough/people/${world.userIds.lead}`, { hasAccess: false })).status).toBe(403);
  }
  expect((await world.anonymous.get('/api/borough/people')).status).toBe(401);
});

it('an invitation to the service creates an account in the admin’s borough, in no procurement', async () => {
  const invited = await world.lead.post('/api/borough/invitations', { email: 'Fresh.Start@hackney.demo' });
  expect(invited.status).toBe(201);
  const guest = new ApiClient(world.server.url);
  const preview = await previewInvitation(world.server.url, tokenOf(invited.body.link));
  expect(preview.body).toMatchObject({
    email: 'Fresh.Start@hackney.demo',
    borough: { id: 'hackney' },
    procurement: null,
    role: null,
    invitedBy: 'Priya Shah',
  });
  const accepted = await acceptInvitation(guest, tokenOf(invited.body.link), 'Fresh Start');
  expect(accepted.status).toBe(201);
  expect((await guest.get('/api/me')).body.user).toMatchObject({ name: 'Fresh Start', borough: { id: 'hackney' } });
  expect((await guest.get('/api/procurements')).body.procurements).toEqual([]);
  // The owner can now add them to a procurement like anyone else.
  const added = await world.lead.post(`/api/procurements/${world.procurementId}/members`, {
    email: 'fresh.start@hackney.demo',
    role: 'editor',
  });
  expect(added.status).toBe(201);
  const listed = (await world.lead.get('/api/borough/people')).body;
  expect(listed.invitations.find((i: { id: string }) => i.id === invited.body.id).acceptedAt).not.toBeNull();
  // Used once only; an existing account cannot be invited again.
  expect((await acceptInvitation(new ApiClient(world.server.url), tokenOf(invited.body.link), 'Again')).status).toBe(404);
  expect((await world.lead.post('/api/borough/invitations', { email: 'FRESH.start@hackney.demo' })).status).toBe(409);
});

it('a withdrawn invitation, or one whose admin has lost the role, no longer works', async () => {
  const withdrawn = await world.lead.post('/api/borough/invitations', { email: 'withdrawn@hackney.demo' });
  expect((await world.lead.request('DELETE', `/api/borough/invitations/${withdrawn.body.id}`)).status).toBe(204);
  expect((await previewInvitation(world.server.url, tokenOf(withdrawn.body.link))).status).toBe(404);

  const second = await newHackneyColleague('second.admin@hackney.demo');
  expect((await world.lead.patch(`/api/borough/people/${second.id}`, { isBoroughAdmin: true })).body.isBoroughAdmin).toBe(true);
  const fromSecond = await second.post('/api/borough/invitations', { email: 'orphan@hackney.demo' });
  expect(fromSecond.status).toBe(201);
  expect((await world.lead.patch(`/api/borough/people/${second.id}`, { isBoroughAdmin: false })).body.isBoroughAdmin).toBe(false);
  // At once: the next request of the former admin is refused, and their link is dead.
  expect((await second.get('/api/borough/people')).status).toBe(403);
  const late = await acceptInvitation(new ApiClient(world.server.url), tokenOf(fromSecond.body.link), 'Orphan');
  expect(late.status).toBe(404);
  expect(world.server.db.sqlite.prepare("SELECT count(*) AS n FROM users WHERE email_key = 'orphan@hackney.demo'").get()).toEqual({ n: 0 });
});

it('removing access signs the person out everywhere at once, closes their live connection, and refuses sign-in; restoring undoes it', async () => {
  const leaver = await newHackneyColleague('leaver@hackney.demo');
  await world.lead.post(`/api/procurements/${world.procurementId}/members`, { email: 'leaver@hackney.demo', role: 'editor' });
  const client = connectClient(world.server.collabUrl, world.procurementId, { headers: leaver.liveHeaders() });
  clients.adopt(client);
  await waitForSync(client);
  client.doc.getText('leaver').insert(0, 'Written before leaving.');
  await waitFor(() => editsBy(leaver.id) === 1, { what: 'the leaver’s edit in the log' });

  const started = Date.now();
  const removed = await world.lead.patch(`/api/borough/people/${leaver.id}`, { hasAccess: false });
  expect(removed.status).toBe(200);
  expect(removed.body.accessRemovedAt).not.toBeNull();
  await waitFor(() => client.closes.some((c) => c.code === CloseCode.signedOut), { timeout: 1000, what: 'the close' });
  expect(Date.now() - started).toBeLessThan(1000);
  expect((await leaver.get('/api/me')).status).toBe(401);
  const again = await new ApiClient(world.server.url).post('/api/auth/login', { email: 'leaver@hackney.demo', password });
  expect(again.status).toBe(403);
  expect(again.body.error.code).toBe('access_removed');
  // What they wrote stays, still theirs.
  expect(editsBy(leaver.id)).toBe(1);

  const restored = await world.lead.patch(`/api/borough/people/${leaver.id}`, { hasAccess: true });
  expect(restored.body.accessRemovedAt).toBeNull();
  expect((await signIn(world.server.url, 'leaver@hackney.demo', password)).cookie).toBeTruthy();
});

it('an admin cannot lock themselves out, nor touch another borough’s accounts; bad input changes nothing', async () => {
  const self = await world.lead.patch(`/api/borough/people/${world.userIds.lead}`, { hasAccess: false });
  expect(self.status).toBe(409);
  expect((await world.lead.patch(`/api/borough/people/${world.userIds.lead}`, { isBoroughAdmin: false })).status).toBe(409);
  expect((await world.lead.patch(`/api/borough/people/${world.userIds.editor}`, { hasAccess: false })).status).toBe(404);
  expect((await world.lead.patch(`/api/borough/people/${world.userIds.editor}`, { hasAccess: 'no' })).status).toBe(400);
  expect((await world.lead.patch(`/api/borough/people/${world.userIds.editor}`, {})).status).toBe(400);
  expect((await world.lead.patch(`/api/borough/people/${world.userIds.editor}`, { hasAccess: false, extra: 1 })).status).toBe(400);
  expect((await world.lead.post('/api/borough/invitations', { email: 'not an address' })).status).toBe(400);
  expect((await world.lead.post('/api/borough/invitations', { email: 'a@b.demo', role: 'owner' })).status).toBe(400);
  expect((await world.lead.request('DELETE', '/api/borough/invitations/nonexistent1234')).status).toBe(404);
  expect((await world.editor.get('/api/me')).status).toBe(200);
  expect(world.server.db.sqlite.prepare('SELECT count(*) AS n FROM users WHERE access_removed_at IS NOT NULL').get()).toEqual({ n: 0 });
  // Camden's invitations are not Hackney's to withdraw.
  world.server.db.sqlite.prepare('UPDATE users SET is_borough_admin = 1 WHERE id = ?').run(world.userIds.editor);
  const camden = await world.editor.post('/api/borough/invitations', { email: 'someone@camden.demo' });
  expect(camden.status).toBe(201);
  expect((await world.lead.request('DELETE', `/api/borough/invitations/${camden.body.id}`)).status).toBe(404);
  expect((await world.lead.get('/api/borough/people')).body.invitations.map((i: { email: string }) => i.email)).not.toContain(
    'someone@camden.demo',
  );
});
