/**
 * The record of formal acts: every act goes on it in the same transaction, the database
 * refuses to change it, the download verifies with Node alone, and tampering with the
 * SQLite file (as an attacker holding it would) is found at the very entry touched.
 */
import { execFile } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordPage } from '../../shared/record.js';
import { recordAudit } from '../src/audit.js';
import { Db } from '../src/db/database.js';
import { SqliteDatabase } from '../src/db/sqlite-database.js';
import { withRecordKey } from '../src/record/keyed-database.js';
import { recordFile } from '../src/record/read.js';
import { keyFilePath, loadSigningKey, publicRecordKey } from '../src/record/signing.js';
import type * as Y from 'yjs';
import { plainText } from '../../shared/doc-layout.js';
import { newSuggestionId } from '../../shared/suggestions.js';
import { requirementNumbered } from '../src/demo/specification.js';
import type { ApiClient } from './support/api.js';
import { changeLive, startDemoWorld, type DemoWorld } from './support/demo-world.js';

const run = promisify(execFile);
const verifier = join(import.meta.dirname, '../../scripts/verify-record.mjs');

let world: DemoWorld;
let path: string;
const entryCount = () =>
  (
    world.server.db.sqlite.prepare('SELECT count(*) AS n FROM record_entries WHERE procurement_id = ?').get(world.procurementId) as {
      n: number;
    }
  ).n;
const newest = async () => (await world.viewer.get<RecordPage>(`${path}/record?pageSize=1`)).body.acts[0]!;

/** Runs the verification script on a record file; its output and exit code. */
async function verify(file: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout } = await run(process.execPath, [verifier, file]);
    return { code: 0, output: stdout.trim() };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: `${failed.stdout}${failed.stderr}`.trim() };
  }
}

/** A copy of the server's database, tampered with by `attack`, downloaded and verified. */
async function verifyTamperedCopy(name: string, attack: (sqlite: Db['sqlite']) => void) {
  const copyPath = join(world.server.dir, `${name}.sqlite`);
  await world.server.db.sqlite.backup(copyPath);
  const copy = new Db({ path: copyPath, busyTimeoutMs: 1000 });
  try {
    attack(copy.sqlite);
    const file = join(world.server.dir, `${name}.json`);
    const keyed = withRecordKey(new SqliteDatabase(copy), loadSigningKey(null, world.server.databasePath));
    writeFileSync(file, JSON.stringify(await recordFile(keyed, world.procurementId)));
    return await verify(file);
  } finally {
    await copy.close();
  }
}

const live = (who: ApiClient, change: (doc: Y.Doc) => void) => changeLive(world, who, change);

const firstText = (doc: Y.Doc) => (requirementNumbered(doc, 1).get(0) as Y.XmlElement).get(0) as Y.XmlText;

beforeAll(async () => {
  world = await startDemoWorld();
  path = `/api/procurements/${world.procurementId}`;
});
afterAll(async () => {
  await world?.server.remove();
});

