/**
 * Two servers sharing one PostgreSQL log and one Redis (private instances for this
 * file): clients on either server see each other's edits and presence, everyone
 * converges, and a message lost while Redis is away delays an edit but never loses it.
 *
 * The two servers run in this test's process, each on its own loopback port with its
 * own engine, connection pool and Redis connections. Live sync is open to anyone (as the
 * person a `user` parameter names), as in the other tests of the engine alone: what is
 * tested here is the documents' log and presence. The rest of the app's data on the
 * shared database (accounts, sessions, procurements) is tested in
 * several-servers-app.test.ts.
 */
import * as decoding from 'lib0/decoding';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import pg from 'pg';
import type { CommittedUpdate } from '../src/collab/engine.js';
import { liveMessageType } from '../../shared/live-messages.js';
import type { CollabLimits } from '../src/collab/limits.js';
import type { Authorize } from '../src/collab/transport.js';
import { barrier, clientPool, contentOf, roomName, waitFor, waitForSync, type TestClient } from './support/clients.js';
import { holdDocumentHead } from './support/document-head.js';
import { startTestPostgres, type TestPostgres } from './support/postgres.js';
import { eventually, healthOf, storedContent } from './support/server-group.js';
import { startTestRedis, type TestRedis } from './support/redis.js';
import { startTestServer, type TestServer } from './support/test-server.js';

let postgres: TestPostgres;
let redis: TestRedis;
let servers: TestServer[] = [];
const clients = clientPool();

beforeAll(async () => {
  [postgres, redis] = await Promise.all([startTestPostgres(), startTestRedis()]);
});
afterAll(async () => {
  await Promise.all([postgres?.stop(), redis?.stop()]);
});
afterEach(async () => {
  clients.closeAll();
  await Promise.all(servers.map((server) => server.remove()));
  servers = [];
  await redis.start();
});

/** Servers sharing a fresh database and the file's Redis. */
async function startServers(
  count: number,
  catchUpEveryMs = 300,
  limits?: Partial<CollabLimits>,
): Promise<{ servers: TestServer[]; databaseUrl: string }> {
  const databaseUrl = await postgres.createDatabase();
  for (let i = 0; i < count; i++) {
    servers.push(
      await startTestServer({
        authorize: asTheUserNamed,
        limits,
        config: { sharedDocuments: { databaseUrl, redisUrl: redis.url, catchUpEveryMs } },
      }),
    );
  }
  return { servers, databaseUrl };
}

/**
 * Live sync open to anyone, as the person the `user` parameter names (accounts are not
 * yet shared between servers): enough to tell people apart.
 */
const asTheUserNamed: Authorize = (request) => ({
  ok: true,
  grant: { mode: 'read-write', userId: new URL(request.url).searchParams.get('user') },
});

/** The live events (as the workspace gets them) that reach a client from now on. */
function liveEventsOf(client: TestClient): unknown[] {
  const events: unknown[] = [];
  client.provider.ws!.addEventListener('message', (message: MessageEvent) => {
    const decoder = decoding.createDecoder(new Uint8Array(message.data as ArrayBuffer));
    if (decoding.readVarUint(decoder) === liveMessageType.event) events.push(JSON.parse(decoding.readVarString(decoder)));
  });
  return events;
}

/** How many of other servers' updates a server took from messages and from the database, from its /metrics. */
async function fromOtherServers(server: TestServer): Promise<{ message: number; database: number }> {
  const metrics = await (await fetch(`${server.url}/metrics`)).text();
  const count = (via: string) =>
    Number(new RegExp(`^jointly_updates_from_other_servers_total\\{via="${via}"\\} (\\d+)$`, 'm').exec(metrics)?.[1]);
  return { message: count('message'), database: count('database') };
}

async function joined(server: TestServer, room: string, user?: string, doc?: Y.Doc): Promise<TestClient> {
  const client = clients.connect(server.collabUrl, room, { params: user ? { user } : {}, doc });
  await waitForSync(client, 20_000);
  return client;
}

/**
 * Checks every checkpoint PostgreSQL holds of `room` against the log: the one at N must
 * be exactly the updates up to N, nothing missing and nothing from later. Returns how
 * many there were.
 */
async function checkpointsMatchTheLog(databaseUrl: string, room: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const checkpoints = await client.query<{ seq: string; state: Buffer }>(
      'SELECT seq, state FROM document_checkpoints WHERE document = $1',
      [room],
    );
    const log = await client.query<{ seq: string; update_bytes: Buffer }>(
      'SELECT seq, update_bytes FROM document_updates WHERE document = $1 ORDER BY seq',
      [room],
    );
    for (const checkpoint of checkpoints.rows) {
      const fromCheckpoint = new Y.Doc();
      Y.applyUpdate(fromCheckpoint, checkpoint.state);
      const fromLog = new Y.Doc();
      for (const row of log.rows) if (Number(row.seq) <= Number(checkpoint.seq)) Y.applyUpdate(fromLog, row.update_bytes);
      expect(contentOf(fromCheckpoint), `the checkpoint at ${checkpoint.seq}`).toBe(contentOf(fromLog));
    }
    return checkpoints.rows.length;
  } finally {
    await client.end();
  }
}

