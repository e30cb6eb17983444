/**
 * The whole app on one PostgreSQL database shared by two servers (with Redis between
 * them), as a load balancer would spread one person's requests: started together on a
 * fresh database, they seed the demo once; a session begun on one is honoured by the
 * other and ended on both; what is created, named or counted on one is there on the
 * other.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { plainText, specificationOf } from '../../shared/doc-layout.js';
import { newSuggestionId } from '../../shared/suggestions.js';
import { openPostgresStore } from '../src/collab/postgres-store.js';
import { documentFromStore } from '../src/collab/room.js';
import { requirementNumbered } from '../src/demo/specification.js';
import { CloseCode } from '../../shared/close-codes.js';
import type { NamedVersions } from '../../shared/history.js';
import { runAdminCli } from './support/admin-cli.js';
import { ApiClient, signIn } from './support/api.js';
import { barrier, clientPool, waitFor, waitForSync, type TestClient } from './support/clients.js';
import { holdDocumentHead } from './support/document-head.js';
import { startTestPostgres, type TestPostgres } from './support/postgres.js';
import { startTestRedis, type TestRedis } from './support/redis.js';
import { eventually } from './support/server-group.js';
import { TestClock } from './support/test-clock.js';
import { startTestServer, type TestServer } from './support/test-server.js';

let postgres: TestPostgres;
let redis: TestRedis;
let databaseUrl: string;
let first: TestServer;
let second: TestServer;
const clients = clientPool();
/** Failed sign-ins allowed per account: small, so the test reaches it quickly. */
const perAccount = 3;

beforeAll(async () => {
  [postgres, redis] = await Promise.all([startTestPostgres(), startTestRedis()]);
  databaseUrl = await postgres.createDatabase();
  const clock = new TestClock();
  // Every server signs the record with the deployment's one key.
  const recordSigningKey = randomBytes(32);
  const start = () =>
    startTestServer({
      demo: true,
      clock,
      config: {
        sharedDocuments: { databaseUrl, redisUrl: redis.url, catchUpEveryMs: 300 },
        recordSigningKey,
        loginLimits: { perAccount, perAddress: 100, windowMs: 15 * 60_000 },
        // Long, so that what closes a live connection in these tests is the message between servers.
        liveSessionCheckMs: 60_000,
      },
    });
  // Together, as servers of one deployment start: each finds an empty database.
  [first, second] = await Promise.all([start(), start()]);
}, 120_000);

afterAll(async () => {
  clients.closeAll();
  await Promise.all([first?.remove(), second?.remove()]);
  await Promise.all([postgres?.stop(), redis?.stop()]);
});

/** One row of a query on the shared database. */
async function queryOne<T>(text: string): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(text)).rows[0] as T;
  } finally {
    await client.end();
  }
}

/** Appends `word` to the specification's first text straight to the shared log, as a server would commit it. */
async function appendAsAnotherServer(procurementId: string, authorId: string, word: string): Promise<void> {
  const store = await openPostgresStore({ url: databaseUrl, clock: new TestClock() });
  try {
    const stored = await store.load(procurementId);
    const doc = documentFromStore(stored);
    const before = Y.encodeStateVector(doc);
    const text = firstText(specificationOf(doc));
    if (!text) throw new Error('the specification has no text to add to');
    text.insert(text.length, ` ${word}`);
    const update = Y.encodeStateAsUpdate(doc, before);
    const seq = stored.lastSeq + 1;
    await store.append([
      {
        document: procurementId,
        updates: [{ seq, update, authorId, receivedAt: Date.now() }],
        claims: [{ clientId: doc.clientID, userId: authorId, firstSeq: seq }],
      },
    ]);
  } finally {
    await store.close();
  }
}

function firstText(node: Y.XmlFragment | Y.XmlElement): Y.XmlText | null {
  for (const child of node.toArray()) {
    if (child instanceof Y.XmlText) return child;
    const found = firstText(child as Y.XmlElement);
    if (found) return found;
  }
  return null;
}

/** The demo procurement's id, as `person` sees it listed. */
async function demoProcurementId(person: ApiClient): Promise<string> {
  const { procurements } = (await person.get<{ procurements: { id: string; title: string }[] }>('/api/procurements')).body;
  return procurements.find((p) => p.title === 'Housing repairs case management system')!.id;
}

