/**
 * Demo accounts never reach a real deployment, and what the admin CLI revokes from
 * another process reaches open connections within a second.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CloseCode } from '../../shared/close-codes.js';
import { hashPassword } from '../src/auth/passwords.js';
import { createUser } from '../src/auth/users.js';
import { ApiClient, demoPassword, signIn } from './support/api.js';
import { runAdminCli } from './support/admin-cli.js';
import { clientPool, connectClient, waitFor, waitForSync } from './support/clients.js';
import { makeTempDir, startTestServer, type TestServer } from './support/test-server.js';

let server: TestServer | null = null;
const clients = clientPool();
afterEach(async () => {
  clients.closeAll();
  await server?.remove();
  server = null;
});

const count = (s: TestServer, table: string) => (s.db.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('the demo', () => {
  it('is seeded into a database with no accounts, and says so in one log line', async () => {
    server = await startTestServer({ demo: true });
    expect(count(server, 'procurements')).toBe(1);
    const lines = server.logs.filter((line) => line.includes('demo-'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/demo-seeded .*lead@hackney\.demo.*remove-demo/);
  });

  it('is never seeded beside real accounts, even when no procurement exists yet', async () => {
    const dir = makeTempDir();
    server = await startTestServer({ dir, demo: false });
    await createUser(server.services.db, {
      email: 'jo.bloggs@barnet.gov.uk',
      name: 'Jo Bloggs',
      boroughId: 'barnet',
      passwordHash: await hashPassword('a real long password'),
      isBoroughAdmin: true,
    });
    await server.stop();
    server = await startTestServer({ dir, demo: true });
    expect(count(server, 'procurements')).toBe(0);
    expect((await new ApiClient(server.url).post('/api/auth/login', { email: 'lead@hackney.demo', password: demoPassword })).status).toBe(
      401,
    );
    expect(server.logs.some((line) => /demo-not-seeded .*already has accounts/.test(line))).toBe(true);
  });

  it('is never seeded on an https deployment', async () => {
    server = await startTestServer({ demo: true, config: { publicOrigin: 'https://jointly.example.gov.uk' } });
    expect(count(server, 'users')).toBe(0);
    expect(server.logs.some((line) => /demo-not-seeded .*https/.test(line))).toBe(true);
  });

  it('`npm run admin -- remove-demo` removes the demo accounts and their sessions; their procurement stays, attributed', async () => {
    server = await startTestServer({ demo: true });
    const lead = await signIn(server.url, 'lead@hackney.demo');
    const procurementId: string = (await lead.get('/api/procurements')).body.procurements[0].id;
    const tab = connectClient(server.collabUrl, procurementId, { headers: lead.liveHeaders() });
    clients.adopt(tab);
    await waitForSync(tab);
    // The demo comes with a past: its log is not empty to begin with.
    const logged = count(server, 'document_updates');
    tab.doc.getText('notes').insert(0, 'Written by Priya.');
    await waitFor(() => count(server!, 'document_updates') > logged, { what: 'the edit to be logged' });

    const result = await runAdminCli(server.databasePath, ['remove-demo']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Removed the demo accounts: .*lead@hackney\.demo/);
    await waitFor(() => tab.closes.some((c) => c.code === CloseCode.signedOut || c.code === CloseCode.accessRemoved), {
      timeout: 1000,
      what: 'the close',
    });
    expect((await lead.get('/api/me')).status).toBe(401);
    expect((await new ApiClient(server.url).post('/api/auth/login', { email: 'lead@hackney.demo', password: demoPassword })).status).toBe(
      401,
    );
    expect(count(server, 'sessions')).toBe(0);
    // The procurement and what was written in it stay, still under their names.
    expect(count(server, 'procurements')).toBe(1);
    const author = server.db.sqlite
      .prepare('SELECT u.display_name AS name FROM document_updates d JOIN users u ON u.id = d.author_id ORDER BY seq DESC LIMIT 1')
      .get() as { name: string };
    expect(author.name).toBe('Priya Shah');
    expect((await runAdminCli(server.databasePath, ['remove-demo'])).stdout).toMatch(/no demo accounts/);
  });
});

describe('the admin CLI, from another process', () => {
  it('a password reset closes that person’s live connections within 1 second', async () => {
    server = await startTestServer({ demo: true });
    const editor = await signIn(server.url, 'editor@camden.demo');
    const procurementId: string = (await editor.get('/api/procurements')).body.procurements[0].id;
    const tab = connectClient(server.collabUrl, procurementId, { headers: editor.liveHeaders() });
    clients.adopt(tab);
    await waitForSync(tab);
    const result = await runAdminCli(server.databasePath, ['reset-password', '--email', 'editor@camden.demo'], 'a new long password\n');
    expect(result.code).toBe(0);
    await waitFor(() => tab.closes.some((c) => c.code === CloseCode.signedOut), { timeout: 1000, what: 'the close' });
    expect((await editor.get('/api/me')).status).toBe(401);
  });

  it('removing someone’s access closes their live connections within 1 second', async () => {
    server = await startTestServer({ demo: true });
    const editor = await signIn(server.url, 'editor@camden.demo');
    const procurementId: string = (await editor.get('/api/procurements')).body.procurements[0].id;
    const tab = connectClient(server.collabUrl, procurementId, { headers: editor.liveHeaders() });
    clients.adopt(tab);
    await waitForSync(tab);
    const result = await runAdminCli(server.databasePath, ['remove-access', '--email', 'editor@camden.demo']);
    expect(result.code).toBe(0);
    await waitFor(() => tab.closes.some((c) => c.code === CloseCode.signedOut || c.code === CloseCode.accessRemoved), {
      timeout: 1000,
      what: 'the close',
    });
    expect((await new ApiClient(server.url).post('/api/auth/login', { email: 'editor@camden.demo', password: demoPassword })).status).toBe(
      403,
    );
  });
});
