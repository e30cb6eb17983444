/**
 * HTTP hardening: security headers on every page and API answer, metrics only for the
 * machine itself or a scraper with the token, and invitation secrets never in an address.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './support/api.js';
import { startDemoWorld, type DemoWorld } from './support/demo-world.js';
import { previewInvitation, tokenOf } from './support/invitations.js';
import { startTestServer } from './support/test-server.js';

const clientDir = fileURLToPath(new URL('../../dist/client/', import.meta.url));
const metricsToken = 'a-metrics-token-of-at-least-32-characters';
let world: DemoWorld;

beforeAll(async () => {
  if (!existsSync(`${clientDir}/index.html`)) throw new Error('Build the client first: npm run build:client');
  world = await startDemoWorld({ config: { clientDir, metricsToken } });
});
afterAll(async () => world.server.remove());

describe('security headers', () => {
  it('every page and API answer says: scripts from the app only, never framed, no sniffing, no referrer', async () => {
    for (const path of ['/', '/procurements', '/sign-in', '/api/me', '/api/boroughs', '/healthz']) {
      const { headers } = await world.lead.get(path);
      const policy = headers.get('content-security-policy') ?? '';
      expect(policy, path).toContain("script-src 'self'");
      expect(policy, path).not.toMatch(/script-src[^;]*unsafe/);
      expect(policy, path).toContain("frame-ancestors 'none'");
      expect(headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(headers.get('referrer-policy'), path).toBe('no-referrer');
      expect(headers.get('strict-transport-security'), path).toBeNull();
    }
    // The page itself carries no inline script the policy would block.
    const page = await world.lead.get('/');
    expect(page.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it('the printable export keeps its own, stricter policy', async () => {
    const { headers } = await world.lead.get(`/api/procurements/${world.procurementId}/export/specification.html`);
    expect(headers.get('content-security-policy')).toMatch(/^default-src 'none'/);
  });

  it('over https, browsers are told to use nothing else (HSTS)', async () => {
    const server = await startTestServer({ config: { secureCookies: true, allowedOrigins: ['https://jointly.example.gov.uk'] } });
    try {
      const { headers } = await new ApiClient(server.url).get('/api/boroughs');
      expect(headers.get('strict-transport-security')).toMatch(/max-age=\d{8}/);
    } finally {
      await server.remove();
    }
  });
});

describe('metrics', () => {
  const metrics = (headers: Record<string, string>) => fetch(`${world.server.url}/metrics`, { headers });

  it('answer the machine itself', async () => {
    const response = await metrics({});
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('jointly_connections');
  });

  it('refuse anyone through a proxy, or with a wrong token', async () => {
    expect((await metrics({ 'x-forwarded-for': '203.0.113.9' })).status).toBe(403);
    expect((await metrics({ authorization: 'Bearer not-the-token-but-just-as-long-as-it' })).status).toBe(403);
    expect((await metrics({ authorization: `Bearer ${metricsToken}x`, 'x-forwarded-for': '203.0.113.9' })).status).toBe(403);
  });

  it('answer a scraper with the token from anywhere', async () => {
    expect((await metrics({ authorization: `Bearer ${metricsToken}`, 'x-forwarded-for': '203.0.113.9' })).status).toBe(200);
  });
});

describe('invitation links', () => {
  it('carry their secret in the fragment, which no server or proxy ever receives; the API takes it in a body', async () => {
    const created = await world.lead.post(`/api/procurements/${world.procurementId}/invitations`, {
      email: 'fragment@hackney.demo',
      role: 'viewer',
    });
    const link = new URL(created.body.link);
    expect(link.pathname).toBe('/invitations');
    expect(link.search).toBe('');
    const token = tokenOf(created.body.link);
    expect(link.pathname + link.search).not.toContain(token.split('.')[1]);
    expect((await previewInvitation(world.server.url, token)).status).toBe(200);
    // The old address form, which put the secret in the path, is gone from the API.
    expect((await world.anonymous.get(`/api/invitations/${token}`)).status).toBe(404);
  });
});
