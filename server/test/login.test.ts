/**
 * Signing in: the same answer for an unknown email and a wrong password, and the limit
 * on failed attempts per account and per address (X-Forwarded-For believed only from a
 * trusted proxy).
 */
import { afterEach, expect, it } from 'vitest';
import { passwordVerifications } from '../src/auth/passwords.js';
import { ApiClient } from './support/api.js';
import { startTestServer, type TestServer } from './support/test-server.js';

let server: TestServer;
afterEach(async () => server?.remove());

function attempt(client: ApiClient, email: string, password: string, forwardedFor?: string) {
  return client.request('POST', '/api/auth/login', { email, password }, forwardedFor ? { 'x-forwarded-for': forwardedFor } : {});
}

it('answers an unknown email and a wrong password alike, after the same work', async () => {
  server = await startTestServer({ demo: true });
  const client = new ApiClient(server.url);
  const attemptCountingHashes = async (email: string) => {
    const before = passwordVerifications();
    const response = await attempt(client, email, 'wrong password entirely');
    return { response, verifications: passwordVerifications() - before };
  };
  const unknown = await attemptCountingHashes('nobody@nowhere.demo');
  const wrong = await attemptCountingHashes('lead@hackney.demo');
  expect(unknown.response.status).toBe(401);
  expect(wrong.response.status).toBe(401);
  expect(unknown.response.body).toEqual(wrong.response.body);
  // Both spent one argon2id verification (tens of milliseconds), not a quick "no such user".
  expect(unknown.verifications).toBe(1);
  expect(wrong.verifications).toBe(1);
});

it('allows 10 failed attempts per account in 15 minutes, then answers 429 with Retry-After', async () => {
  server = await startTestServer({ demo: true });
  const client = new ApiClient(server.url);
  for (let i = 0; i < 10; i++) expect((await attempt(client, 'lead@hackney.demo', `guess ${i}`)).status).toBe(401);
  const limited = await attempt(client, 'LEAD@hackney.demo', 'jointly-demo-2026');
  expect(limited.status).toBe(429);
  expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(800);
  expect(limited.body.error.message).toMatch(/Too many failed attempts/);
  // Other accounts are not affected.
  expect((await attempt(client, 'editor@camden.demo', 'jointly-demo-2026')).status).toBe(200);
});

it('ignores a client-sent X-Forwarded-For when no proxy is trusted', async () => {
  server = await startTestServer({ demo: true, config: { loginLimits: { perAccount: 10, perAddress: 3, windowMs: 900_000 } } });
  const client = new ApiClient(server.url);
  for (let i = 0; i < 3; i++) {
    expect((await attempt(client, `person${i}@nowhere.demo`, 'wrong', `203.0.113.${i}`)).status).toBe(401);
  }
  expect((await attempt(client, 'person9@nowhere.demo', 'wrong', '198.51.100.7')).status).toBe(429);
});

it('believes X-Forwarded-For from a trusted proxy', async () => {
  server = await startTestServer({
    demo: true,
    config: { loginLimits: { perAccount: 10, perAddress: 3, windowMs: 900_000 }, trustedProxies: ['127.0.0.1'] },
  });
  const client = new ApiClient(server.url);
  for (let i = 0; i < 5; i++) {
    expect((await attempt(client, `person${i}@nowhere.demo`, 'wrong', `203.0.113.${i}`)).status).toBe(401);
  }
  for (let i = 0; i < 3; i++) await attempt(client, `again${i}@nowhere.demo`, 'wrong', '198.51.100.7');
  expect((await attempt(client, 'again9@nowhere.demo', 'wrong', '198.51.100.7')).status).toBe(429);
});

it('holds the limit under 200 wrong passwords sent at once: at most 10 are checked, the rest get 429', async () => {
  server = await startTestServer({ demo: true });
  const client = new ApiClient(server.url);
  const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => attempt(client, 'lead@hackney.demo', `parallel guess ${i}`)));
  const statuses = answers.map((a) => a.status);
  expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(10);
  expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(190);
  expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
  // The right password is refused too until the window has passed…
  expect((await attempt(client, 'lead@hackney.demo', 'jointly-demo-2026')).status).toBe(429);
  // …and accepted after it.
  server.clock.advance(15 * 60_000 + 1);
  expect((await attempt(client, 'lead@hackney.demo', 'jointly-demo-2026')).status).toBe(200);
});

it('holds the same limit on changing a password', async () => {
  server = await startTestServer({ demo: true });
  const lead = await new ApiClient(server.url).login('lead@hackney.demo', 'jointly-demo-2026');
  const answers = await Promise.all(
    Array.from({ length: 60 }, (_, i) =>
      lead.post('/api/auth/password', { currentPassword: `guess number ${i}`, newPassword: 'a brand new passphrase' }),
    ),
  );
  const statuses = answers.map((a) => a.status);
  expect(statuses.filter((s) => s === 400).length).toBeLessThanOrEqual(10);
  expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(50);
});

it('counts IPv6 addresses per /64: a fresh address of the same block does not get a fresh allowance', async () => {
  server = await startTestServer({
    demo: true,
    config: { loginLimits: { perAccount: 10, perAddress: 3, windowMs: 900_000 }, trustedProxies: ['127.0.0.1'] },
  });
  const client = new ApiClient(server.url);
  for (let i = 0; i < 3; i++) {
    expect((await attempt(client, `v6person${i}@nowhere.demo`, 'wrong', `2001:db8:aa:bb::${i + 1}`)).status).toBe(401);
  }
  expect((await attempt(client, 'v6person9@nowhere.demo', 'wrong', '2001:0db8:00aa:00bb:ffff:1:2:3')).status).toBe(429);
  // Another /64 is another network.
  expect((await attempt(client, 'v6person9@nowhere.demo', 'wrong', '2001:db8:aa:bc::1')).status).toBe(401);
});
