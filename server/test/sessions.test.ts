/**
 * Sessions: expiry after inactivity and after the absolute lifetime, renewal by use
 * (and by an open workspace tab), sign-out, password change, and what is stored.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CloseCode } from '../../shared/close-codes.js';
import { ApiClient, signIn } from './support/api.js';
import { clientPool, connectClient, waitFor, waitForSync } from './support/clients.js';
import { startTestServer, type TestServer } from './support/test-server.js';

let server: TestServer;
const clients = clientPool();
afterEach(async () => {
  clients.closeAll();
  await server?.remove();
});

const minutes = 60_000;
const hours = 60 * minutes;

async function startWithPolicy(idleTimeoutMs: number, absoluteLifetimeMs: number) {
  server = await startTestServer({ demo: true, config: { sessions: { idleTimeoutMs, absoluteLifetimeMs }, liveSessionCheckMs: 50 } });
}

/** When the session row was last marked active, by the server's clock. */
const lastActiveAt = (client: ApiClient) => {
  const id = client.cookie!.split('=')[1]!.split('.')[0];
  return (server.db.sqlite.prepare('SELECT last_active_at AS at FROM sessions WHERE id = ?').get(id) as { at: number } | undefined)?.at;
};

describe('expiry and renewal', () => {
  it('ends a session after the inactivity timeout', async () => {
    await startWithPolicy(30 * minutes, 12 * hours);
    const lead = await signIn(server.url, 'lead@hackney.demo');
    server.clock.advance(29 * minutes);
    expect((await lead.get('/api/me')).status).toBe(200);
    server.clock.advance(30 * minutes + 1);
    expect((await lead.get('/api/me')).status).toBe(401);
  });

  it('renews with use, but never past the absolute lifetime', async () => {
    await startWithPolicy(30 * minutes, 2 * hours);
    const lead = await signIn(server.url, 'lead@hackney.demo');
    // A request every 20 minutes keeps it alive for the whole lifetime…
    for (let elapsed = 0; elapsed < 2 * hours - 20 * minutes; elapsed += 20 * minutes) {
      server.clock.advance(20 * minutes);
      expect((await lead.get('/api/me')).status).toBe(200);
    }
    // …and not a moment longer.
    server.clock.advance(20 * minutes);
    expect((await lead.get('/api/me')).status).toBe(401);
  });

  it('counts an open workspace tab as activity, and closes it when the lifetime ends', async () => {
    await startWithPolicy(30 * minutes, 2 * hours);
    const lead = await signIn(server.url, 'lead@hackney.demo');
    const id = (await lead.get('/api/procurements')).body.procurements[0].id;
    const tab = connectClient(server.collabUrl, id, { headers: lead.liveHeaders() });
    clients.adopt(tab);
    await waitForSync(tab);
    // Three idle timeouts without a request, but the tab stays open: each check of the
    // open connections marks the session active.
    for (let step = 0; step < 6; step++) {
      server.clock.advance(15 * minutes);
      const now = server.clock.now();
      await waitFor(() => (lastActiveAt(lead) ?? 0) >= now, { what: 'the open tab to count as activity' });
    }
    expect((await lead.get('/api/me')).status).toBe(200);
    server.clock.advance(30 * minutes);
    await waitFor(() => tab.closes.some((c) => c.code === CloseCode.signedOut), { timeout: 3000, what: 'the close at the lifetime' });
    expect((await lead.get('/api/me')).status).toBe(401);
  });
});

