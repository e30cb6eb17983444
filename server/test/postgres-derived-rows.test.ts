/**
 * Rows derived from the live documents' log, written by several servers sharing one
 * PostgreSQL (a private cluster for this file): each "server" here is its own database
 * pool, log store and live engine on the same database, as separate processes would be.
 * Two of them recording the history of the same updates, or numbering requirements at
 * the same moment, leave each update in the history once and never give one number
 * twice; a decision on a suggestion is recorded by the server that committed it only.
 */
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { requirementAttributes, requirementElements, specificationOf } from '../../shared/doc-layout.js';
import { itemKey } from '../../shared/requirement-numbering.js';
import { paragraph, requirement } from '../../shared/spec-builders.js';
import { newSuggestionId } from '../../shared/suggestions.js';
import { CollabEngine } from '../src/collab/engine.js';
import { defaultLimits } from '../src/collab/limits.js';
import { openPostgresStore, type PostgresDocumentStore } from '../src/collab/postgres-store.js';
import { openPostgresDatabase, type PostgresDatabase } from '../src/db/postgres-database.js';
import { HistoryRecorder } from '../src/history/recorder.js';
import { createLogger } from '../src/log.js';
import { SuggestionRecorder } from '../src/suggestions/recorder.js';
import { startRequirementNumbering } from '../src/workspace/requirement-numbering.js';
import { startTestPostgres, type TestPostgres } from './support/postgres.js';
import { TestClock } from './support/test-clock.js';

let postgres: TestPostgres;
beforeAll(async () => {
  postgres = await startTestPostgres();
});
afterAll(async () => {
  await postgres?.stop();
});

const quiet = createLogger({ level: 'error', sink: () => {} });
const document = 'procurement-1';
const pauseMs = 5 * 60_000;
const startedAt = 1_780_000_000_000;