describe('what goes on record', () => {
  it('starts with the demo procurement’s past acts, newest first, in plain English', async () => {
    const page = (await world.viewer.get<RecordPage>(`${path}/record`)).body;
    expect(page.total).toBeGreaterThan(3);
    expect(page.acts[0]!.position).toBe(page.total);
    expect(page.acts.map((a) => a.sentence)).toContain(
      'Priya Shah (Hackney) signed off “Draft for the steering group” for Hackney, having seen the record up to entry ' +
        String(page.acts.find((a) => a.action === 'specification.signed-off')!.position - 1) +
        '.',
    );
  });

  it('appends each kind of act, with who did it and their borough then', async () => {
    const acts: [string, () => Promise<{ status: number }>, RegExp][] = [
      [
        'settings',
        () => world.lead.patch(path, { title: 'Housing repairs system (joint)' }),
        /Priya Shah \(Hackney\) changed the procurement’s details \(title\)/,
      ],
      [
        'who decides',
        () => world.lead.request('PUT', `${path}/who-decides`, { leadDecides: true }),
        /partner boroughs suggest changes and the lead borough accepts or rejects/,
      ],
      [
        'membership',
        () => world.lead.patch(`${path}/members/${world.userIds.viewer}`, { role: 'viewer' }),
        /changed Maria Costa’s membership/,
      ],
      [
        'invitation',
        () => world.lead.post(`${path}/invitations`, { email: 'new.officer@hackney.demo', role: 'editor' }),
        /invited new.officer@hackney.demo as editor/,
      ],
      ['named version', () => world.lead.post(`${path}/history/named`, { seq: 1, name: 'First draft' }), /named version 1 “First draft”/],
      [
        'restore',
        () => world.lead.post(`${path}/history/restore`, { seq: 1 }),
        /Priya Shah \(Hackney\) restored the workspace to version 1/,
      ],
    ];
    for (const [what, act, sentence] of acts) {
      const before = entryCount();
      const response = await act();
      expect(response.status, what).toBeLessThan(300);
      // A restore can also lapse an agreement, which the rule puts on record beside it.
      const added = entryCount() - before;
      expect(what === 'restore' ? added >= 1 : added === 1, `${what}: ${added} entries`).toBe(true);
      const sentences = (await world.viewer.get<RecordPage>(`${path}/record?pageSize=${added}`)).body.acts.map((a) => a.sentence);
      expect(
        sentences.some((s) => sentence.test(s)),
        `${what}: ${sentences.join(' | ')}`,
      ).toBe(true);
    }
  });

  it('keeps the head each borough saw when it signed off', async () => {
    const named = await world.lead.post(`${path}/history/named`, { seq: 2, name: 'Second draft' });
    const head = (await world.lead.get<RecordPage>(`${path}/record?pageSize=1`)).body.head!;
    const signed = await world.editor.post(`${path}/history/named/${named.body.id}/signoff`, {
      specificationHash: named.body.specificationHash,
    });
    expect(signed.status).toBe(201);
    const row = world.server.db.sqlite
      .prepare("SELECT record_position, record_hash FROM signoffs WHERE borough_id = 'camden' AND named_version_id = ?")
      .get(named.body.id);
    expect(row).toEqual({ record_position: head.position, record_hash: head.hash });
    expect((await newest()).sentence).toBe(
      `Tom Okafor (Camden) signed off “Second draft” for Camden, having seen the record up to entry ${head.position}.`,
    );
  });

  it('appends nothing for an act that fails', async () => {
    const before = entryCount();
    const named = await world.lead.post(`${path}/history/named`, { seq: 3, name: 'Third draft' });
    const wrongHash = await world.editor.post(`${path}/history/named/${named.body.id}/signoff`, { specificationHash: 'f'.repeat(64) });
    expect(wrongHash.status).toBe(409);
    // The lead cannot remove the only lead borough: refused inside the transaction.
    expect((await world.lead.delete(`${path}/boroughs/hackney`)).status).toBeGreaterThanOrEqual(400);
    await expect(
      world.server.services.db.transaction(async (tx) => {
        await recordAudit(tx, { procurementId: world.procurementId, actorId: world.userIds.lead, action: 'decision.status' });
        throw new Error('the act failed after it was recorded');
      }),
    ).rejects.toThrow('the act failed');
    expect(entryCount()).toBe(before + 1); // only the version named
  });
});

describe('decisions on suggested changes', () => {
  it('puts Hackney accepting Tom’s suggestion on record, in the transaction that records the decision', async () => {
    const words = ' and by text message';
    await live(world.editor, (doc) => {
      const text = firstText(doc);
      text.insert(plainText(text).length, words, { insertion: { id: newSuggestionId(world.userIds.editor, 1_000, 'words') } });
    });
    await live(world.lead, (doc) => {
      const text = firstText(doc);
      text.format(plainText(text).indexOf(words), words.length, { insertion: null });
    });
    await expect
      .poll(async () => (await newest()).sentence, { timeout: 10_000 })
      .toBe(`Priya Shah (Hackney) accepted a suggestion by Tom Okafor in REQ-001: “${words.trim()}”.`);
    const decisions = world.server.db.sqlite.prepare('SELECT count(*) AS n FROM suggestion_decisions').get() as { n: number };
    const onRecord = world.server.db.sqlite
      .prepare("SELECT count(*) AS n FROM record_entries WHERE json_extract(entry, '$.action') LIKE 'suggestion.%'")
      .get() as { n: number };
    expect(onRecord.n).toBe(decisions.n);
  });
});

