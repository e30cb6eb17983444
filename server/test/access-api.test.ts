/**
 * Who sees and changes what, over the HTTP API: each rule with its allowed and refused case.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient } from './support/api.js';
import { startDemoWorld, type DemoWorld } from './support/demo-world.js';
import { inviteToProcurement } from './support/invitations.js';

let world: DemoWorld;
let path: string;

beforeAll(async () => {
  world = await startDemoWorld();
  path = `/api/procurements/${world.procurementId}`;
});
afterAll(async () => world.server.remove());

/** Invites `email` to the demo procurement as `inviter`, and accepts as a new person. */
const newColleague = (inviter: ApiClient, email: string, role: 'owner' | 'editor' | 'viewer') =>
  inviteToProcurement(inviter, world.procurementId, email, role);

describe('each demo account sees exactly what it may', () => {
  it("Hackney's lead owns it and speaks for Hackney", async () => {
    const { body } = await world.lead.get(path);
    expect(body.title).toBe('Housing repairs case management system');
    expect(body.boroughs.map((b: { id: string; role: string }) => [b.id, b.role])).toEqual([
      ['hackney', 'lead'],
      ['camden', 'partner'],
      ['islington', 'observer'],
    ]);
    expect(body.me).toMatchObject({ role: 'owner', isBoroughLead: true, boroughRole: 'lead' });
    expect(body.me.can).toMatchObject({ edit: true, manageDetails: true, manageAnyMember: true, speakForBorough: true });
  });

  it("Camden's editor edits and speaks for Camden, but does not own it", async () => {
    const { body } = await world.editor.get(path);
    expect(body.me).toMatchObject({ role: 'editor', isBoroughLead: true });
    expect(body.me.can).toMatchObject({
      edit: true,
      manageDetails: false,
      manageAnyMember: false,
      manageOwnBorough: true,
      speakForBorough: true,
    });
  });

  it('Islington’s viewer reads only, and is told why', async () => {
    const { body } = await world.viewer.get(path);
    expect(body.me).toMatchObject({ role: 'viewer', boroughRole: 'observer' });
    expect(body.me.can).toMatchObject({ read: true, comment: true, edit: false, manageDetails: false, speakForBorough: false });
    expect(body.me.readOnlyReason).toContain('Islington is observing');
  });

  it('Croydon’s outsider sees nothing: not in the list, 404 everywhere', async () => {
    expect((await world.outsider.get('/api/procurements')).body.procurements).toEqual([]);
    for (const [method, url, body] of [
      ['GET', path],
      ['PATCH', path, { title: 'Taken over' }],
      ['GET', `${path}/invitations`],
      ['POST', `${path}/invitations`, { email: 'x@croydon.demo', role: 'viewer' }],
      ['POST', `${path}/members`, { email: 'outsider@croydon.demo', role: 'viewer' }],
      ['POST', `${path}/boroughs`, { boroughId: 'croydon', role: 'partner' }],
      ['DELETE', `${path}/boroughs/camden`],
    ] as const) {
      const response = await world.outsider.request(method, url, body);
      expect(response.status, `${method} ${url}`).toBe(404);
      expect(response.body.error.code).toBe('not_found');
    }
    const unknown = await world.lead.get('/api/procurements/aaaaaaaaaaaaaaaaaaaaaaaa');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe((await world.outsider.get(path)).body.error.message);
  });

  it('without signing in, everything is 401', async () => {
    for (const url of ['/api/me', '/api/procurements', path]) {
      const response = await world.anonymous.get(url);
      expect(response.status, url).toBe(401);
      expect(response.body.error.code).toBe('unauthenticated');
    }
  });
});

describe('changing the procurement', () => {
  it('owners change its details; editors and viewers may not', async () => {
    expect((await world.editor.patch(path, { phase: 'tender' })).status).toBe(403);
    expect((await world.viewer.patch(path, { phase: 'tender' })).status).toBe(403);
    const changed = await world.lead.patch(path, { summary: 'Updated summary.' });
    expect(changed.status).toBe(200);
    expect(changed.body.summary).toBe('Updated summary.');
  });

  it('creating one makes my borough the lead and me its owner and borough lead', async () => {
    const created = await world.editor.post('/api/procurements', { title: 'Parking permits', reference: 'CAM-77' });
    expect(created.status).toBe(201);
    expect(created.body.boroughs).toEqual([expect.objectContaining({ id: 'camden', role: 'lead' })]);
    expect(created.body.me).toMatchObject({ role: 'owner', isBoroughLead: true });
    expect((await world.lead.get(`/api/procurements/${created.body.id}`)).status).toBe(404);
    const mine = (await world.editor.get('/api/procurements')).body.procurements.map((p: { title: string }) => p.title);
    expect(mine).toEqual(expect.arrayContaining(['Parking permits', 'Housing repairs case management system']));
  });
});

