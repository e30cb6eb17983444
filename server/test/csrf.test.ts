/**
 * Cross-site request forgery: every state-changing route, walked from the server's own
 * route table, refuses a request whose Origin is foreign or missing, and changes nothing.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { tokenOf } from './support/invitations.js';
import { startDemoWorld, type DemoWorld } from './support/demo-world.js';

let world: DemoWorld;
beforeAll(async () => {
  world = await startDemoWorld();
});
afterAll(async () => world.server.remove());

function snapshot(): string {
  const tables = world.server.db.sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .all() as { name: string }[];
  return JSON.stringify(tables.map(({ name }) => world.server.db.sqlite.prepare(`SELECT * FROM ${name}`).all()));
}

it('refuses every state-changing route from a foreign or missing Origin', async () => {
  const invitation = await world.lead.post(`/api/procurements/${world.procurementId}/invitations`, {
    email: 'csrf-target@hackney.demo',
    role: 'viewer',
  });
  const token = tokenOf(invitation.body.link);
  const params: Record<string, string> = {
    id: world.procurementId,
    boroughId: 'camden',
    userId: world.userIds.editor,
    invitationId: invitation.body.id,
    token,
  };
  const stateChanging = world.server.routes.filter(
    (r) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method) && r.path.startsWith('/api/') && !r.path.includes('*'),
  );
  const unique = [...new Map(stateChanging.map((r) => [`${r.method} ${r.path}`, r])).values()];
  expect(unique.length).toBeGreaterThanOrEqual(13);

  const body = {
    email: 'lead@hackney.demo',
    password: 'jointly-demo-2026',
    title: 'Forged',
    role: 'viewer',
    name: 'Forged',
    boroughId: 'lambeth',
    currentPassword: 'jointly-demo-2026',
    newPassword: 'forged forged forged',
  };
  const before = snapshot();
  for (const route of unique) {
    const url = route.path.replace(/:(\w+)/g, (_, name: string) => params[name] ?? name);
    for (const origin of ['https://evil.example', null]) {
      const headers: Record<string, string> = { 'content-type': 'application/json', cookie: world.lead.cookie! };
      if (origin) headers.origin = origin;
      const response = await fetch(`${world.server.url}${url}`, { method: route.method, headers, body: JSON.stringify(body) });
      expect(response.status, `${route.method} ${route.path} from ${origin ?? 'no origin'}`).toBe(403);
    }
  }
  expect(snapshot()).toBe(before);
  // The same requests from the app's own origin are not refused for their origin.
  const own = await world.lead.post('/api/procurements', { title: 'Not forged' });
  expect(own.status).toBe(201);
});
