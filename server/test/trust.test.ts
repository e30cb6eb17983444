/**
 * The rest of the security review, as an attacker who is a member would try it:
 * invitations die with their issuer's rights; nobody can use the service as a directory
 * of everyone's accounts; and one consistent rule for who speaks for a borough.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { decisionsOf } from '../../shared/doc-layout.js';
import { hashPassword } from '../src/auth/passwords.js';
import { createUser } from '../src/auth/users.js';
import { ApiClient, signIn } from './support/api.js';
import { barrier, connectClient, waitForSync } from './support/clients.js';
import { startDemoWorld, type DemoWorld } from './support/demo-world.js';
import { acceptInvitation, inviteToProcurement, inviteToService, previewInvitation, tokenOf } from './support/invitations.js';

let world: DemoWorld;
let path: string;
let decisionId: string;

beforeAll(async () => {
  world = await startDemoWorld();
  path = `/api/procurements/${world.procurementId}`;
  const reader = connectClient(world.server.collabUrl, world.procurementId, { headers: world.lead.liveHeaders() });
  await waitForSync(reader);
  const decision = decisionsOf(reader.doc).get(0);
  decisionId = decision.get('id') as string;
  // Positions are about a proposed option: Hackney proposes the first one.
  decision.set('chosenOptionId', (decision.get('options') as Y.Array<Y.Map<unknown>>).get(0).get('id'));
  await barrier(reader);
  reader.destroy();
});
afterAll(async () => world.server.remove());

const openInvitations = async (by: ApiClient) =>
  ((await by.get(`${path}/invitations`)).body.invitations as { id: string; acceptedAt: string | null }[]).filter((i) => !i.acceptedAt);

describe('invitations die with the issuer’s rights', () => {
  it('accepting checks again that the issuer may still give what the link offers', async () => {
    const owner = await inviteToProcurement(world.lead, world.procurementId, 'issuer.owner@hackney.demo', 'owner');
    const invited = await owner.post(`${path}/invitations`, { email: 'offered.owner@hackney.demo', role: 'owner' });
    expect(invited.status).toBe(201);
    // The issuer loses the owner role behind the API's back (an old row, say): the link is dead.
    world.server.db.sqlite.prepare("UPDATE procurement_members SET role = 'editor' WHERE user_id = ?").run(owner.id);
    expect((await acceptInvitation(new ApiClient(world.server.url), tokenOf(invited.body.link), 'Would Be Owner')).status).toBe(404);
    expect(world.server.db.sqlite.prepare("SELECT count(*) AS n FROM users WHERE email_key = 'offered.owner@hackney.demo'").get()).toEqual({
      n: 0,
    });
  });

  it('demoting an issuer withdraws what they may no longer give, and only that', async () => {
    const second = await inviteToProcurement(world.lead, world.procurementId, 'second.lead@hackney.demo', 'owner');
    expect((await world.lead.patch(`${path}/members/${second.id}`, { isBoroughLead: true })).status).toBe(200);
    const asOwner = await second.post(`${path}/invitations`, { email: 'new.owner@hackney.demo', role: 'owner' });
    const asEditor = await second.post(`${path}/invitations`, { email: 'new.editor@hackney.demo', role: 'editor' });
    // Made an editor: still Hackney's lead (may invite editors), no longer an owner.
    expect((await world.lead.patch(`${path}/members/${second.id}`, { role: 'editor' })).status).toBe(200);
    const open = (await openInvitations(world.lead)).map((i) => i.id);
    expect(open).not.toContain(asOwner.body.id);
    expect(open).toContain(asEditor.body.id);
    expect((await previewInvitation(world.server.url, tokenOf(asOwner.body.link))).status).toBe(404);
    expect((await previewInvitation(world.server.url, tokenOf(asEditor.body.link))).status).toBe(200);
    // Removed from the procurement: the rest goes too.
    expect((await world.lead.request('DELETE', `${path}/members/${second.id}`)).status).toBe(200);
    expect((await previewInvitation(world.server.url, tokenOf(asEditor.body.link))).status).toBe(404);
    // Priya is Hackney's lead again for the tests below.
    expect((await world.lead.patch(`${path}/members/${world.userIds.lead}`, { isBoroughLead: true })).status).toBe(200);
  });

  it('a borough lead replaced by another loses the invitations they sent', async () => {
    const invited = await world.editor.post(`${path}/invitations`, { email: 'from.old.lead@camden.demo', role: 'editor' });
    const colleague = await inviteToProcurement(world.editor, world.procurementId, 'next.lead@camden.demo', 'editor');
    expect((await world.lead.patch(`${path}/members/${colleague.id}`, { isBoroughLead: true })).status).toBe(200);
    expect((await previewInvitation(world.server.url, tokenOf(invited.body.link))).status).toBe(404);
    // Tom speaks for Camden again.
    expect((await world.lead.patch(`${path}/members/${world.userIds.editor}`, { isBoroughLead: true })).status).toBe(200);
  });

  it('removing someone’s access withdraws every invitation they sent', async () => {
    const colleague = await inviteToService(world.lead, 'inviting.admin@hackney.demo');
    expect((await world.lead.patch(`/api/borough/people/${colleague.id}`, { isBoroughAdmin: true })).status).toBe(200);
    const toService = await colleague.post('/api/borough/invitations', { email: 'via.leaver@hackney.demo' });
    expect(toService.status).toBe(201);
    expect((await world.lead.patch(`/api/borough/people/${colleague.id}`, { hasAccess: false })).status).toBe(200);
    expect((await previewInvitation(world.server.url, tokenOf(toService.body.link))).status).toBe(404);
  });

  it('a borough admin sees every open invitation into their borough, procurement ones included, and withdraws any', async () => {
    const second = await inviteToProcurement(world.lead, world.procurementId, 'third.owner@hackney.demo', 'owner');
    const invited = await second.post(`${path}/invitations`, { email: 'seen.by.admin@hackney.demo', role: 'viewer' });
    const listed = (await world.lead.get('/api/borough/people')).body.invitations as {
      id: string;
      procurement: { title: string } | null;
      role: string | null;
    }[];
    expect(listed.find((i) => i.id === invited.body.id)).toMatchObject({
      procurement: { title: 'Housing repairs case management system' },
      role: 'viewer',
    });
    // Camden's invitations are not Hackney's admin's to see or withdraw.
    const camden = await world.editor.post(`${path}/invitations`, { email: 'camden.only@camden.demo', role: 'viewer' });
    expect(listed.some((i) => i.id === camden.body.id)).toBe(false);
    expect((await world.lead.delete(`/api/borough/invitations/${camden.body.id}`)).status).toBe(404);
    expect((await world.lead.delete(`/api/borough/invitations/${invited.body.id}`)).status).toBe(204);
    expect((await previewInvitation(world.server.url, tokenOf(invited.body.link))).status).toBe(404);
  });
});

describe('no directory of everyone’s accounts', () => {
  beforeAll(async () => {
    await createUser(world.server.services.db, {
      email: 'someone@barnet.gov.uk',
      name: 'Pat Someone',
      boroughId: 'barnet',
      passwordHash: await hashPassword('a password for barnet'),
    });
  });

  /** Two answers are alike: same status and body once the parts that differ by nature are set aside. */
  const alike = (a: { status: number; body: unknown }, b: { status: number; body: unknown }) => {
    const scrub = (body: unknown) => JSON.stringify(body).replace(/"(id|link|email|createdAt|expiresAt)":"[^"]*"/g, '"$1":"…"');
    expect(a.status).toBe(b.status);
    expect(scrub(a.body)).toBe(scrub(b.body));
  };
  const namesNobody = (response: { body: unknown }) =>
    expect(JSON.stringify(response.body)).not.toMatch(/Barnet|barnet\b(?!\.gov)|Pat Someone/);

  it('a signed-in person cannot learn that someone@barnet.gov.uk exists, or where they work, by any route', async () => {
    // Sam (Croydon, in no procurement of ours) creates his own and probes from there.
    const sam = await signIn(world.server.url, 'outsider@croydon.demo');
    const own = `/api/procurements/${(await sam.post('/api/procurements', { title: 'A probe' })).body.id}`;
    for (const [route, body] of [
      [`${own}/members`, { role: 'viewer' }],
      [`${own}/invitations`, { role: 'viewer', worksForBorough: true }],
    ] as const) {
      const exists = await sam.post(route, { ...body, email: 'someone@barnet.gov.uk' });
      const missing = await sam.post(route, { ...body, email: 'no.one@barnet.gov.uk' });
      alike(exists, missing);
      namesNobody(exists);
    }
    // A borough admin's invitation to the service: the same again.
    // (Confirmed as working for Hackney: the address is not at Hackney's domain.)
    const exists = await world.lead.post('/api/borough/invitations', { email: 'someone@barnet.gov.uk', worksForBorough: true });
    const missing = await world.lead.post('/api/borough/invitations', { email: 'nobody.else@barnet.gov.uk', worksForBorough: true });
    alike(exists, missing);
    namesNobody(exists);
    // The preview of a link shows what the inviter chose, nothing of the account.
    namesNobody(await previewInvitation(world.server.url, tokenOf(exists.body.link)));
    // Signing in: the same answer for a wrong password and an unknown address.
    alike(
      await new ApiClient(world.server.url).post('/api/auth/login', { email: 'someone@barnet.gov.uk', password: 'wrong wrong wrong' }),
      await new ApiClient(world.server.url).post('/api/auth/login', { email: 'nobody@barnet.gov.uk', password: 'wrong wrong wrong' }),
    );
  });

  it('nothing is looked up before the right to add is checked', async () => {
    for (const email of ['someone@barnet.gov.uk', 'no.one@barnet.gov.uk', 'editor@camden.demo']) {
      const response = await world.viewer.post(`${path}/members`, { email, role: 'viewer' });
      expect(response.status).toBe(403);
      namesNobody(response);
    }
  });
});