describe('participating boroughs: owners only', () => {
  it('adds, changes and removes a borough', async () => {
    expect((await world.editor.post(`${path}/boroughs`, { boroughId: 'lambeth', role: 'partner' })).status).toBe(403);
    const added = await world.lead.post(`${path}/boroughs`, { boroughId: 'lambeth', role: 'partner' });
    expect(added.status).toBe(201);
    expect(added.body.boroughs.map((b: { id: string }) => b.id)).toContain('lambeth');
    expect((await world.lead.post(`${path}/boroughs`, { boroughId: 'lambeth', role: 'observer' })).status).toBe(409);
    expect((await world.lead.patch(`${path}/boroughs/lambeth`, { role: 'observer' })).status).toBe(200);
    expect((await world.editor.request('DELETE', `${path}/boroughs/lambeth`)).status).toBe(403);
    expect((await world.lead.request('DELETE', `${path}/boroughs/lambeth`)).status).toBe(200);
    expect((await world.lead.get(path)).body.boroughs.map((b: { id: string }) => b.id)).not.toContain('lambeth');
  });

  it('keeps the lead borough', async () => {
    expect((await world.lead.request('DELETE', `${path}/boroughs/hackney`)).status).toBe(400);
    expect((await world.lead.patch(`${path}/boroughs/hackney`, { role: 'partner' })).status).toBe(400);
  });
});

describe('members', () => {
  it('owners add people of participating boroughs; borough leads their own borough’s people', async () => {
    const hackneyColleague = await newColleague(world.lead, 'h.colleague@hackney.demo', 'viewer');
    const camdenColleague = await newColleague(world.editor, 'c.colleague@camden.demo', 'viewer');

    // Camden's borough lead manages Camden people only, and cannot make owners.
    expect((await world.editor.patch(`${path}/members/${camdenColleague.id}`, { role: 'editor' })).status).toBe(200);
    expect((await world.editor.patch(`${path}/members/${camdenColleague.id}`, { role: 'owner' })).status).toBe(403);
    expect((await world.editor.patch(`${path}/members/${hackneyColleague.id}`, { role: 'editor' })).status).toBe(403);
    expect((await world.editor.request('DELETE', `${path}/members/${world.userIds.lead}`)).status).toBe(403);
    // Viewers manage nobody.
    expect((await world.viewer.patch(`${path}/members/${camdenColleague.id}`, { role: 'viewer' })).status).toBe(403);

    // People of boroughs not taking part cannot be added, and the answer names nobody: it
    // is the same as for an address with no account. Observers' people only view.
    const outsiderAdd = await world.lead.post(`${path}/members`, { email: 'outsider@croydon.demo', role: 'viewer' });
    expect(outsiderAdd.status).toBe(400);
    expect(outsiderAdd.body).toEqual((await world.lead.post(`${path}/members`, { email: 'nobody@croydon.demo', role: 'viewer' })).body);
    expect(JSON.stringify(outsiderAdd.body)).not.toMatch(/Croydon|Sam Reid/);
    expect((await world.lead.patch(`${path}/members/${world.userIds.viewer}`, { role: 'editor' })).status).toBe(400);

    // Owners remove anyone; the removed person no longer sees the procurement.
    expect((await world.lead.request('DELETE', `${path}/members/${hackneyColleague.id}`)).status).toBe(200);
    expect((await hackneyColleague.get(path)).status).toBe(404);
  });

  it('setting a borough lead replaces the borough’s current one', async () => {
    const colleague = await newColleague(world.editor, 'c.second@camden.demo', 'editor');
    expect((await world.editor.patch(`${path}/members/${colleague.id}`, { isBoroughLead: true })).status).toBe(200);
    const members = (await world.lead.get(path)).body.members as { userId: string; isBoroughLead: boolean }[];
    expect(members.find((m) => m.userId === colleague.id)?.isBoroughLead).toBe(true);
    expect(members.find((m) => m.userId === world.userIds.editor)?.isBoroughLead).toBe(false);
    // Hand it back, as the new lead.
    expect((await colleague.patch(`${path}/members/${world.userIds.editor}`, { isBoroughLead: true })).status).toBe(200);
  });

  it('a procurement keeps at least one owner', async () => {
    const demote = await world.lead.patch(`${path}/members/${world.userIds.lead}`, { role: 'editor' });
    expect(demote.status).toBe(409);
    expect((await world.lead.request('DELETE', `${path}/members/${world.userIds.lead}`)).status).toBe(409);
    expect((await world.lead.get(path)).body.me.role).toBe('owner');
  });
});