/** One server's view of the shared database: its pool, its log store and its engine. */
interface Server {
  db: PostgresDatabase;
  store: PostgresDocumentStore;
  engine: CollabEngine;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** `catchUpEveryMs`: how often the engine reads what the other server committed (never by default). */
async function startServer(url: string, catchUpEveryMs?: number): Promise<Server> {
  const clock = new TestClock({ start: startedAt });
  const store = await openPostgresStore({ url, clock });
  const db = openPostgresDatabase({ url, clock });
  const engine = new CollabEngine({ store, limits: defaultLimits, log: quiet, clock, catchUpEveryMs });
  cleanups.push(async () => {
    await engine.stop();
    await store.close();
    await db.close();
  });
  return { db, store, engine };
}

/** A fresh database with one procurement and two servers on it. */
async function twoServers(catchUpEveryMs?: number): Promise<{ url: string; first: Server; second: Server }> {
  const url = await postgres.createDatabase();
  const first = await startServer(url, catchUpEveryMs);
  const second = await startServer(url, catchUpEveryMs);
  await first.db.run(
    first.db.kysely.insertInto('procurements').values({
      id: document,
      title: 'Housing repairs',
      reference: '',
      summary: '',
      phase: 'specification',
      created_at: startedAt,
      updated_at: startedAt,
    }),
  );
  return { url, first, second };
}

/** Appends `count` edits of the specification to the log, a minute apart from `at`, as someone typing. */
async function typeInto(store: PostgresDocumentStore, doc: Y.Doc, count: number, at: number): Promise<void> {
  const text = (specificationOf(doc).get(0) as Y.XmlElement).get(0) as Y.XmlText;
  for (let i = 0; i < count; i++) {
    let update: Uint8Array | null = null;
    const take = (u: Uint8Array) => (update = u);
    doc.on('update', take);
    text.insert(text.length, `word ${i} `);
    doc.off('update', take);
    const seq = (await store.latestSeq(document)) + 1;
    await store.append([{ document, updates: [{ seq, update: update!, authorId: null, receivedAt: at + i * 60_000 }], claims: [] }]);
  }
}

/** The number each requirement (by its Yjs item) carries after each position of the log. */
async function numbersAlongTheLog(store: PostgresDocumentStore): Promise<Map<string, number | null>[]> {
  const doc = new Y.Doc();
  const states: Map<string, number | null>[] = [];
  for (const entry of await store.readLog(document, 0, 10_000)) {
    Y.applyUpdate(doc, entry.update);
    states.push(new Map(requirementElements(specificationOf(doc)).map((e) => [itemKey(e), requirementAttributes(e).number])));
  }
  doc.destroy();
  return states;
}

/** Polls an asynchronous check until it holds, for up to 20 seconds. */
async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

interface VersionRange {
  first_seq: number;
  last_seq: number;
  updates: number;
}

async function versions(db: PostgresDatabase): Promise<VersionRange[]> {
  return db.all(
    db.kysely
      .selectFrom('history_versions')
      .select(['first_seq', 'last_seq', 'updates'])
      .where('document', '=', document)
      .orderBy('version'),
  );
}

describe('the history, recorded by two servers at once', () => {
  it('holds each update of the log once when both catch up the same document at the same time', async () => {
    const { first, second } = await twoServers();
    const histories = [first, second].map((s) => new HistoryRecorder(s.db, s.store, s.engine, quiet, pauseMs));
    cleanups.push(async () => {
      for (const history of histories) await history.dispose();
    });
    const writer = new Y.Doc();
    specificationOf(writer).insert(0, [paragraph('The system shall ')]);
    await first.store.append([
      { document, updates: [{ seq: 1, update: Y.encodeStateAsUpdate(writer), authorId: null, receivedAt: startedAt }], claims: [] },
    ]);

    // Several rounds: each adds a burst of typing, then (after a pause long enough to
    // start a new version) another, and both servers catch up at once.
    let at = startedAt + 60_000;
    for (let round = 0; round < 4; round++) {
      await typeInto(first.store, writer, 6, at);
      at += 6 * 60_000 + pauseMs + 60_000;
      await typeInto(first.store, writer, 6, at);
      at += 6 * 60_000 + pauseMs + 60_000;
      await Promise.all(histories.map((h) => h.catchUp(document)));

      const latest = await first.store.latestSeq(document);
      const rows = await versions(first.db);
      // Every position from 1 to the end in exactly one version, counted once.
      expect(rows.map((v) => [v.first_seq, v.last_seq])).toEqual([
        [1, 7],
        ...Array.from({ length: 2 * round + 1 }, (_, i) => [8 + 6 * i, 13 + 6 * i]),
      ]);
      expect(rows.at(-1)!.last_seq).toBe(latest);
      expect(rows.reduce((sum, v) => sum + v.updates, 0)).toBe(latest);
      const progress = await first.db.first(
        first.db.kysely.selectFrom('history_progress').select('last_seq').where('document', '=', document),
      );
      expect(progress?.last_seq).toBe(latest);
    }
  });

  it('holds each update once when two servers commit edits of the same document in turn', async () => {
    const { first, second } = await twoServers();
    const servers = [first, second];
    const histories = servers.map((s) => new HistoryRecorder(s.db, s.store, s.engine, quiet, pauseMs));
    cleanups.push(async () => {
      for (const history of histories) await history.dispose();
    });
    const writer = new Y.Doc();
    specificationOf(writer).insert(0, [paragraph('The system shall ')]);
    await first.store.append([
      { document, updates: [{ seq: 1, update: Y.encodeStateAsUpdate(writer), authorId: null, receivedAt: startedAt }], claims: [] },
    ]);
    const text = (specificationOf(writer).get(0) as Y.XmlElement).get(0) as Y.XmlText;

    // Each server commits every other edit through its live engine: its recorder learns
    // of its own commits only, finds the other's in between, and catches up from the log
    // while the other server does the same.
    for (let i = 0; i < 24; i++) {
      let update: Uint8Array | null = null;
      const take = (u: Uint8Array) => (update = u);
      writer.on('update', take);
      text.insert(text.length, `word ${i} `);
      writer.off('update', take);
      await servers[i % 2]!.engine.submit(document, update!, null, { reason: 'edit' });
    }
    const latest = await first.store.latestSeq(document);
    expect(latest).toBe(25);
    // Barrier: each recorder has written what it queued and caught up to the end of the log.
    await Promise.all(histories.map((h) => h.catchUp(document)));

    const rows = await versions(first.db);
    expect(rows.map((v) => [v.first_seq, v.last_seq, v.updates])).toEqual([[1, 25, 25]]);
  });
});

describe('requirement numbers given by two servers at once', () => {
  it('never gives the same number twice, even when both read the record before either writes', async () => {
    const { url, first, second } = await twoServers();
    const servers = [first, second];
    for (const s of servers) {
      const stop = startRequirementNumbering(s.db, s.engine, quiet);
      cleanups.push(async () => stop());
    }
    const base = new Y.Doc();
    specificationOf(base).insert(0, [paragraph('Requirements')]);
    await first.store.append([
      { document, updates: [{ seq: 1, update: Y.encodeStateAsUpdate(base), authorId: null, receivedAt: startedAt }], claims: [] },
    ]);

    // Barrier: a lock that lets the record be read but not written, held until both
    // servers' numbering transactions are waiting to write.
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    cleanups.push(() => holder.end());
    await holder.query('BEGIN');
    await holder.query('LOCK TABLE requirement_numbers IN EXCLUSIVE MODE');

    // Each server takes in a new requirement without a number, from a different person.
    for (const [i, s] of servers.entries()) {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
      let update: Uint8Array | null = null;
      doc.on('update', (u: Uint8Array) => (update = u));
      specificationOf(doc).insert(1, [requirement({ number: null, priority: 'must' }, [`From server ${i + 1}`])]);
      await s.engine.submit(document, update!, null, { reason: 'edit' });
    }
    await until(async () => {
      const waiting = await holder.query<{ n: string }>(
        `SELECT count(*) AS n FROM pg_locks WHERE NOT granted AND relation = 'requirement_numbers'::regclass`,
      );
      return Number(waiting.rows[0]!.n) === 2;
    }, 'both numbering transactions waiting to write');
    await holder.query('COMMIT');

    // Both requirements end up numbered in the log, with two different numbers; and at
    // no position of the log did two carry the same number, or one change its number.
    await until(async () => {
      const states = await numbersAlongTheLog(first.store);
      return [...states.at(-1)!.values()].filter((n) => n !== null).length === 2;
    }, 'both requirements numbered');
    const states = await numbersAlongTheLog(first.store);
    expect([...states.at(-1)!.values()].sort()).toEqual([1, 2]);
    const given = new Map<string, number>();
    for (const numbers of states) {
      const carried = [...numbers.values()].filter((n) => n !== null);
      expect(new Set(carried).size).toBe(carried.length);
      for (const [requirement, number] of numbers) {
        if (number === null) continue;
        expect(given.get(requirement) ?? number).toBe(number);
        given.set(requirement, number);
      }
    }
    const recorded = await first.db.all(
      first.db.kysely.selectFrom('requirement_numbers').select('number').where('procurement_id', '=', document).orderBy('number'),
    );
    expect(recorded.map((r) => r.number)).toEqual([1, 2]);
  });
});

describe('decisions on suggestions with two servers', () => {
  it('are recorded once, by the server that committed the decision, not by the one that reads it from the log', async () => {
    const { first, second } = await twoServers(20);
    const recorders = [first, second].map((s) => new SuggestionRecorder(s.db, s.engine, quiet, () => {}));
    const writer = new Y.Doc();
    const words = ' by text message';
    specificationOf(writer).insert(0, [paragraph('Tenants report repairs online')]);
    const text = (specificationOf(writer).get(0) as Y.XmlElement).get(0) as Y.XmlText;
    text.insert(text.length, words, { insertion: { id: newSuggestionId('tom', startedAt, 'words') } });
    await first.store.append([
      { document, updates: [{ seq: 1, update: Y.encodeStateAsUpdate(writer), authorId: 'tom', receivedAt: startedAt }], claims: [] },
    ]);
    // Both servers have the document open.
    await Promise.all([first, second].map((s) => s.engine.openRoom(document)));

    let accept: Uint8Array | null = null;
    writer.on('update', (u: Uint8Array) => (accept = u));
    text.format(text.length - words.length, words.length, { insertion: null });
    await first.engine.submit(document, accept!, null, { reason: 'edit' });

    // Barrier: the second server has applied the decision from the log, and both
    // recorders have written everything they began.
    const accepted = () => {
      const delta = ((specificationOf(second.engine.documentOf(document)!).get(0) as Y.XmlElement).get(0) as Y.XmlText).toDelta() as {
        attributes?: Record<string, unknown>;
      }[];
      return delta.every((part) => !part.attributes?.insertion);
    };
    await until(async () => accepted(), 'the second server to apply the decision');
    for (const recorder of recorders) await recorder.dispose();

    const decisions = await first.db.all(
      first.db.kysely.selectFrom('suggestion_decisions').select(['suggestion_id', 'outcome', 'seq']).where('procurement_id', '=', document),
    );
    expect(decisions).toEqual([{ suggestion_id: newSuggestionId('tom', startedAt, 'words'), outcome: 'accepted', seq: 2 }]);
  });
});