describe('who speaks for a borough', () => {
  const position = (who: ApiClient) => who.request('PUT', `${path}/decisions/${decisionId}/position`, { position: 'abstain', comment: '' });

  it('a viewer cannot be made a borough lead; a lead made a viewer stops being one', async () => {
    const viewer = await inviteToProcurement(world.editor, world.procurementId, 'only.views@camden.demo', 'viewer');
    const refused = await world.editor.patch(`${path}/members/${viewer.id}`, { isBoroughLead: true });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/must be an editor or owner/);

    const deputy = await inviteToProcurement(world.editor, world.procurementId, 'deputy@camden.demo', 'editor');
    expect((await world.lead.patch(`${path}/members/${deputy.id}`, { isBoroughLead: true })).status).toBe(200);
    expect((await position(deputy)).status).toBe(200);
    const demoted = await world.lead.patch(`${path}/members/${deputy.id}`, { role: 'viewer' });
    expect(demoted.body.members.find((m: { userId: string }) => m.userId === deputy.id)).toMatchObject({
      role: 'viewer',
      isBoroughLead: false,
    });
    expect((await position(deputy)).status).toBe(403);
    expect((await world.lead.patch(`${path}/members/${world.userIds.editor}`, { isBoroughLead: true })).status).toBe(200);
  });

  it('a viewer marked lead in old data can neither speak for the borough nor raise themselves', async () => {
    const viewer = await inviteToProcurement(world.editor, world.procurementId, 'old.lead@camden.demo', 'viewer');
    // Camden's lead passes to the viewer in the database, as rows from before the rule could.
    world.server.db.sqlite.prepare('UPDATE procurement_members SET is_borough_lead = 0 WHERE user_id = ?').run(world.userIds.editor);
    world.server.db.sqlite.prepare('UPDATE procurement_members SET is_borough_lead = 1 WHERE user_id = ?').run(viewer.id);
    expect((await position(viewer)).status).toBe(403);
    const named = (await viewer.get(`${path}/history/named`)).body;
    expect((await viewer.post(`${path}/history/named/${named.named[0]?.id ?? 'nonamedversion1'}/signoff`)).status).toBe(403);
    expect((await viewer.patch(`${path}/members/${viewer.id}`, { role: 'editor' })).status).toBe(403);
    world.server.db.sqlite.prepare('UPDATE procurement_members SET is_borough_lead = 0 WHERE user_id = ?').run(viewer.id);
    world.server.db.sqlite.prepare('UPDATE procurement_members SET is_borough_lead = 1 WHERE user_id = ?').run(world.userIds.editor);
  });

  it('a borough lead cannot make themselves an owner', async () => {
    expect((await world.editor.patch(`${path}/members/${world.userIds.editor}`, { role: 'owner' })).status).toBe(403);
  });
});
