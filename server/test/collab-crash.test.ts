/**
 * A power cut: the server process is killed with SIGKILL in the middle of a burst of
 * edits. Everything any other client had received is on disk afterwards, and edits made
 * while the server was down reach everyone once it is back.
 */
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { signIn } from './support/api.js';
import { clientPool, connectClient, waitFor, waitForSync } from './support/clients.js';
import { freePort, spawnServer, type ServerProcess } from './support/server-process.js';
import { makeTempDir } from './support/test-server.js';

const clients = clientPool();
const processes: ServerProcess[] = [];
const dirs: string[] = [];

afterEach(async () => {
  clients.closeAll();
  for (const p of processes.splice(0)) if (p.child.exitCode === null) await p.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tokensIn(text: string): Set<string> {
  return new Set(text.match(/<[^>]+>/g) ?? []);
}

/** One trial: burst, SIGKILL at a random moment, offline edits, restart, converge. */
async function crashTrial(server: ServerProcess, restart: () => Promise<ServerProcess>, trial: number) {
  // As people use it: two signed-in colleagues in a procurement created for the trial.
  const lead = await signIn(server.url, 'lead@hackney.demo');
  const created = await lead.post('/api/procurements', { title: `Crash trial ${trial}` });
  expect(created.status).toBe(201);
  const room: string = created.body.id;
  const writer = connectClient(server.collabUrl, room, { headers: lead.liveHeaders() });
  const observer = connectClient(server.collabUrl, room, { headers: lead.liveHeaders() });
  clients.adopt(writer);
  clients.adopt(observer);
  await Promise.all([waitForSync(writer), waitForSync(observer)]);

  let typing = true;
  let n = 0;
  const burst = (async () => {
    while (typing) {
      writer.doc.getText('text').insert(writer.doc.getText('text').length, `<w${trial}-${n++}>`);
      await new Promise((resolve) => setImmediate(resolve));
    }
  })();
  await waitFor(() => observer.doc.getText('text').length > 200, { what: 'the burst to reach the observer' });
  await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 250));
  await server.kill('SIGKILL');
  typing = false;
  await burst;
  // What the observer had received by the time its connection dropped.
  await waitFor(() => !observer.provider.wsconnected, { what: 'the observer to notice' });
  const received = tokensIn(observer.doc.getText('text').toString());
  expect(received.size).toBeGreaterThan(10);

  // Both keep editing while the server is down.
  writer.doc.getText('text').insert(0, '<writer-offline>');
  observer.doc.getText('text').insert(0, '<observer-offline>');

  const restarted = await restart();
  const fresh = connectClient(restarted.collabUrl, room, { headers: lead.liveHeaders() });
  clients.adopt(fresh);
  await waitForSync(fresh);
  const recovered = tokensIn(fresh.doc.getText('text').toString());
  for (const token of received) expect(recovered.has(token), `${token} survived the kill`).toBe(true);

  // The reconnected clients' offline edits reach everyone.
  const everyoneHas = (token: string) => [writer, observer, fresh].every((c) => c.doc.getText('text').toString().includes(token));
  await waitFor(() => everyoneHas('<writer-offline>') && everyoneHas('<observer-offline>'), {
    what: 'offline edits to reach everyone',
    timeout: 15_000,
  });
  const texts = [writer, observer, fresh].map((c) => c.doc.getText('text').toString());
  await waitFor(() => new Set([writer, observer, fresh].map((c) => c.doc.getText('text').toString())).size === 1, {
    what: 'all three to converge',
  });
  // Close this trial's tabs, as a person would, before the next trial opens new ones.
  for (const client of [writer, observer, fresh]) client.destroy();
  return { sent: n, received: received.size, texts };
}

it('loses nothing anyone had received when the server is killed mid-burst, ten times', async () => {
  const dir = makeTempDir();
  dirs.push(dir);
  const databasePath = join(dir, 'jointly.sqlite');
  const port = await freePort();
  const start = async () => {
    const p = await spawnServer({ port, databasePath });
    processes.push(p);
    return p;
  };
  let server = await start();
  for (let trial = 0; trial < 10; trial++) {
    const result = await crashTrial(server, async () => (server = await start()), trial);
    console.log(`trial ${trial}: ${result.sent} updates sent, ${result.received} received before the kill, all on disk`);
  }
  await server.kill('SIGTERM');
  const db = new Database(databasePath, { readonly: true });
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  db.close();
}, 240_000);