describe('signing in and out', () => {
  it('gives a new token at every sign-in and ends the previous one in that browser', async () => {
    server = await startTestServer({ demo: true });
    const browser = await signIn(server.url, 'lead@hackney.demo');
    const first = browser.cookie;
    await browser.login('lead@hackney.demo', 'jointly-demo-2026');
    expect(browser.cookie).not.toBe(first);
    const stale = new ApiClient(server.url);
    stale.cookie = first;
    expect((await stale.get('/api/me')).status).toBe(401);
    expect((await browser.get('/api/me')).status).toBe(200);
  });

  it('sign-out ends the session; the token no longer works', async () => {
    server = await startTestServer({ demo: true });
    const lead = await signIn(server.url, 'lead@hackney.demo');
    const token = lead.cookie;
    const out = await lead.post('/api/auth/logout');
    expect(out.status).toBe(204);
    expect(lead.cookie).toBeNull();
    const replay = new ApiClient(server.url);
    replay.cookie = token;
    expect((await replay.get('/api/me')).status).toBe(401);
  });

  it('sets the cookie HttpOnly, SameSite=Lax, Path=/ (and Secure with __Host- over https)', async () => {
    server = await startTestServer({ demo: true });
    const response = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { origin: server.url, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'lead@hackney.demo', password: 'jointly-demo-2026' }),
    });
    const cookie = response.headers.getSetCookie()[0]!;
    expect(cookie).toMatch(/^jointly_session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/);
    await server.remove();

    server = await startTestServer({ demo: true, config: { secureCookies: true, allowedOrigins: ['https://jointly.example.gov.uk'] } });
    const secure = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { origin: 'https://jointly.example.gov.uk', 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'lead@hackney.demo', password: 'jointly-demo-2026' }),
    });
    const secureCookie = secure.headers.getSetCookie()[0]!;
    expect(secureCookie).toMatch(/^__Host-jointly_session=/);
    expect(secureCookie).toMatch(/Secure/);
    expect(secureCookie).toMatch(/Path=\//);
    expect(secureCookie).not.toMatch(/Domain=/);
  });

  it('stores only a hash of the secret, and the stored hash does not authenticate', async () => {
    server = await startTestServer({ demo: true });
    const lead = await signIn(server.url, 'lead@hackney.demo');
    const token = lead.cookie!.split('=')[1]!;
    const [id, secret] = token.split('.');
    expect(secret!.length).toBeGreaterThanOrEqual(26); // 160 bits in base32
    const row = server.db.sqlite.prepare('SELECT * FROM sessions WHERE id = ?').get(id) as Record<string, unknown>;
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(secret);
    const hash = Buffer.from(row.secret_hash as Uint8Array);
    for (const forged of [`${id}.${hash.toString('hex')}`, `${id}.${hash.toString('base64')}`, `${id}.`, id!]) {
      const attacker = new ApiClient(server.url);
      attacker.cookie = `jointly_session=${forged}`;
      expect((await attacker.get('/api/me')).status).toBe(401);
    }
  });
});

describe('changing a password', () => {
  it('asks for the current password, then ends every other session', async () => {
    server = await startTestServer({ demo: true });
    const here = await signIn(server.url, 'editor@camden.demo');
    const there = await signIn(server.url, 'editor@camden.demo');
    const wrong = await here.post('/api/auth/password', { currentPassword: 'not it', newPassword: 'a perfectly good passphrase' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.fields.currentPassword).toBeDefined();
    const short = await here.post('/api/auth/password', { currentPassword: 'jointly-demo-2026', newPassword: 'short' });
    expect(short.status).toBe(400);
    expect(short.body.error.fields.newPassword).toMatch(/12 characters/);

    const ok = await here.post('/api/auth/password', { currentPassword: 'jointly-demo-2026', newPassword: 'a perfectly good passphrase' });
    expect(ok.status).toBe(200);
    expect(ok.body.otherSessionsEnded).toBe(1);
    expect((await here.get('/api/me')).status).toBe(200);
    expect((await there.get('/api/me')).status).toBe(401);
    expect(
      (await new ApiClient(server.url).post('/api/auth/login', { email: 'editor@camden.demo', password: 'jointly-demo-2026' })).status,
    ).toBe(401);
    await signIn(server.url, 'editor@camden.demo', 'a perfectly good passphrase');
  });
});