describe('the database refuses to change the record', () => {
  it('refuses UPDATE and DELETE of entries and of signed heads', () => {
    const sqlite = world.server.db.sqlite;
    expect(() => sqlite.prepare("UPDATE record_entries SET entry = '{}' WHERE position = 1").run()).toThrow(/append-only/);
    expect(() => sqlite.prepare('DELETE FROM record_entries WHERE position = 1').run()).toThrow(/append-only/);
    expect(() => sqlite.prepare('DELETE FROM record_heads').run()).toThrow(/append-only/);
  });
});

describe('verification with Node alone', () => {
  it('downloads the record and the script, and the script says it is intact', async () => {
    const download = await world.viewer.request('GET', `${path}/record/download`);
    expect(download.status).toBe(200);
    const script = await fetch(`${world.server.url}${path}/record/verify.mjs`, { headers: { cookie: world.viewer.cookie! } });
    expect(script.status).toBe(200);
    const file = join(world.server.dir, 'record.json');
    writeFileSync(file, JSON.stringify(download.body));
    const scriptFile = join(world.server.dir, 'verify-record.mjs');
    writeFileSync(scriptFile, await script.text());
    const { stdout } = await run(process.execPath, [scriptFile, file]);
    const key = (await world.anonymous.get('/api/record-key')).body;
    expect(stdout.trim()).toMatch(
      new RegExp(`^intact: ${entryCount()} entries, head ${entryCount()} \\([0-9a-f]{16}…\\) signed by key ${key.keyId} at `),
    );
  });

  it('keeps the key made on first start beside the database, readable by its owner alone', async () => {
    const file = keyFilePath(world.server.databasePath);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const published = (await world.anonymous.get('/api/record-key')).body;
    expect(published).toEqual(publicRecordKey(loadSigningKey(null, world.server.databasePath)));
    expect(published.publicKey).toMatch(/^-----BEGIN PUBLIC KEY-----/);
  });

  it('finds an edited entry, at that entry', async () => {
    const result = await verifyTamperedCopy('edited', (sqlite) => {
      sqlite.exec('DROP TRIGGER record_entries_never_change');
      sqlite.prepare("UPDATE record_entries SET entry = replace(entry, 'Hackney', 'Camden') WHERE position = 3").run();
    });
    expect(result).toEqual({ code: 1, output: 'broken at entry 3: its text was changed after it was recorded (its hash differs)' });
  });

  it('finds a deleted entry, at that entry, and a deleted last entry by its signed head', async () => {
    const middle = await verifyTamperedCopy('deleted', (sqlite) => {
      sqlite.exec('DROP TRIGGER record_entries_never_go');
      sqlite.prepare('DELETE FROM record_entries WHERE position = 4').run();
    });
    expect(middle).toEqual({ code: 1, output: 'broken at entry 4: entry 4 is missing (the next is 5)' });
    const last = entryCount();
    const end = await verifyTamperedCopy('deleted-last', (sqlite) => {
      sqlite.exec('DROP TRIGGER record_entries_never_go');
      sqlite.prepare('DELETE FROM record_entries WHERE position = ?').run(last);
    });
    expect(end.code).toBe(1);
    expect(end.output).toMatch(new RegExp(`^broken at entry ${last}: a head was signed at entry ${last}`));
  });

  it('finds two entries swapped, at the first of them', async () => {
    const result = await verifyTamperedCopy('reordered', (sqlite) => {
      sqlite.exec('DROP TRIGGER record_entries_never_change');
      sqlite.prepare('UPDATE record_entries SET position = 1000000 WHERE position = 5').run();
      sqlite.prepare('UPDATE record_entries SET position = 5 WHERE position = 6').run();
      sqlite.prepare('UPDATE record_entries SET position = 6 WHERE position = 1000000').run();
    });
    expect(result).toEqual({ code: 1, output: 'broken at entry 5: its text says it is entry 6 of procurement ' + world.procurementId });
  });

  it('finds a rewritten chain by its signature', async () => {
    const result = await verifyTamperedCopy('rewritten', (sqlite) => {
      sqlite.exec('DROP TRIGGER record_heads_never_change');
      sqlite.prepare("UPDATE record_heads SET signature = 'AAAA' || substr(signature, 5) WHERE position = 2").run();
    });
    expect(result).toEqual({ code: 1, output: 'broken at entry 2: the signature on the head at this entry is not the deployment key’s' });
  });
});

