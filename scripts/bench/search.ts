/**
 * How fast search answers on a large deployment: 200 procurements of 300 requirements
 * each (with headings and paragraphs between them), indexed in a real SQLite file
 * through the same index and pieces as the server. 200 searches of varied words (one to
 * three words, whole or their starts, and requirement numbers) are timed for a person
 * who is a member of every procurement (every match is theirs to rank) and for one who
 * is a member of five. Also timed: re-indexing one procurement, as the server does after
 * each burst of edits. The goal is a p95 of 50 ms or less for a search.
 *
 *   npm run bench:search
 *
 * Standalone: no server; the accounts and memberships are written straight to SQL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { priorities, requirementElements, specificationOf } from '../../shared/doc-layout.js';
import { heading, paragraph, requirement } from '../../shared/spec-builders.js';
import { searchLimit } from '../../shared/search.js';
import { seedBoroughs } from '../../server/src/boroughs.js';
import { Db } from '../../server/src/db/database.js';
import { SqliteDatabase } from '../../server/src/db/sqlite-database.js';
import { migrateToLatest } from '../../server/src/db/migrate.js';
import { documentPieces } from '../../server/src/search/document-pieces.js';
import { searchWords } from '../../server/src/search/query.js';
import { SqliteSearchIndex } from '../../server/src/search/sqlite-search-index.js';
import { median, percentile, seededRandom } from './stats.js';

const procurementCount = 200;
const requirementsEach = 300;
const searches = 200;
const reindexRuns = 20;
const goalMs = 50;

const random = seededRandom(2026);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

// Words of the trade, and made-up ones so that most words are rare, as in real text.
const common =
  'the system must should could record track report repair repairs resident residents officer officers borough boroughs contractor contractors appointment appointments schedule scheduling diary operative operatives housing tenancy rent arrears case management work order orders priority urgent emergency routine inspection survey damp mould gas safety asbestos void voids lettings complaint complaints escalation audit data export import interface integration api single sign accessibility wcag mobile offline photo photos evidence invoice invoices payment budget cost report dashboard analytics performance satisfaction notification email text message letter language translation'.split(
    ' ',
  );
const syllables = ['ka', 'lo', 'mi', 'ne', 'tu', 'ra', 'si', 'vo', 'de', 'pa', 'qui', 'zor', 'bel', 'tan', 'gri', 'fos'];
const rare = Array.from({ length: 4000 }, () => Array.from({ length: 2 + Math.floor(random() * 3) }, () => pick(syllables)).join(''));
const vocabulary = [...common, ...rare];
const word = () => (random() < 0.6 ? pick(common) : pick(rare));
const sentence = (count: number) => {
  const text = Array.from({ length: count }, word).join(' ');
  return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
};

function buildDocument(): Y.Doc {
  const doc = new Y.Doc();
  const nodes: Y.XmlElement[] = [];
  for (let n = 1; n <= requirementsEach; n++) {
    if (n % 10 === 1) nodes.push(heading(2, sentence(3).slice(0, -1)), paragraph(sentence(40)));
    nodes.push(requirement({ number: n, priority: priorities[n % 4]!, appliesTo: [] }, [sentence(25 + (n % 20))]));
  }
  specificationOf(doc).insert(0, nodes);
  return doc;
}

function query(): string {
  const kind = random();
  if (kind < 0.1) return `REQ-${String(1 + Math.floor(random() * requirementsEach)).padStart(3, '0')}`;
  const count = 1 + Math.floor(random() * 3);
  return Array.from({ length: count }, () => {
    const whole = pick(vocabulary);
    // One word in three is typed only in part, as people do while they think.
    return random() < 0.33 ? whole.slice(0, Math.max(3, Math.ceil(whole.length / 2))) : whole;
  }).join(' ');
}

async function time(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

const format = (ms: number) => ms.toFixed(1);

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'jointly-bench-search-'));
  const db = new Db({ path: join(dir, 'search.sqlite'), busyTimeoutMs: 100 });
  try {
    await migrateToLatest(db);
    await seedBoroughs(new SqliteDatabase(db));
    const now = Date.now();
    const addUser = db.prepare(
      `INSERT INTO users (id, email, email_key, display_name, borough_id, password_hash, is_borough_admin, created_at, password_changed_at)
       VALUES (?, ?, ?, ?, 'hackney', 'x', 0, ?, ?)`,
    );
    const addProcurement = db.prepare(
      `INSERT INTO procurements (id, title, reference, summary, phase, created_by, created_at, updated_at) VALUES (?, ?, '', '', 'specification', NULL, ?, ?)`,
    );
    const addBorough = db.prepare(
      `INSERT INTO procurement_boroughs (procurement_id, borough_id, role, added_by, added_at) VALUES (?, 'hackney', 'lead', NULL, ?)`,
    );
    const addMember = db.prepare(
      `INSERT INTO procurement_members (procurement_id, user_id, borough_id, role, is_borough_lead, added_by, added_at) VALUES (?, ?, 'hackney', 'editor', 0, NULL, ?)`,
    );
    const everywhere = 'benchuserall00000001';
    const fewPlaces = 'benchuserfew00000001';
    const ids = Array.from({ length: procurementCount }, (_, i) => `benchprocurement${String(i).padStart(4, '0')}`);
    db.transaction(() => {
      for (const id of [everywhere, fewPlaces]) addUser.run(id, `${id}@hackney.gov.uk`, `${id}@hackney.gov.uk`, id, now, now);
      ids.forEach((id, i) => {
        addProcurement.run(id, `Procurement ${i + 1}`, now, now);
        addBorough.run(id, now);
        addMember.run(id, everywhere, now);
        if (i % 40 === 0) addMember.run(id, fewPlaces, now);
      });
    });

    const index = new SqliteSearchIndex(db);
    const started = performance.now();
    const firstTimes: number[] = [];
    let rows = 0;
    for (const id of ids) {
      const doc = buildDocument();
      const pieces = documentPieces(doc);
      rows += pieces.length;
      firstTimes.push(await time(() => index.replaceDocument(id, pieces, 1)));
      doc.destroy();
    }
    const buildSeconds = (performance.now() - started) / 1000;
    // Re-indexing one procurement as the server does after someone typed in a requirement:
    // read its pieces from the document, bring its rows up to date.
    const doc = buildDocument();
    await index.replaceDocument(ids[0]!, documentPieces(doc), 2);
    const reindexTimes: number[] = [];
    for (let i = 0; i < reindexRuns; i++) {
      const edited = requirementElements(specificationOf(doc))[i * 7]!.get(0) as Y.XmlElement;
      (edited.get(0) as Y.XmlText).insert(0, `${word()} `);
      reindexTimes.push(await time(() => index.replaceDocument(ids[0]!, documentPieces(doc), 3 + i)));
    }

    const queries = Array.from({ length: searches }, query);
    const measure = async (userId: string) => {
      const times: number[] = [];
      for (const q of queries) times.push(await time(() => index.search(userId, searchWords(q), searchLimit)));
      return times;
    };
    await measure(everywhere); // warm-up: the first searches read the index from disk
    const all = await measure(everywhere);
    const few = await measure(fewPlaces);

    console.log(
      `${procurementCount} procurements × ${requirementsEach} requirements: ${rows} indexed pieces, built in ${buildSeconds.toFixed(1)} s`,
    );
    console.log('');
    console.log('| | p50 ms | p95 ms | p95 ÷ 50 ms goal |');
    console.log('| --- | ---: | ---: | ---: |');
    for (const [label, run] of [
      [`search, member of all ${procurementCount} (${searches} searches)`, all],
      ['search, member of 5', few],
    ] as const) {
      const p95 = percentile(run, 95);
      console.log(`| ${label} | ${format(median(run))} | ${format(p95)} | ${(p95 / goalMs).toFixed(2)}× |`);
    }
    console.log(
      `| re-index one procurement after an edit (${requirementsEach} requirements) | ${format(median(reindexTimes))} | ${format(percentile(reindexTimes, 95))} | |`,
    );
    console.log(
      `| index a procurement from nothing (${requirementsEach} requirements) | ${format(median(firstTimes))} | ${format(percentile(firstTimes, 95))} | |`,
    );
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