describe('several servers on PostgreSQL and Redis', () => {
  it('sends an edit made on one server to the clients of another, taken from the commit’s message rather than the database', async () => {
    // No periodic check during the test: only the messages tell of commits.
    const [first, second] = (await startServers(2, 60_000)).servers;
    const room = roomName('spec');
    const [onFirst, onSecond] = [await joined(first!, room), await joined(second!, room)];

    onFirst.doc.getText('text').insert(0, 'Hackney drafts. ');
    await waitFor(() => onSecond.doc.getText('text').toString() === 'Hackney drafts. ', { what: 'the edit on the other server' });
    onSecond.doc.getText('text').insert(16, 'Camden adds.');
    await waitFor(() => onFirst.doc.getText('text').toString() === 'Hackney drafts. Camden adds.', { what: 'the reply' });
    for (const server of [first!, second!]) {
      expect(await fromOtherServers(server)).toEqual({ message: 1, database: 0 });
    }
  });

  it('sends another server’s edit on at once, even while this server’s own commit is held up', async () => {
    const { servers: both, databaseUrl } = await startServers(2, 60_000);
    const [first, second] = both;
    const [held, other] = [roomName('held'), roomName('other')];
    const writerHere = await joined(second!, held);
    writerHere.doc.getText('text').insert(0, 'first. ');
    await barrier(writerHere);
    const [writerThere, readerHere] = [await joined(first!, other), await joined(second!, other)];

    // The second server's next commit waits on its document's head…
    const head = await holdDocumentHead(databaseUrl, held);
    try {
      writerHere.doc.getText('text').insert(7, 'held. ');
      await head.writersWaiting(1);
      // …while an edit committed on the first server reaches the second one's readers.
      writerThere.doc.getText('text').insert(0, 'from the first server');
      await waitFor(() => readerHere.doc.getText('text').toString() === 'from the first server', {
        what: 'the other server’s edit while this one’s commit waits',
      });
    } finally {
      await head.release();
    }
    await barrier(writerHere);
  });

  it('converges when clients on both servers edit the same document at once, with the log whole and in order', async () => {
    const { servers: both, databaseUrl } = await startServers(2);
    const room = roomName('spec');
    const people: TestClient[] = [];
    for (const server of both) for (let i = 0; i < 2; i++) people.push(await joined(server, room));

    // Every client writes at once, round after round: the servers race for the same positions.
    for (let round = 0; round < 20; round++) {
      people.forEach((person, i) => {
        person.doc.transact(() => {
          person.doc.getText('text').insert(0, `[p${i}r${round}]`);
          person.doc.getMap('map').set(`p${i}`, round);
        });
      });
      await new Promise((resolve) => setImmediate(resolve));
    }

    const expected = people.map((_, i) => `p${i}r19`);
    await waitFor(() => people.every((person) => expected.every((mark) => person.doc.getText('text').toString().includes(mark))), {
      timeout: 30_000,
      what: 'every edit to reach every client',
    });
    await waitFor(() => new Set(people.map((person) => contentOf(person.doc))).size === 1, { timeout: 30_000, what: 'convergence' });
    expect(
      people[0]!.doc
        .getText('text')
        .toString()
        .match(/\[p\d+r\d+\]/g),
    ).toHaveLength(people.length * 20);

    // What PostgreSQL holds is what everyone sees, in positions without gap or repeat.
    await eventually(async () => (await storedContent(databaseUrl, room)).content === contentOf(people[0]!.doc), 'the stored document');
    const { seqs } = await storedContent(databaseUrl, room);
    expect(seqs.length).toBeGreaterThan(0);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  });

  it('shows who is here and their cursor to people on another server, at once to a newcomer, and takes it away when they leave', async () => {
    const [first, second] = (await startServers(2)).servers;
    const room = roomName();
    const alice = await joined(first!, room, 'alice');
    alice.provider.awareness.setLocalStateField('cursor', { at: 7 });
    await barrier(alice);
    const cursorOf = (client: TestClient, clientId: number) =>
      (client.provider.awareness.getStates().get(clientId) as { cursor?: { at: number } } | undefined)?.cursor?.at;

    // Bob opens the document on the other server after Alice last said anything.
    const bob = await joined(second!, room, 'bob');
    await waitFor(() => cursorOf(bob, alice.doc.clientID) === 7, { what: 'Alice’s cursor on the other server', timeout: 10_000 });
    bob.provider.awareness.setLocalStateField('cursor', { at: 3 });
    await waitFor(() => cursorOf(alice, bob.doc.clientID) === 3, { what: 'Bob’s cursor back on the first server', timeout: 10_000 });
    alice.provider.awareness.setLocalStateField('cursor', { at: 9 });
    await waitFor(() => cursorOf(bob, alice.doc.clientID) === 9, { what: 'Alice’s cursor moving', timeout: 10_000 });

    // Mallory, on Bob's server, shows presence under Alice's client id: nobody sees it.
    const forged = new Y.Doc();
    forged.clientID = alice.doc.clientID;
    const mallory = clients.connect(second!.collabUrl, room, { params: { user: 'mallory' }, doc: forged });
    // Each change counts the clock up: hers is now ahead of Alice's, so only ownership stops it.
    for (let i = 0; i < 20; i++) mallory.provider.awareness.setLocalStateField('cursor', { at: 99 });
    await waitForSync(mallory, 20_000);
    await barrier(mallory);
    await barrier(bob);
    expect(cursorOf(bob, alice.doc.clientID)).toBe(9);
    mallory.destroy();

    alice.destroy();
    await waitFor(() => !bob.provider.awareness.getStates().has(alice.doc.clientID), {
      what: 'Alice’s presence to go on the other server',
      timeout: 10_000,
    });
  });

  it('pushes what one server tells a procurement’s open workspaces to those open on another', async () => {
    const [first, second] = (await startServers(2)).servers;
    const room = roomName();
    // As the workspace connects: asking for the server's live events.
    const bob = clients.connect(second!.collabUrl, room, { params: { user: 'bob', client: 'jointly' } });
    await waitForSync(bob, 20_000);
    const events = liveEventsOf(bob);
    for (const server of [first!, second!]) {
      await eventually(async () => (await healthOf(server.url)).body.redis === 'connected', 'Redis to be connected');
    }
    first!.services.notify(room, { type: 'versions-changed' });
    await waitFor(() => events.length > 0, { what: 'the event on the other server', timeout: 10_000 });
    expect(events).toEqual([{ type: 'versions-changed' }]);
  });

  it('keeps both servers’ edits when they commit to one document at the same moment: neither starts over, and checkpoints hold exactly the log up to them', async () => {
    const {
      servers: [first, second],
      databaseUrl,
    } = await startServers(2, 300, { checkpointEveryUpdates: 2 });
    const room = roomName('spec');
    const [alice, aliceColleague, bob, bobColleague] = [
      await joined(first!, room),
      await joined(first!, room),
      await joined(second!, room),
      await joined(second!, room),
    ];
    const everyone = [alice, aliceColleague, bob, bobColleague];
    // What each server tells the domains that follow the log (history, numbering).
    const told = [first!, second!].map((server) => {
      const committed: CommittedUpdate[] = [];
      const applied = new Set<number>();
      server.engine.onApplied((document, _transaction, seq) => document === room && applied.add(seq));
      server.engine.onCommit((document, updates) => document === room && committed.push(...updates));
      return { committed, applied };
    });
    alice.doc.getText('text').insert(0, 'Start.');
    await waitFor(() => everyone.every((person) => person.doc.getText('text').toString() === 'Start.'), { what: 'the first edit' });

    let checkpoints = 0;
    for (let round = 0; round < 4; round++) {
      // Both servers hold the same log and commit at once: they meet at the document's head.
      const head = await holdDocumentHead(databaseUrl, room);
      try {
        alice.doc.getText('text').insert(0, `[alice ${round}]`);
        bob.doc.getText('text').insert(0, `[bob ${round}]`);
        await head.writersWaiting(2, 30_000);
      } finally {
        // Never left holding: the servers could not stop, nor the next test start.
        await head.release();
      }
      await waitFor(
        () =>
          everyone.every((person) =>
            [`[alice ${round}]`, `[bob ${round}]`].every((mark) => person.doc.getText('text').toString().includes(mark)),
          ),
        { timeout: 15_000, what: `round ${round} to reach everyone` },
      );
      checkpoints += await checkpointsMatchTheLog(databaseUrl, room);
    }
    await waitFor(() => new Set(everyone.map((person) => contentOf(person.doc))).size === 1, { what: 'convergence' });
    await eventually(async () => (await storedContent(databaseUrl, room)).content === contentOf(alice.doc), 'the stored document');

    // The one that came second was put after the other, not refused: nothing was loaded
    // and applied again.
    for (const server of [first!, second!]) expect(server.logs.filter((line) => line.includes('room-reloaded'))).toEqual([]);
    expect(told.some(({ committed }) => committed.some((update) => update.seq !== update.appliedAs))).toBe(true);
    // Each server told of its own commits once, at their places in the log, under the
    // position it had applied them as; together they are the whole log.
    const { seqs } = await storedContent(databaseUrl, room);
    expect(told.flatMap(({ committed }) => committed.map((update) => update.seq)).sort((a, b) => a - b)).toEqual(seqs);
    for (const { committed, applied } of told) for (const update of committed) expect(applied.has(update.appliedAs)).toBe(true);

    // Checkpoints were written on the way and on stopping, each exactly its log.
    await Promise.all([first!.stop(), second!.stop()]);
    checkpoints += await checkpointsMatchTheLog(databaseUrl, room);
    expect(checkpoints).toBeGreaterThan(0);
  });

  it('delivers an edit while Redis is away, by the periodic check, and carries on when Redis is back', async () => {
    const [first, second] = (await startServers(2)).servers;
    const room = roomName('spec');
    const [onFirst, onSecond] = [await joined(first!, room), await joined(second!, room)];
    onFirst.doc.getText('text').insert(0, 'before. ');
    await waitFor(() => onSecond.doc.getText('text').toString() === 'before. ', { what: 'the first edit' });

    await redis.pause();
    onFirst.doc.getText('text').insert(8, 'during. ');
    await waitFor(() => onSecond.doc.getText('text').toString() === 'before. during. ', {
      timeout: 15_000,
      what: 'the edit made while Redis was away',
    });

    await redis.start();
    onSecond.doc.getText('text').insert(16, 'after.');
    await waitFor(() => onFirst.doc.getText('text').toString() === 'before. during. after.', {
      timeout: 15_000,
      what: 'the edit after Redis came back',
    });
    // What no message brought was read from the database.
    expect((await fromOtherServers(second!)).database).toBeGreaterThanOrEqual(1);
  });

  it('starts while Redis is away, and joins the bus once Redis is up', async () => {
    await redis.pause();
    // No periodic check: only the bus can carry the edit across.
    const [first, second] = (await startServers(2, 3_600_000)).servers;
    const room = roomName('spec');
    const [onFirst, onSecond] = [await joined(first!, room), await joined(second!, room)];
    onFirst.doc.getText('text').insert(0, 'typed while Redis was away.');

    await redis.start();
    // Each edit publishes once; the subscriber comes back within a second or so of Redis.
    const deadline = Date.now() + 20_000;
    while (!onSecond.doc.getText('text').toString().startsWith('typed while Redis was away.')) {
      if (Date.now() > deadline) throw new Error('the edit never crossed to the other server');
      onFirst.doc.getText('text').insert(onFirst.doc.getText('text').length, '.');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  });

  it('reports PostgreSQL and Redis in /healthz: Redis away is shown, PostgreSQL away makes the server unhealthy', async () => {
    // A cluster of its own, to stop without disturbing the other tests.
    const ownPostgres = await startTestPostgres();
    try {
      const databaseUrl = await ownPostgres.createDatabase();
      const server = await startTestServer({
        open: true,
        config: { sharedDocuments: { databaseUrl, redisUrl: redis.url, catchUpEveryMs: 300 } },
      });
      servers.push(server);
      const health = async () => {
        const response = await fetch(`${server.url}/healthz`);
        return { status: response.status, body: (await response.json()) as Record<string, unknown> };
      };
      await eventually(async () => (await health()).body.redis === 'connected', 'Redis to be connected');
      expect(await health()).toMatchObject({ status: 200, body: { status: 'ok', postgres: 'reachable', redis: 'connected' } });

      await redis.pause();
      await eventually(async () => (await health()).body.redis === 'not connected', 'Redis to be missed');
      expect(await health()).toMatchObject({ status: 200, body: { status: 'ok', postgres: 'reachable' } });

      await ownPostgres.stop();
      expect(await health()).toMatchObject({ status: 503, body: { status: 'unhealthy', postgres: 'unreachable' } });
    } finally {
      await ownPostgres.stop();
    }
  });

  it('brings a client on another server up to date when it joins later', async () => {
    const {
      servers: [first, second],
      databaseUrl,
    } = await startServers(2);
    const room = roomName('spec');
    const early = await joined(first!, room);
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText('REQ-001 The system must log every repair.')]);
    early.doc.getXmlFragment('xml').insert(0, [paragraph]);
    await eventually(async () => (await storedContent(databaseUrl, room)).content === contentOf(early.doc), 'the edit to be stored');
    const late = await joined(second!, room);
    expect(contentOf(late.doc)).toBe(contentOf(early.doc));
  });
});
