/**
 * An account is in the borough its holder works for: invitations to another borough's
 * address are refused, addresses outside the borough's domains are confirmed, and an
 * account in the wrong borough is corrected by the admins of both boroughs, with the
 * correction on record and the history still crediting earlier edits to the borough
 * the person was in then.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import type { BoroughCorrection } from '../../shared/account-boroughs.js';
import { CloseCode } from '../../shared/close-codes.js';
import { specificationOf } from '../../shared/doc-layout.js';
import type { Timeline } from '../../shared/history.js';
import { hashPassword } from '../src/auth/passwords.js';
import { createUser } from '../src/auth/users.js';
import { signIn, type ApiClient } from './support/api.js';
import { barrier, clientPool, waitFor, waitForSync } from './support/clients.js';
import { startDemoWorld, type DemoWorld } from './support/demo-world.js';
import { acceptAsNewPerson, previewInvitation, tokenOf, type NewPerson } from './support/invitations.js';

const pauseMs = 60_000;
let world: DemoWorld;
let path: string;
/** Camden's Jointly administrator (the demo has none). */
let camdenAdmin: ApiClient;
const clients = clientPool();

beforeAll(async () => {
  world = await startDemoWorld({ config: { historyPauseMs: pauseMs } });
  path = `/api/procurements/${world.procurementId}`;
  await createUser(world.server.services.db, {
    email: 'admin@camden.demo',
    name: 'Cam Admin',
    boroughId: 'camden',
    passwordHash: await hashPassword('camden admin password'),
    isBoroughAdmin: true,
  });
  camdenAdmin = await signIn(world.server.url, 'admin@camden.demo', 'camden admin password');
});
afterAll(async () => {
  clients.closeAll();
  await world.server.remove();
});

const openInvitations = async () => ((await world.lead.get(`${path}/invitations`)).body.invitations as unknown[]).length;
const domainsOf = async (boroughId: string) =>
  ((await world.viewer.get('/api/boroughs')).body.boroughs as { id: string; emailDomains: string[] }[]).find((b) => b.id === boroughId)!
    .emailDomains;

describe('email domains', () => {
  it('each borough admin lists their own; a domain is one borough’s; bad input changes nothing', async () => {
    expect(await domainsOf('hackney')).toEqual(['hackney.demo']);
    const set = await camdenAdmin.request('PUT', '/api/borough/email-domains', { domains: ['camden.demo', '@Camden.Gov.UK'] });
    expect(set.status).toBe(200);
    expect(set.body.emailDomains).toEqual(['camden.demo', 'camden.gov.uk']);
    expect(await domainsOf('camden')).toEqual(['camden.demo', 'camden.gov.uk']);

    for (const [domains, message] of [
      [['camden.demo', 'hackney.demo'], /hackney.demo is listed as Hackney’s/],
      [['camden.demo', 'not a domain'], /correct format/],
      [['camden.demo', 'camden.demo'], /Each domain once/],
    ] as const) {
      const refused = await camdenAdmin.request('PUT', '/api/borough/email-domains', { domains });
      expect(refused.status).toBe(400);
      expect(JSON.stringify(refused.body.error)).toMatch(message);
    }
    expect(await domainsOf('camden')).toEqual(['camden.demo', 'camden.gov.uk']);
    // Only an admin, and only for their own borough.
    expect((await world.editor.request('PUT', '/api/borough/email-domains', { domains: [] })).status).toBe(403);
    expect(await domainsOf('hackney')).toEqual(['hackney.demo']);
  });
});

describe('invitations know the borough', () => {
  it('an address at another borough’s domain is refused, by a lead or an admin, and nothing is sent', async () => {
    const before = await openInvitations();
    for (const email of ['tom.okafor@camden.gov.uk', 'someone.new@CAMDEN.demo']) {
      const toProcurement = await world.lead.post(`${path}/invitations`, { email, role: 'editor', worksForBorough: true });
      expect(toProcurement.status).toBe(400);
      expect(toProcurement.body.error.message).toBe(
        `This is a Camden address (${email.split('@')[1]!.toLowerCase()}). Only Camden invites its own staff: ` +
          'ask Camden’s borough lead or Jointly administrator to invite them.',
      );
      expect((await world.lead.post('/api/borough/invitations', { email, worksForBorough: true })).status).toBe(400);
    }
    expect(await openInvitations()).toBe(before);
  });

  it('an address outside the borough’s domains is sent only once the inviter confirms they work for the borough', async () => {
    const unconfirmed = await world.lead.post(`${path}/invitations`, { email: 'contractor@repairs-partner.example', role: 'viewer' });
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.body.error.fields).toEqual({ worksForBorough: 'Confirm that they work for Hackney' });
    expect(unconfirmed.body.error.message).toMatch(/not at a Hackney domain \(hackney.demo\)/);
    const confirmed = await world.lead.post(`${path}/invitations`, {
      email: 'contractor@repairs-partner.example',
      role: 'viewer',
      worksForBorough: true,
    });
    expect(confirmed.status).toBe(201);
    // The join page says plainly which borough they join as.
    const preview = await previewInvitation(world.server.url, tokenOf(confirmed.body.link));
    expect(preview.body.borough).toMatchObject({ id: 'hackney', officialName: 'London Borough of Hackney' });
    // At the borough's own domain, nothing to confirm.
    expect((await world.lead.post(`${path}/invitations`, { email: 'colleague@hackney.demo', role: 'viewer' })).status).toBe(201);
  });
});