describe('the whole app on PostgreSQL, shared by two servers', () => {
  it('seeds the demo once when both start together on a fresh database, and says so', async () => {
    const { users, procurements } = await queryOne<{ users: string; procurements: string }>(
      'SELECT (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM procurements) AS procurements',
    );
    expect(Number(users)).toBe(4);
    expect(Number(procurements)).toBe(1);
    const seededBy = [first, second].filter((server) => server.logs.some((line) => /(^|\s)demo-seeded\s/.test(line)));
    expect(seededBy).toHaveLength(1);
    const other = seededBy[0] === first ? second : first;
    expect(other.logs.find((line) => line.includes('demo-not-seeded'))).toContain('the database already has accounts');
  });

  it('honours a session begun on one server on the other', async () => {
    const onFirst = await signIn(first.url, 'lead@hackney.demo');
    const onSecond = new ApiClient(second.url);
    onSecond.cookie = onFirst.cookie;
    const me = await onSecond.get<{ user: { name: string } }>('/api/me');
    expect(me.status).toBe(200);
    expect(me.body.user.name).toBe('Priya Shah');
  });

  it('lists on one server a procurement created over HTTP on the other', async () => {
    const onSecond = await signIn(second.url, 'lead@hackney.demo');
    const created = await onSecond.post<{ id: string }>('/api/procurements', { title: 'Parking permits', reference: 'HAC-12' });
    expect(created.status).toBe(201);
    const onFirst = await signIn(first.url, 'lead@hackney.demo');
    const listed = (await onFirst.get<{ procurements: { id: string; title: string }[] }>('/api/procurements')).body.procurements;
    expect(listed.find((p) => p.id === created.body.id)?.title).toBe('Parking permits');
    // Its document was written with the procurement: live sync on the first serves it, and takes an edit after it.
    const live = clients.connect(first.collabUrl, created.body.id, { headers: onFirst.liveHeaders() });
    await waitForSync(live, 20_000);
    const { head } = await queryOne<{ head: number }>(`SELECT last_seq AS head FROM document_heads WHERE document = '${created.body.id}'`);
    expect(Number(head)).toBeGreaterThanOrEqual(1);
  });

  it('closes within a second the live connections, on the other server, of a session signed out on one', async () => {
    const onFirst = await signIn(first.url, 'editor@camden.demo');
    const procurementId = await demoProcurementId(onFirst);
    // The same browser, sent to the other server (whose own origin it then uses).
    const live = clients.connect(second.collabUrl, procurementId, { headers: { origin: second.url, cookie: onFirst.cookie! } });
    await waitForSync(live, 20_000);
    const started = Date.now();
    expect((await onFirst.post('/api/auth/logout')).status).toBe(204);
    await waitFor(() => live.closes.some((c) => c.code === CloseCode.signedOut), { timeout: 1000, what: 'the close on the other server' });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('counts failed sign-ins to an account across both servers', async () => {
    const email = 'viewer@islington.demo';
    const attempt = (server: TestServer, password: string) => new ApiClient(server.url).post('/api/auth/login', { email, password });
    expect((await attempt(first, 'not-the-password')).status).toBe(401);
    expect((await attempt(second, 'not-the-password')).status).toBe(401);
    expect((await attempt(first, 'not-the-password')).status).toBe(401);
    // The limit is reached on neither server alone: even the right password is refused now, on both.
    expect((await attempt(second, 'jointly-demo-2026')).status).toBe(429);
    expect((await attempt(first, 'jointly-demo-2026')).status).toBe(429);
  });

  it('shows on one server a version named on the other', async () => {
    const onFirst = await signIn(first.url, 'lead@hackney.demo');
    const path = `/api/procurements/${await demoProcurementId(onFirst)}/history/named`;
    const { latestSeq } = (await onFirst.get<NamedVersions>(path)).body;
    const named = await onFirst.post(path, { seq: latestSeq, name: 'Named on the first server' });
    expect(named.status).toBe(201);
    const onSecond = await signIn(second.url, 'editor@camden.demo');
    const seen = (await onSecond.get<NamedVersions>(path)).body.named.map((version) => version.name);
    expect(seen).toContain('Named on the first server');
  });

  it('restores on one server with its act on the shared record, naming the change the other server serves', async () => {
    const onFirst = await signIn(first.url, 'lead@hackney.demo');
    const id = await demoProcurementId(onFirst);
    const restored = await onFirst.post<{ latestSeq: number }>(`/api/procurements/${id}/history/restore`, { seq: 1 });
    expect(restored.status).toBe(200);
    const act = await queryOne<{ entry: string }>(
      `SELECT entry FROM record_entries WHERE procurement_id = '${id}' AND entry LIKE '%"specification.restored"%'`,
    );
    expect(JSON.parse(act.entry)).toMatchObject({
      action: 'specification.restored',
      details: { restoredTo: 1, change: restored.body.latestSeq },
    });
    const onSecond = await signIn(second.url, 'editor@camden.demo');
    await eventually(async () => {
      const timeline = (await onSecond.get<{ latestSeq: number }>(`/api/procurements/${id}/history`)).body;
      return timeline.latestSeq >= restored.body.latestSeq;
    }, 'the other server to serve the restore');
  });

  it('finds the demo’s words through the search index both servers share', async () => {
    const person = await signIn(second.url, 'lead@hackney.demo');
    await eventually(async () => {
      const search = await person.get<{ results: unknown[] }>('/api/search?q=appointment%20slots');
      return search.status === 200 && search.body.results.length > 0;
    }, 'the demo to be indexed and found');
  });

  it('indexes for search what another server committed to a document open here, even when that server never indexed it', async () => {
    const lead = await signIn(first.url, 'lead@hackney.demo');
    const id = await demoProcurementId(lead);
    // The document is open on both servers.
    const onFirst = clients.connect(first.collabUrl, id, { headers: lead.liveHeaders() });
    const onSecond = clients.connect(second.collabUrl, id, { headers: { origin: second.url, cookie: lead.cookie! } });
    await Promise.all([waitForSync(onFirst), waitForSync(onSecond)]);
    // A third server commits a word and stops before its own re-index: only the log has it.
    const me = (await lead.get<{ user: { id: string } }>('/api/me')).body.user;
    await appendAsAnotherServer(id, me.id, 'quokkaproof');
    await eventually(async () => {
      const found = await lead.get<{ results: unknown[] }>('/api/search?q=quokkaproof');
      return found.status === 200 && found.body.results.length > 0;
    }, 'a server holding the document to index the word');
  });

  it('puts on record once a suggestion that one person accepts in two tabs on two servers at the same moment', async () => {
    const tom = await signIn(first.url, 'editor@camden.demo');
    const priya = await signIn(first.url, 'lead@hackney.demo');
    const id = await demoProcurementId(priya);
    const tomsTab = clients.connect(first.collabUrl, id, { headers: tom.liveHeaders() });
    const onFirst = clients.connect(first.collabUrl, id, { headers: priya.liveHeaders() });
    const onSecond = clients.connect(second.collabUrl, id, { headers: { origin: second.url, cookie: priya.cookie! } });
    await Promise.all([tomsTab, onFirst, onSecond].map((tab) => waitForSync(tab)));
    const tomId = (await tom.get<{ user: { id: string } }>('/api/me')).body.user.id;
    const suggestion = (tag: string, n: number) => ({ id: newSuggestionId(tomId, 1_000 + n, tag), words: ` ${tag}-tab-words` });
    const [atOnce, onFirstLater, onSecondLater] = [suggestion('both', 0), suggestion('first', 1), suggestion('second', 2)];
    const differently = suggestion('apart', 3);
    const textOf = (tab: TestClient) => (requirementNumbered(tab.doc, 1).get(0) as Y.XmlElement).get(0) as Y.XmlText;
    tomsTab.doc.transact(() => {
      for (const { id: suggestionId, words } of [atOnce, onFirstLater, onSecondLater, differently]) {
        textOf(tomsTab).insert(textOf(tomsTab).length, words, { insertion: { id: suggestionId } });
      }
    });
    await barrier(tomsTab);
    await waitFor(() => [onFirst, onSecond].every((tab) => plainText(textOf(tab)).includes(onSecondLater.words)), {
      what: 'both tabs to hold Tom’s suggestions',
    });
    const accept = (tab: TestClient, words: string) =>
      textOf(tab).format(plainText(textOf(tab)).indexOf(words), words.length, { insertion: null });

    const reject = (tab: TestClient, words: string) => textOf(tab).delete(plainText(textOf(tab)).indexOf(words), words.length);

    // Neither server can commit before both have applied the decisions: each decides them.
    const held = await holdDocumentHead(databaseUrl, id);
    try {
      accept(onFirst, atOnce.words);
      accept(onSecond, atOnce.words);
      accept(onFirst, differently.words);
      reject(onSecond, differently.words);
      await held.writersWaiting(2);
    } finally {
      await held.release();
    }
    await Promise.all([barrier(onFirst), barrier(onSecond)]);
    // Each server records its decisions in the order of its commits: once a later one is
    // on record on both, the acceptance at once has been recorded, or passed over, on both.
    accept(onFirst, onFirstLater.words);
    accept(onSecond, onSecondLater.words);
    await Promise.all([barrier(onFirst), barrier(onSecond)]);
    const decisionsOf = async (suggestionId: string) =>
      (await queryOne<{ n: number }>(`SELECT count(*)::int AS n FROM suggestion_decisions WHERE suggestion_id = '${suggestionId}'`)).n;
    await eventually(
      async () => (await decisionsOf(onFirstLater.id)) === 1 && (await decisionsOf(onSecondLater.id)) === 1,
      'both servers to record their later decisions',
    );
    expect(await decisionsOf(atOnce.id)).toBe(1);
    // Accepted on one server and rejected on the other: the merged text has lost the words,
    // so the rejection is on record (the acceptance too, if its record was written first).
    for (const tab of [onFirst, onSecond]) {
      await waitFor(() => !plainText(textOf(tab)).includes(differently.words), { what: 'the words gone in both tabs' });
    }
    const outcomes = await queryOne<{ outcomes: string }>(
      `SELECT string_agg(outcome, ',' ORDER BY seq, id) AS outcomes FROM suggestion_decisions WHERE suggestion_id = '${differently.id}'`,
    );
    expect(['rejected', 'accepted,rejected']).toContain(outcomes.outcomes);
    const acts = await queryOne<{ n: number }>(
      `SELECT count(*)::int AS n FROM record_entries WHERE procurement_id = '${id}' AND entry LIKE '%${atOnce.id}%'`,
    );
    expect(acts.n).toBe(1);
  });

  it('reports PostgreSQL as the database in /healthz', async () => {
    const response = await fetch(`${second.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', database: 'writable', postgres: 'reachable' });
  });

  it('lets the admin tool work on the shared database: an account it removes is signed out and refused on both servers', async () => {
    const outsider = await signIn(second.url, 'outsider@croydon.demo');
    const env = { DATABASE_URL: databaseUrl };
    const listed = await runAdminCli(first.databasePath, ['list-users', '--borough', 'croydon'], '', env);
    expect(listed.stdout).toContain('outsider@croydon.demo\tSam Reid');
    const removed = await runAdminCli(first.databasePath, ['remove-access', '--email', 'outsider@croydon.demo'], '', env);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toContain('Access removed for outsider@croydon.demo; 1 session(s) ended.');
    expect((await outsider.get('/api/me')).status).toBe(401);
    for (const server of [first, second]) {
      const again = await new ApiClient(server.url).post('/api/auth/login', {
        email: 'outsider@croydon.demo',
        password: 'jointly-demo-2026',
      });
      expect(again.status).toBe(403);
    }
  });

  it('closes at once, on every server, the live connections of the sessions the admin tool ends', async () => {
    const lead = 'lead@hackney.demo';
    const signedIn = [await signIn(first.url, lead), await signIn(second.url, lead)];
    const procurementId = await demoProcurementId(signedIn[0]!);
    const live = [first, second].map((server, i) =>
      clients.connect(server.collabUrl, procurementId, { headers: { origin: server.url, cookie: signedIn[i]!.cookie! } }),
    );
    await Promise.all(live.map((connection) => waitForSync(connection, 20_000)));

    const env = { DATABASE_URL: databaseUrl, REDIS_URL: redis.url };
    const reset = await runAdminCli(first.databasePath, ['reset-password', '--email', lead], 'a new long password\n', env);
    expect(reset.stdout).toMatch(/\d+ session\(s\) ended\. Every server was told to close their live connections\./);
    // Each server checks sessions only every minute here: only the message closes them this soon.
    await waitFor(() => live.every((connection) => connection.closes.some((c) => c.code === CloseCode.signedOut)), {
      timeout: 3000,
      what: 'both servers to close the lead’s live connections',
    });
  });

  it('says so when the admin tool cannot reach Redis, and still ends the sessions', async () => {
    const lead = await signIn(second.url, 'lead@hackney.demo', 'a new long password');
    const env = { DATABASE_URL: databaseUrl, REDIS_URL: 'redis://127.0.0.1:1' };
    const reset = await runAdminCli(first.databasePath, ['reset-password', '--email', 'lead@hackney.demo'], 'another long password\n', env);
    expect(reset.code).toBe(0);
    expect(reset.stdout).toContain(
      '1 session(s) ended. Redis could not be reached: each server closes their live connections at its next check',
    );
    expect((await lead.get('/api/me')).status).toBe(401);
  });
});
