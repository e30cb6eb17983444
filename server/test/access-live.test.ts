/**
 * Access on the live connection: who may open a procurement's document, read-only
 * members, revocation of open connections, attribution and presence from the session.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../../shared/close-codes.js';
import { encodeAwarenessMessage, encodeAwarenessUpdate, encodeSyncMessage, SyncStep } from '../src/collab/protocol.js';
import { type ApiClient, signIn } from './support/api.js';
import { clientPool, barrier, connectClient, waitFor, waitForSync, type TestClient } from './support/clients.js';
import { inviteToProcurement } from './support/invitations.js';
import { startDemoWorld, type DemoWorld } from './support/demo-world.js';
import { openRawSocket, upgradeStatus } from './support/raw-socket.js';

let world: DemoWorld;
let room: string;
const clients = clientPool();

beforeAll(async () => {
  world = await startDemoWorld();
  room = world.procurementId;
});
afterEach(() => {
  clients.closeAll();
});
afterAll(async () => world.server.remove());

function live(api: ApiClient, procurement = room): TestClient {
  const client = connectClient(world.server.collabUrl, procurement, { headers: api.liveHeaders() });
  clients.adopt(client);
  return client;
}

const url = () => `${world.server.collabUrl}/${room}`;

function loggedAuthors(procurement = room): (string | null)[] {
  return (
    world.server.db.sqlite.prepare('SELECT author_id AS a FROM document_updates WHERE document = ? ORDER BY seq').all(procurement) as {
      a: string | null;
    }[]
  ).map((r) => r.a);
}

describe('opening the live document', () => {
  it('is refused (no 101) without a session, from a foreign or missing Origin, and for non-members', async () => {
    const origin = world.server.url;
    expect(await upgradeStatus(url(), { origin })).toBe(401);
    expect(await upgradeStatus(url(), { origin: 'https://evil.example', cookie: world.lead.cookie! })).toBe(403);
    expect(await upgradeStatus(url(), { cookie: world.lead.cookie! })).toBe(403);
    expect(await upgradeStatus(url(), world.outsider.liveHeaders())).toBe(404);
    expect(await upgradeStatus(`${world.server.collabUrl}/aaaaaaaaaaaaaaaaaaaaaaaa`, world.lead.liveHeaders())).toBe(404);
    expect(await upgradeStatus(url(), world.lead.liveHeaders())).toBe(101);
    expect(await upgradeStatus(url(), world.viewer.liveHeaders())).toBe(101);
  });
});

describe('read-only members', () => {
  it('a viewer of an observer borough receives every change and shows presence, but each update is refused', async () => {
    const editor = live(world.editor);
    const viewer = live(world.viewer);
    await Promise.all([waitForSync(editor), waitForSync(viewer)]);
    expect(viewer.doc.getXmlFragment('specification').length).toBeGreaterThan(0);

    editor.doc.getText('notes').insert(0, 'From Camden.');
    await waitFor(() => viewer.doc.getText('notes').toString() === 'From Camden.', { what: 'the live change at the viewer' });

    viewer.provider.awareness.setLocalStateField('cursor', { at: 1 });
    await waitFor(() => editor.provider.awareness.getStates().get(viewer.doc.clientID)?.user?.name === 'Maria Costa', {
      what: "the viewer's presence",
    });

    const before = loggedAuthors().length;
    viewer.doc.getText('notes').insert(0, 'Islington was here. ');
    await barrier(viewer);
    expect(editor.doc.getText('notes').toString()).toBe('From Camden.');
    expect(loggedAuthors()).toHaveLength(before);
  });
});

describe('attribution and identity come from the session', () => {
  it('logs every update under the connection’s user', async () => {
    const lead = live(world.lead);
    const editor = live(world.editor);
    await Promise.all([waitForSync(lead), waitForSync(editor)]);
    const before = loggedAuthors().length;
    lead.doc.getText('notes').insert(0, 'H ');
    await waitFor(() => loggedAuthors().length === before + 1);
    editor.doc.getText('notes').insert(0, 'C ');
    await waitFor(() => loggedAuthors().length === before + 2);
    expect(loggedAuthors().slice(-2)).toEqual([world.userIds.lead, world.userIds.editor]);
  });

  it('refuses content written under a colleague’s Yjs client id', async () => {
    const victim = live(world.lead);
    await waitForSync(victim);
    victim.doc.getText('notes').insert(0, 'Mine. ');
    await waitFor(() => loggedAuthors().at(-1) === world.userIds.lead);

    const forger = new Y.Doc();
    Y.applyUpdate(forger, Y.encodeStateAsUpdate(victim.doc));
    forger.clientID = victim.doc.clientID;
    const updates: Uint8Array[] = [];
    forger.on('update', (u: Uint8Array) => updates.push(u));
    forger.getText('notes').insert(0, 'FORGED ');
    const raw = await openRawSocket(url(), world.editor.liveHeaders());
    raw.send(encodeSyncMessage(SyncStep.update, updates[0]!));
    expect((await raw.closed).code).toBe(CloseCode.forgedAuthor);

    // The victim's next real edit (at the clock the forger tried to take) reaches everyone.
    victim.doc.getText('notes').insert(0, 'Real. ');
    const reader = live(world.viewer);
    await waitFor(() => reader.doc.getText('notes').toString().startsWith('Real. Mine. '), { what: "the victim's real edit" });
    expect(reader.doc.getText('notes').toString()).not.toContain('FORGED');
  });

  it('shows the name and borough from the session, whatever the client claims', async () => {
    const watcher = live(world.lead);
    await waitForSync(watcher);
    const raw = await openRawSocket(url(), world.editor.liveHeaders());
    raw.send(
      encodeAwarenessMessage(
        encodeAwarenessUpdate([{ clientId: 424242, clock: 1, state: { user: { name: 'The Chief Executive', borough: 'Westminster' } } }]),
      ),
    );
    await waitFor(() => watcher.provider.awareness.getStates().has(424242), { what: 'the presence' });
    expect(watcher.provider.awareness.getStates().get(424242)?.user).toMatchObject({ name: 'Tom Okafor', borough: 'Camden' });
    raw.socket.close();
  });
});

describe('revocation reaches open connections', () => {
  const newCamdenEditor = (email: string) => inviteToProcurement(world.editor, room, email, 'editor', 'another long password');

  it('removing a member closes their connection within 5 seconds', async () => {
    const person = await newCamdenEditor('removed@camden.demo');
    const client = live(person);
    await waitForSync(client);
    const started = Date.now();
    expect((await world.lead.request('DELETE', `/api/procurements/${room}/members/${person.id}`)).status).toBe(200);
    await waitFor(() => client.closes.some((c) => c.code === CloseCode.accessRemoved), { timeout: 5000, what: 'the close' });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(client.provider.shouldConnect).toBe(false);
  });

  it('demoting an editor to viewer makes their connection read-only', async () => {
    const person = await newCamdenEditor('demoted@camden.demo');
    const client = live(person);
    await waitForSync(client);
    client.doc.getText('demotion').insert(0, 'before. ');
    await waitFor(() => loggedAuthors().at(-1) === person.id);
    await world.editor.patch(`/api/procurements/${room}/members/${person.id}`, { role: 'viewer' });
    await waitFor(() => client.closes.some((c) => c.code === CloseCode.rightsChanged), { timeout: 5000, what: 'the close' });
    await waitForSync(client);
    const before = loggedAuthors().length;
    client.doc.getText('demotion').insert(0, 'after. ');
    await barrier(client);
    expect(loggedAuthors()).toHaveLength(before);
  });

  it('removing a borough closes its members’ connections', async () => {
    const created = await world.lead.post('/api/procurements', { title: 'Temporary joint buy' });
    const id: string = created.body.id;
    await world.lead.post(`/api/procurements/${id}/boroughs`, { boroughId: 'camden', role: 'partner' });
    await world.lead.post(`/api/procurements/${id}/members`, { email: 'editor@camden.demo', role: 'editor' });
    const client = live(world.editor, id);
    await waitForSync(client);
    await world.lead.request('DELETE', `/api/procurements/${id}/boroughs/camden`);
    await waitFor(() => client.closes.some((c) => c.code === CloseCode.accessRemoved), { timeout: 5000, what: 'the close' });
  });

  it('signing out closes that session’s connections within 1 second', async () => {
    const person = await signIn(world.server.url, 'lead@hackney.demo');
    const client = live(person);
    await waitForSync(client);
    const started = Date.now();
    await person.post('/api/auth/logout');
    await waitFor(() => client.closes.some((c) => c.code === CloseCode.signedOut), { timeout: 1000, what: 'the close' });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('a password change closes the other sessions’ connections within 1 second, not this one’s', async () => {
    const person = await newCamdenEditor('changer@camden.demo');
    const elsewhere = await signIn(world.server.url, 'changer@camden.demo', 'another long password');
    const here = live(person);
    const there = live(elsewhere);
    await Promise.all([waitForSync(here), waitForSync(there)]);
    const changed = await person.post('/api/auth/password', {
      currentPassword: 'another long password',
      newPassword: 'a brand new long password',
    });
    expect(changed.status).toBe(200);
    await waitFor(() => there.closes.some((c) => c.code === CloseCode.signedOut), { timeout: 1000, what: 'the close' });
    expect(here.closes).toEqual([]);
  });
});
