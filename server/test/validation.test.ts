/**
 * Bad requests: wrong types, missing fields, over-long strings, unknown ids, broken
 * JSON, huge bodies. Each gets a 400 (or 404/413) with a message, and changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoWorld, type DemoWorld } from './support/demo-world.js';

let world: DemoWorld;
let path: string;
beforeAll(async () => {
  world = await startDemoWorld();
  path = `/api/procurements/${world.procurementId}`;
});
afterAll(async () => world.server.remove());

/** A fingerprint of every table, to prove a refused request changed nothing. */
function snapshot(): string {
  const tables = world.server.db.sqlite
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('sessions', 'login_failures', 'kysely_migration', 'kysely_migration_lock')",
    )
    .all() as { name: string }[];
  return JSON.stringify(tables.map(({ name }) => world.server.db.sqlite.prepare(`SELECT * FROM ${name}`).all()));
}

const long = (n: number) => 'x'.repeat(n);

describe.each([
  ['POST', '/api/auth/login', {}, 'email'],
  ['POST', '/api/auth/login', { email: 42, password: 'x' }, 'email'],
  ['POST', '/api/auth/login', { email: 'lead@hackney.demo', password: long(257) }, 'password'],
  ['POST', '/api/auth/login', { email: 'lead@hackney.demo', password: 'x', admin: true }, '_'],
  ['POST', '/api/procurements', {}, 'title'],
  ['POST', '/api/procurements', { title: long(201) }, 'title'],
  ['POST', '/api/procurements', { title: 'Fine', phase: 'dreaming' }, 'phase'],
  ['POST', '/api/procurements', { title: 'Fine', reference: 12 }, 'reference'],
  ['PATCH', 'PROC', {}, '_'],
  ['PATCH', 'PROC', { title: '' }, 'title'],
  ['POST', 'PROC/boroughs', { boroughId: 'atlantis', role: 'partner' }, 'boroughId'],
  ['POST', 'PROC/boroughs', { boroughId: 'lambeth', role: 'lead' }, 'role'],
  ['POST', 'PROC/members', { email: 'nobody@nowhere.demo', role: 'editor' }, 'email'],
  ['POST', 'PROC/members', { email: 'not-an-email', role: 'editor' }, 'email'],
  ['POST', 'PROC/members', { email: 'editor@camden.demo', role: 'emperor' }, 'role'],
  ['POST', 'PROC/invitations', { email: 'a@hackney.demo' }, 'role'],
  ['POST', 'PROC/invitations', { email: `${long(250)}@hackney.demo`, role: 'viewer' }, 'email'],
])('%s %s %j', (method, rawUrl, body, field) => {
  it(`is refused with 400 naming ${field}, and changes nothing`, async () => {
    const url = rawUrl.replace('PROC', path);
    const before = snapshot();
    const response = await world.lead.request(method, url, body);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalid');
    expect(response.body.error.message.length).toBeGreaterThan(5);
    expect(Object.keys(response.body.error.fields ?? { _: '' })).toContain(field);
    expect(snapshot()).toBe(before);
  });
});

describe('other malformed requests', () => {
  it('a body that is not JSON is a 400', async () => {
    const before = snapshot();
    const response = await world.lead.request('POST', '/api/procurements', '{"title": ', { 'content-type': 'application/json' });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(/JSON/);
    expect(snapshot()).toBe(before);
  });

  it('a body over 64 KiB is a 413', async () => {
    const before = snapshot();
    const response = await world.lead.request('POST', '/api/procurements', { title: 'Big', summary: long(70_000) });
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('too_large');
    expect(snapshot()).toBe(before);
  });

  it('unknown ids in the address are 404, with a message', async () => {
    const before = snapshot();
    for (const [method, url, body] of [
      ['PATCH', `${path}/members/zzzzzzzzzzzzzzzzzzzzzzzz`, { role: 'viewer' }],
      ['DELETE', `${path}/members/zzzzzzzzzzzzzzzzzzzzzzzz`],
      ['PATCH', `${path}/boroughs/atlantis`, { role: 'observer' }],
      ['DELETE', `${path}/invitations/zzzzzzzzzzzzzzzzzzzzzzzz`],
      ['GET', '/api/procurements/NOT-AN-ID'],
      ['GET', '/api/no/such/thing'],
    ] as const) {
      const response = await world.lead.request(method, url, body);
      expect(response.status, `${method} ${url}`).toBe(404);
      expect(response.body.error.message.length).toBeGreaterThan(5);
    }
    expect(snapshot()).toBe(before);
  });
});
