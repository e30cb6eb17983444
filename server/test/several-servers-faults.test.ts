/**
 * Faults of several servers sharing one PostgreSQL log and one Redis (private instances
 * for this file). Three servers, each its own process so that SIGKILL is a real power
 * cut, with clients spread across them as a load balancer would spread them:
 *  - they converge while everyone edits the same documents;
 *  - one server killed mid-burst loses nothing any client had received, and its clients
 *    move to another server and converge;
 *  - Redis away for five seconds: everyone has converged within five seconds of its return;
 *  - PostgreSQL away: writes are refused with the "try again" close code, nobody is shown
 *    anything PostgreSQL does not hold, and service resumes by itself when it is back.
 *
 * Accounts, sessions and procurements are still each server's own SQLite file (only the
 * live documents are shared), so these servers run with live sync open to anyone
 * (support/open-server.ts), as several-servers.test.ts does in one process.
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { CloseCode, isFinalClose } from '../../shared/close-codes.js';
import { clientPool, contentOf, roomName, waitFor, waitForSync, type TestClient } from './support/clients.js';
import { startTestPostgres, type TestPostgres } from './support/postgres.js';
import { startTestRedis, type TestRedis } from './support/redis.js';
import { balancedClient, eventually, healthOf, startServerGroup, storedContent, type ServerGroup } from './support/server-group.js';

let postgres: TestPostgres;
let redis: TestRedis;
let group: ServerGroup;
/** Whether a test stopped PostgreSQL (and the next must find it running again). */
let postgresAway = false;
const clients = clientPool();

// One group for the file (a server process takes seconds to start); each test has its own rooms.
beforeAll(async () => {
  [postgres, redis] = await Promise.all([startTestPostgres(), startTestRedis()]);
  group = await startServerGroup(postgres, redis, 3);
}, 120_000);
afterAll(async () => {
  await group?.remove();
  await Promise.all([postgres?.stop(), redis?.stop()]);
});
afterEach(async () => {
  clients.closeAll();
  await redis.start();
  if (postgresAway) await postgres.resume();
  postgresAway = false;
  for (const [index] of group.servers.entries()) if (!group.alive(index)) await group.restart(index);
}, 60_000);

/** `perServer` clients on each server of the group, all in `room`, synced. */
async function spreadClients(servers: ServerGroup, room: string, perServer: number): Promise<TestClient[]> {
  const people: TestClient[] = [];
  for (let i = 0; i < perServer; i++)
    for (let s = 0; s < servers.servers.length; s++) people.push(balancedClient(clients, servers, room, s));
  await Promise.all(people.map((person) => waitForSync(person, 20_000)));
  return people;
}

function textOf(client: TestClient): string {
  return client.doc.getText('text').toString();
}

function tokensIn(text: string): Set<string> {
  return new Set(text.match(/<[^>]+>/g) ?? []);
}

/** Waits until every client holds every token and they all hold the same document. */
async function converged(people: TestClient[], tokens: readonly string[], timeout: number): Promise<void> {
  await waitFor(() => people.every((person) => tokens.every((token) => textOf(person).includes(token))), {
    timeout,
    what: `every client to hold ${tokens.join(' ')}`,
  });
  await waitFor(() => new Set(people.map((person) => contentOf(person.doc))).size === 1, { timeout, what: 'the clients to converge' });
}

/** After convergence: PostgreSQL holds exactly what everyone sees, in positions without gap or repeat. */
async function storedAsSeen(databaseUrl: string, room: string, seen: TestClient): Promise<void> {
  await eventually(async () => (await storedContent(databaseUrl, room)).content === contentOf(seen.doc), 'the stored document');
  const { seqs } = await storedContent(databaseUrl, room);
  expect(seqs).toEqual(seqs.map((_, i) => i + 1));
}

