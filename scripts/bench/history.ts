/**
 * History at scale: a procurement's document edited through the real engine by 10
 * people in 100,000 updates over simulated weeks, then the server time of the history
 * API: a timeline page, any version, a comparison of two versions; and how the stored
 * log grows with the number of edits.
 *
 *   node --import tsx scripts/bench/history.ts [--updates 100000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { decisionsOf, engagementOf, newEngagement, specificationOf } from '../../shared/doc-layout.js';
import { paragraph, requirement } from '../../shared/spec-builders.js';
import { hashPassword } from '../../server/src/auth/passwords.js';
import { createUser, type User } from '../../server/src/auth/users.js';
import { insertFirstUpdate } from '../../server/src/collab/sqlite-store.js';
import { readConfig } from '../../server/src/config.js';
import type { Db } from '../../server/src/db/database.js';
import { createLogger } from '../../server/src/log.js';
import { createProcurement } from '../../server/src/procurements/procurements.js';
import { sqliteOf, startServer } from '../../server/src/server.js';
import { webSocketWithHeaders } from '../../server/test/support/clients.js';
import { freePort } from '../../server/test/support/server-process.js';
import { buildInitialDocument } from '../../server/src/workspace/initial-document.js';

const { values } = parseArgs({ options: { updates: { type: 'string', default: '100000' } } });
const totalUpdates = Number(values.updates);
const people = 10;
const password = 'benchmark password long enough';

const realNow = Date.now.bind(Date);
let fakeNow = Date.parse('2026-09-01T08:00:00Z');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))]!;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'jointly-history-bench-'));
  const port = await freePort();
  const config = {
    ...readConfig({ HOST: '127.0.0.1', PORT: String(port), DATABASE_PATH: join(dir, 'db.sqlite'), JOINTLY_DEMO: '0' }, null),
  };
  const server = await startServer(config, { log: createLogger({ level: 'warn' }) });
  const { engine } = server;
  const db = sqliteOf(server);
  try {
    const hash = await hashPassword(password);
    const boroughs = ['hackney', 'camden', 'islington', 'lambeth', 'southwark'];
    const database = server.services.db;
    const users: User[] = [];
    for (let i = 0; i < people; i++) {
      users.push(
        await createUser(database, {
          email: `person${i}@bench.test`,
          name: `Person ${i}`,
          boroughId: boroughs[i % boroughs.length]!,
          passwordHash: hash,
        }),
      );
    }
    const id = await createProcurement(
      database,
      users[0]!,
      { title: 'History benchmark', reference: 'BENCH', summary: '', phase: 'specification' },
      () => buildInitialDocument(),
      (tx, d, u) => insertFirstUpdate(tx, d, u),
    );
    db.transaction(() => {
      for (const b of boroughs.slice(1))
        db.prepare("INSERT INTO procurement_boroughs (procurement_id, borough_id, role, added_at) VALUES (?, ?, 'partner', 0)").run(id, b);
      for (const u of users.slice(1))
        db.prepare(
          "INSERT INTO procurement_members (procurement_id, user_id, borough_id, role, added_at) VALUES (?, ?, ?, 'editor', 0)",
        ).run(id, u.id, u.boroughId);
    });

    // One document, each person writing under their own Yjs client id, as their browsers would.
    Date.now = () => fakeNow;
    const doc = new Y.Doc();
    const first = (
      db.prepare('SELECT update_bytes FROM document_updates WHERE document = ? AND seq = 1').get(id) as { update_bytes: Uint8Array }
    ).update_bytes;
    Y.applyUpdate(doc, first);
    const clientOf = users.map((_, i) => 1_000_000 + i);
    let pending: Promise<void>[] = [];
    let made = 0;
    const started = realNow();
    const growth: { updates: number; logBytes: number; checkpointBytes: number; historyBytes: number }[] = [];

    // Each person types where their cursor is, as people do: runs of characters, now and
    // then a few backspaces, a move elsewhere, a new paragraph or requirement, a note.
    const cursors = users.map(() => ({ block: 0, offset: 0 }));
    const edit = (person: number) => {
      doc.clientID = clientOf[person]!;
      let update: Uint8Array | null = null;
      const capture = (u: Uint8Array) => (update = u);
      doc.on('update', capture);
      const spec = specificationOf(doc);
      const paragraphs = spec
        .toArray()
        .filter((b): b is Y.XmlElement => b instanceof Y.XmlElement && b.nodeName === 'paragraph' && b.length > 0);
      const cursor = cursors[person]!;
      const roll = Math.random();
      if (roll < 0.01) spec.insert(spec.length, [paragraph(`New paragraph by person ${person}.`)]);
      else if (roll < 0.015)
        spec.insert(spec.length, [requirement({ number: null, priority: 'should' }, [`A requirement from person ${person}.`])]);
      else if (roll < 0.017)
        engagementOf(doc).insert(0, [newEngagement({ type: 'one-to-one', date: '2026-10-01', title: `Meeting ${made}` })]);
      else if (roll < 0.025)
        (
          decisionsOf(doc)
            .get(made % 3)
            .get('question') as Y.Text
        ).insert(0, 'x');
      else {
        if (roll < 0.04 || cursor.block >= paragraphs.length) {
          cursor.block = Math.floor(Math.random() * paragraphs.length);
          cursor.offset = -1;
        }
        const text = paragraphs[cursor.block]!.get(0) as Y.XmlText;
        if (cursor.offset < 0 || cursor.offset > text.length) cursor.offset = Math.floor(Math.random() * (text.length + 1));
        if (roll < 0.12 && cursor.offset > 0) {
          text.delete(cursor.offset - 1, 1);
          cursor.offset--;
        } else {
          text.insert(cursor.offset, 'abcdefghijklmnopqrstuvwxyz '[made % 27]!);
          cursor.offset++;
        }
      }
      doc.off('update', capture);
      return update as Uint8Array | null;
    };

    while (made < totalUpdates) {
      // A working session: two to four people for a few hundred edits, a second or two apart.
      const group = Array.from(
        new Set(Array.from({ length: 2 + Math.floor(Math.random() * 3) }, () => Math.floor(Math.random() * people))),
      );
      const length = 100 + Math.floor(Math.random() * 600);
      for (let i = 0; i < length && made < totalUpdates; i++) {
        const person = group[i % group.length]!;
        const update = edit(person);
        fakeNow += 500 + Math.floor(Math.random() * 2000);
        if (!update) continue;
        pending.push(engine.submit(id, update, users[person]!.id, { reason: 'edit' }));
        made++;
        if (pending.length >= 400) {
          await Promise.all(pending);
          pending = [];
        }
        if (made % 25_000 === 0) {
          await Promise.all(pending);
          pending = [];
          growth.push(sizes(db, id, made));
        }
      }
      fakeNow += 20 * 60_000 + Math.floor(Math.random() * 3 * 3600_000);
    }
    await Promise.all(pending);
    Date.now = realNow;
    const writeSeconds = (realNow() - started) / 1000;

    // Sign in over HTTP, as a browser would.
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { origin: server.url, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'person0@bench.test', password }),
    });
    const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
    const get = async (path: string) => {
      const t = performance.now();
      const response = await fetch(`${server.url}${path}`, { headers: { cookie } });
      const body = await response.arrayBuffer();
      if (!response.ok) throw new Error(`${path}: ${response.status} ${Buffer.from(body).toString()}`);
      return { ms: performance.now() - t, body };
    };

    // Someone has the workspace open while browsing its history, as people do.
    const watcherDoc = new Y.Doc();
    const watcher = new WebsocketProvider(`${server.url.replace('http', 'ws')}/collab`, id, watcherDoc, {
      disableBc: true,
      WebSocketPolyfill: webSocketWithHeaders({ cookie, origin: server.url }) as unknown as typeof WebSocket,
    });
    await new Promise<void>((resolve) => watcher.once('sync', () => resolve()));

    const catchUpStarted = realNow();
    const firstPage = JSON.parse(Buffer.from((await get(`/api/procurements/${id}/history`)).body).toString()) as {
      total: number;
      latestSeq: number;
    };
    const catchUpSeconds = (realNow() - catchUpStarted) / 1000;
    const total = firstPage.total;
    const latest = firstPage.latestSeq;
    const versionEnds = (
      db.prepare('SELECT last_seq FROM history_versions WHERE document = ? ORDER BY version').all(id) as { last_seq: number }[]
    ).map((r) => r.last_seq);

    const timelineMs: number[] = [];
    for (let i = 0; i < 30; i++) {
      const page = 1 + Math.floor(Math.random() * Math.ceil(total / 20));
      const filter = ['', '&borough=camden', `&person=${users[3]!.id}`, '&area=decisions', '&from=2026-10-01&to=2026-10-15'][i % 5];
      timelineMs.push((await get(`/api/procurements/${id}/history?page=${page}${filter}`)).ms);
    }
    const versionMs: number[] = [];
    for (let i = 0; i < 30; i++)
      versionMs.push((await get(`/api/procurements/${id}/history/state/${1 + Math.floor(Math.random() * latest)}`)).ms);
    const compareMs: number[] = [];
    for (let i = 0; i < 20; i++) {
      let a = versionEnds[Math.floor(Math.random() * versionEnds.length)]!;
      let b = versionEnds[Math.floor(Math.random() * versionEnds.length)]!;
      if (i === 0) [a, b] = [versionEnds[0]!, latest];
      if (a === b) continue;
      compareMs.push((await get(`/api/procurements/${id}/history/compare?from=${Math.min(a, b)}&to=${Math.max(a, b)}`)).ms);
    }
    // The widest comparison, the first version against the latest, on its own.
    const widestMs: number[] = [];
    for (let i = 0; i < 7; i++)
      widestMs.push((await get(`/api/procurements/${id}/history/compare?from=${versionEnds[0]!}&to=${latest}`)).ms);

    watcher.destroy();
    watcherDoc.destroy();
    growth.push(sizes(db, id, latest));
    const row = (name: string, xs: number[], goal: number) =>
      `${name.padEnd(34)} median ${median(xs).toFixed(1).padStart(7)} ms   p95 ${p95(xs).toFixed(1).padStart(7)} ms   goal ≤ ${goal} ms   ${median(xs) <= goal ? 'met' : 'MISSED'}`;
    console.log(`\nHistory benchmark: ${latest.toLocaleString('en-GB')} logged updates by ${people} people, ${total} versions`);
    console.log(
      `(writing them through the engine took ${writeSeconds.toFixed(1)} s; building history from the log ${catchUpSeconds.toFixed(1)} s)\n`,
    );
    console.log(row('timeline page (filters, any page)', timelineMs, 50));
    console.log(row('any version (document at a seq)', versionMs, 100));
    console.log(row('comparison of two versions', compareMs, 200));
    console.log(row('first version against the latest', widestMs, 200));
    console.log('\nStorage as the log grows (bytes per update should stay flat, not grow):');
    console.log('updates'.padStart(10), 'log'.padStart(12), 'checkpoints'.padStart(12), 'history'.padStart(12), 'per update'.padStart(12));
    for (const g of growth) {
      const all = g.logBytes + g.checkpointBytes + g.historyBytes;
      console.log(
        String(g.updates).padStart(10),
        kb(g.logBytes).padStart(12),
        kb(g.checkpointBytes).padStart(12),
        kb(g.historyBytes).padStart(12),
        `${(all / g.updates).toFixed(0)} B`.padStart(12),
      );
    }
  } finally {
    Date.now = realNow;
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(0)} KiB`;
}

function sizes(db: Db, id: string, updates: number) {
  const one = (sql: string) => (db.prepare(sql).get(id) as { n: number | null }).n ?? 0;
  return {
    updates,
    logBytes: one('SELECT sum(length(update_bytes) + 40) AS n FROM document_updates WHERE document = ?'),
    checkpointBytes: one('SELECT sum(length(state)) AS n FROM document_checkpoints WHERE document = ?'),
    historyBytes:
      one('SELECT count(*) * 40 AS n FROM history_insertions WHERE document = ?') +
      one('SELECT count(*) * 40 AS n FROM history_deletions WHERE document = ?') +
      one('SELECT sum(length(areas) + length(authors) + length(end_state_vector) + 60) AS n FROM history_versions WHERE document = ?'),
  };
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