describe('concurrent acts', () => {
  it('never fork the chain: two connections on the same file, acts interleaved', async () => {
    const secondConnection = new Db({ path: world.server.databasePath, busyTimeoutMs: 5000 });
    const second = withRecordKey(new SqliteDatabase(secondConnection), loadSigningKey(null, world.server.databasePath));
    const before = entryCount();
    try {
      const fromServer = Array.from({ length: 20 }, (_, i) => world.lead.post(`${path}/history/named`, { seq: 1, name: `Parallel ${i}` }));
      for (let i = 0; i < 20; i++) {
        await recordAudit(second, {
          procurementId: world.procurementId,
          actorId: world.userIds.editor,
          action: 'decision.status',
          detail: { change: 'reopen' },
        });
        await new Promise((resolve) => setImmediate(resolve));
      }
      expect((await Promise.all(fromServer)).every((r) => r.status === 201)).toBe(true);
    } finally {
      await secondConnection.close();
    }
    const positions = world.server.db.sqlite
      .prepare('SELECT position FROM record_entries WHERE procurement_id = ? ORDER BY position')
      .all(world.procurementId)
      .map((row) => (row as { position: number }).position);
    expect(positions.length).toBe(before + 40);
    expect(positions).toEqual(positions.map((_, i) => i + 1));
    const file = join(world.server.dir, 'after-concurrent.json');
    writeFileSync(file, JSON.stringify(await recordFile(world.server.services.db, world.procurementId)));
    expect((await verify(file)).output).toMatch(new RegExp(`^intact: ${before + 40} entries`));
  });
});

describe('who may read it', () => {
  it('is not found for outsiders, and needs signing in', async () => {
    for (const suffix of ['/record', '/record/download', '/record/verify.mjs']) {
      expect((await world.outsider.get(`${path}${suffix}`)).status, suffix).toBe(404);
      expect((await world.anonymous.get(`${path}${suffix}`)).status, suffix).toBe(401);
    }
  });

  it('filters by kind, borough, person and dates, and says what is wrong with a bad filter', async () => {
    const versions = (await world.viewer.get<RecordPage>(`${path}/record?kind=versions&pageSize=100`)).body;
    expect(versions.acts.every((a) => a.kind === 'versions')).toBe(true);
    const camden = (await world.viewer.get<RecordPage>(`${path}/record?borough=camden&pageSize=100`)).body;
    expect(camden.total).toBeGreaterThan(0);
    expect(camden.acts.every((a) => a.actor?.borough === 'camden')).toBe(true);
    const tom = (await world.viewer.get<RecordPage>(`${path}/record?person=${world.userIds.editor}&pageSize=100`)).body;
    expect(tom.acts.every((a) => a.actor?.id === world.userIds.editor)).toBe(true);
    const day = tom.acts[0]!.at.slice(0, 10);
    const onThatDay = (await world.viewer.get<RecordPage>(`${path}/record?from=${day}&to=${day}&pageSize=100`)).body;
    expect(onThatDay.acts.every((a) => a.at.startsWith(day))).toBe(true);
    expect(onThatDay.total).toBeGreaterThan(0);
    for (const [query, message] of [
      ['kind=everything', 'Choose a kind of act from the list.'],
      ['from=2026-02-30', 'Enter a real date, like 2026-03-27.'],
      ['from=2026-03-02&to=2026-03-01', 'The “from” date must be on or before the “to” date.'],
      ['person=Robert%27);DROP', 'Choose a person from the list.'],
    ]) {
      const response = await world.viewer.get(`${path}/record?${query}`);
      expect(response.status, query).toBe(400);
      expect(response.body.error.message, query).toBe(message);
    }
  });
});