it('converges when clients on three servers edit the same documents at once', async () => {
  const servers = group;
  const rooms = [roomName('spec'), roomName('spec')];
  const byRoom = await Promise.all(rooms.map((room) => spreadClients(servers, room, 2)));

  // Everyone writes at once, round after round: the servers race for the same positions.
  for (let round = 0; round < 15; round++) {
    byRoom.forEach((people, r) =>
      people.forEach((person, i) =>
        person.doc.transact(() => {
          person.doc.getText('text').insert(0, `<d${r}p${i}r${round}>`);
          person.doc.getMap('map').set(`p${i}`, round);
        }),
      ),
    );
    await new Promise((resolve) => setImmediate(resolve));
  }

  for (const [r, people] of byRoom.entries()) {
    await converged(
      people,
      people.map((_, i) => `<d${r}p${i}r14>`),
      30_000,
    );
    expect(tokensIn(textOf(people[0]!)).size).toBe(people.length * 15);
    await storedAsSeen(servers.databaseUrl, rooms[r]!, people[0]!);
  }
}, 60_000);

it('loses nothing any client had received when a server is killed mid-burst, and its clients converge on another', async () => {
  const servers = group;
  const room = roomName('spec');
  // One writer and one observer on each server.
  const [writers, observers] = [await spreadClients(servers, room, 1), await spreadClients(servers, room, 1)];
  const killed = 0;
  const observerOfKilled = observers[killed]!;
  // What the killed server's observer had received when its connection dropped.
  const receivedBeforeTheKill = new Promise<Set<string>>((resolve) =>
    observerOfKilled.provider.once('connection-close', () => resolve(tokensIn(textOf(observerOfKilled)))),
  );

  let typing = true;
  const typed = writers.map(() => 0);
  const burst = (async () => {
    while (typing) {
      writers.forEach((writer, w) => writer.doc.getText('text').insert(textOf(writer).length, `<w${w}-${typed[w]!++}>`));
      // A flood: every server commits to the document in every turn, each after the others.
      await new Promise((resolve) => setImmediate(resolve));
    }
  })();
  await waitFor(() => observers.every((observer) => writers.every((_, w) => textOf(observer).includes(`<w${w}-20>`))), {
    timeout: 30_000,
    what: 'every writer’s burst to reach every observer',
  });
  await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 250));
  await servers.kill(killed, 'SIGKILL');
  const received = [await receivedBeforeTheKill, ...observers.slice(1).map((observer) => tokensIn(textOf(observer)))];
  typing = false;
  await burst;

  // Everything any observer had received is in PostgreSQL.
  const stored = tokensIn(JSON.parse((await storedContent(servers.databaseUrl, room)).content).text as string);
  for (const [o, tokens] of received.entries()) {
    expect(tokens.size).toBeGreaterThan(writers.length * 20);
    for (const token of tokens) expect(stored.has(token), `${token}, received by observer ${o}, is stored`).toBe(true);
  }

  // The killed server's clients move to another server; everyone converges on everything typed.
  writers.forEach((writer, w) => writer.doc.getText('text').insert(0, `<w${w}-after>`));
  const everyone = [...writers, ...observers];
  await converged(
    everyone,
    writers.map((_, w) => `<w${w}-after>`),
    30_000,
  );
  for (const client of [writers[killed]!, observerOfKilled]) {
    expect(client.provider.serverUrl).not.toBe(servers.servers[killed]!.collabUrl);
  }
  const seen = tokensIn(textOf(everyone[0]!));
  writers.forEach((_, w) => {
    for (let n = 0; n < typed[w]!; n++) expect(seen.has(`<w${w}-${n}>`), `<w${w}-${n}> reached everyone`).toBe(true);
  });
  await storedAsSeen(servers.databaseUrl, room, everyone[0]!);
}, 60_000);