describe('correcting an account’s borough', () => {
  /** Someone Hackney invited in good faith, who turns out to work for Camden. */
  let alex: NewPerson;

  beforeAll(async () => {
    const invited = await world.lead.post(`${path}/invitations`, {
      email: 'alex@shared-services.example',
      role: 'editor',
      worksForBorough: true,
    });
    alex = await acceptAsNewPerson(world.server.url, invited.body.link, 'Alex Kim');
  });

  const correctionsOf = async (admin: ApiClient) => (await admin.get('/api/borough/people')).body.corrections as BoroughCorrection[];
  const memberAlex = async () =>
    ((await world.lead.get(path)).body.members as { userId: string; borough: { id: string }; role: string; isBoroughLead: boolean }[]).find(
      (m) => m.userId === alex.id,
    );

  it('is asked for by the admin of the borough it is in, and only them', async () => {
    const body = { userId: alex.id, toBoroughId: 'camden', reason: 'Alex works for Camden’s repairs team.' };
    expect((await world.editor.post('/api/borough/corrections', body)).status).toBe(403);
    expect((await camdenAdmin.post('/api/borough/corrections', body)).status).toBe(404);
    expect((await world.lead.post('/api/borough/corrections', { ...body, toBoroughId: 'hackney' })).status).toBe(400);
    expect((await world.lead.post('/api/borough/corrections', { ...body, reason: ' ' })).status).toBe(400);
    expect(await correctionsOf(camdenAdmin)).toEqual([]);

    const asked = await world.lead.post('/api/borough/corrections', body);
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({ person: { name: 'Alex Kim' }, from: { name: 'Hackney' }, to: { name: 'Camden' }, outcome: null });
    expect((await world.lead.post('/api/borough/corrections', body)).status).toBe(409);
    // Camden's admin sees it waiting; Hackney cannot approve its own request.
    expect((await correctionsOf(camdenAdmin)).map((c) => c.id)).toEqual([asked.body.id]);
    expect((await world.lead.post(`/api/borough/corrections/${asked.body.id}/approve`)).status).toBe(404);
    // Hackney thinks again and withdraws it; it cannot then be approved.
    expect((await world.lead.post(`/api/borough/corrections/${asked.body.id}/withdraw`)).body.outcome).toBe('withdrawn');
    expect((await camdenAdmin.post(`/api/borough/corrections/${asked.body.id}/approve`)).status).toBe(409);
    // Asked again, Camden declines: nothing moves.
    const again = await world.lead.post('/api/borough/corrections', body);
    expect((await camdenAdmin.post(`/api/borough/corrections/${again.body.id}/decline`)).body.outcome).toBe('declined');
    expect(await memberAlex()).toMatchObject({ borough: { id: 'hackney' } });
  });

  it('is refused whole when it would leave a procurement without an owner', async () => {
    const own = await alex.post('/api/procurements', { title: 'Alex’s own procurement' });
    const asked = await world.lead.post('/api/borough/corrections', {
      userId: alex.id,
      toBoroughId: 'camden',
      reason: 'Works for Camden.',
    });
    const refused = await camdenAdmin.post(`/api/borough/corrections/${asked.body.id}/approve`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/only owner of “Alex’s own procurement”/);
    expect((await world.lead.get('/api/borough/people')).body.people.some((p: { id: string }) => p.id === alex.id)).toBe(true);
    expect(await memberAlex()).toMatchObject({ borough: { id: 'hackney' } });
    // With Camden taking part in it, the approval goes through (next test).
    expect((await alex.post(`/api/procurements/${own.body.id}/boroughs`, { boroughId: 'camden', role: 'partner' })).status).toBe(201);
  });

  it('once approved, moves the account and its memberships, and history keeps crediting earlier edits to Hackney', async () => {
    const live = clients.connect(world.server.collabUrl, world.procurementId, { headers: alex.liveHeaders() });
    await waitForSync(live);
    const intro = (specificationOf(live.doc).get(1) as Y.XmlElement).get(0) as Y.XmlText;
    intro.insert(intro.length, ' Written while in Hackney.');
    await barrier(live);
    world.server.clock.advance(pauseMs + 1);

    const waiting = (await correctionsOf(camdenAdmin)).find((c) => c.outcome === null)!;
    const approved = await camdenAdmin.post(`/api/borough/corrections/${waiting.id}/approve`);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ outcome: 'approved', decidedBy: { name: 'Cam Admin' } });
    // Their account and membership are Camden's now, not as borough lead.
    expect((await alex.get('/api/me')).body.user.borough.id).toBe('camden');
    expect(await memberAlex()).toMatchObject({ borough: { id: 'camden' }, role: 'editor', isBoroughLead: false });
    expect((await camdenAdmin.get('/api/borough/people')).body.people.some((p: { id: string }) => p.id === alex.id)).toBe(true);
    // Their open connection was labelled Hackney: it is closed, and reconnects as Camden.
    await waitFor(() => live.closes.some((c) => c.code === CloseCode.rightsChanged), { what: 'the close' });
    await waitForSync(live);

    intro.insert(intro.length, ' Written in Camden.');
    await barrier(live);
    const timeline = (await world.viewer.get<Timeline>(`${path}/history`)).body;
    const byAlex = timeline.versions.filter((v) => v.authors.some((a) => a.id === alex.id));
    expect(byAlex.map((v) => v.authors.find((a) => a.id === alex.id)!.borough)).toEqual(['Camden', 'Hackney']);
    // Both admins' acts are on record.
    const audit = world.server.db.sqlite
      .prepare("SELECT action FROM audit_events WHERE action LIKE 'account.borough-correct%' ORDER BY id")
      .all()
      .map((row) => (row as { action: string }).action);
    expect(audit).toContain('account.borough-correction-requested');
    expect(audit).toContain('account.borough-corrected');
  });
});