it('has everyone converged within five seconds of Redis coming back from a five-second outage', async () => {
  const servers = group;
  const room = roomName('spec');
  const people = await spreadClients(servers, room, 2);
  await eventually(
    async () =>
      (await Promise.all(servers.servers.map((server) => healthOf(server.url)))).every((health) => health.body.redis === 'connected'),
    'every server to join the bus',
  );
  people[0]!.doc.getText('text').insert(0, '<before>');
  await converged(people, ['<before>'], 10_000);

  await redis.pause();
  // People keep typing for the five seconds that Redis is away.
  const outageEnds = Date.now() + 5_000;
  for (let n = 0; Date.now() < outageEnds; n++) {
    people.forEach((person, p) => person.doc.getText('text').insert(0, `<p${p}-${n}>`));
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await redis.start();
  const back = Date.now();
  people.forEach((person, p) => person.doc.getText('text').insert(0, `<p${p}-back>`));

  await converged(
    people,
    people.map((_, p) => `<p${p}-back>`),
    Math.max(0, back + 5_000 - Date.now()),
  );
  expect(Date.now() - back).toBeLessThanOrEqual(5_000);
  const all = tokensIn(textOf(people[0]!));
  for (const person of people) expect(tokensIn(textOf(person))).toEqual(all);
  await storedAsSeen(servers.databaseUrl, room, people[0]!);
  // The bus itself is back too, not only the periodic check.
  await eventually(
    async () =>
      (await Promise.all(servers.servers.map((server) => healthOf(server.url)))).every((health) => health.body.redis === 'connected'),
    'every server to rejoin the bus',
  );
}, 60_000);

it('refuses writes while PostgreSQL is away, shows nobody what it does not hold, and resumes by itself', async () => {
  const servers = group;
  const room = roomName('spec');
  const [writers, observers] = [await spreadClients(servers, room, 1), await spreadClients(servers, room, 1)];
  const everyone = [...writers, ...observers];
  writers[0]!.doc.getText('text').insert(0, '<before>');
  await converged(everyone, ['<before>'], 10_000);

  // When each client first held each change typed during the outage.
  const outageTokens = ['<away-0>', '<away-1>'];
  const firstHeld = everyone.map(() => new Map<string, number>());
  everyone.forEach((client, c) =>
    client.doc.on('update', (_update: Uint8Array, _origin: unknown, doc: Y.Doc) => {
      for (const token of outageTokens)
        if (!firstHeld[c]!.has(token) && doc.getText('text').toString().includes(token)) firstHeld[c]!.set(token, Date.now());
    }),
  );

  postgresAway = true;
  await postgres.pause();
  await eventually(
    async () => (await Promise.all(servers.servers.map((server) => healthOf(server.url)))).every((health) => health.status === 503),
    'every server to report itself unhealthy',
  );
  for (const server of servers.servers)
    expect((await healthOf(server.url)).body).toMatchObject({ status: 'unhealthy', postgres: 'unreachable' });

  // Writers on two servers each type a change: each is refused with "try again".
  for (const [w, token] of outageTokens.entries()) {
    const writer = writers[w]!;
    writer.doc.getText('text').insert(0, token);
    await waitFor(() => writer.closes.some((close) => close.code === CloseCode.notSaved), { what: `writer ${w} to be told to send again` });
  }
  for (const [c, client] of everyone.entries()) {
    for (const close of client.closes) expect(isFinalClose(close.code), `client ${c} closed with ${close.code}`).toBe(false);
  }
  // The first writer closes the tab; the browser keeps the unsaved change (its offline copy).
  writers[0]!.provider.destroy();
  const resumedAt = Date.now();
  await postgres.resume();
  postgresAway = false;
  // Reopened, the load balancer sends it to another server: the first gets no write to prove
  // itself by, and must still count itself healthy once PostgreSQL takes commits again.
  balancedClient(clients, servers, room, 2, { doc: writers[0]!.doc });

  await converged(everyone, outageTokens, 30_000);
  // Nobody but its writer held an outage change before PostgreSQL was back to take it.
  everyone.forEach((_, c) => {
    for (const [w, token] of outageTokens.entries()) {
      if (c === w) continue;
      expect(firstHeld[c]!.get(token), `client ${c} first held ${token}`).toBeGreaterThanOrEqual(resumedAt);
    }
  });
  await storedAsSeen(servers.databaseUrl, room, everyone[0]!);
  await eventually(
    async () => (await Promise.all(servers.servers.map((server) => healthOf(server.url)))).every((health) => health.status === 200),
    'every server to report itself healthy again',
  );
  for (const server of servers.servers) expect((await healthOf(server.url)).body).toMatchObject({ status: 'ok', postgres: 'reachable' });
}, 60_000);
