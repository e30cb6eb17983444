/**
 * The search index on PostgreSQL finds what SQLite's finds: the same pieces are put in
 * both, the same searches made of each, and the answers compared whole (which
 * procurement, kind, where, place, the snippet with its marked words, and the order).
 * By the starts of words, several words together, with or without accents and in any
 * case, by other forms of a word; nothing of a procurement the person is not a member
 * of; pieces replaced by a document, a thread or all comments; and the log position
 * each procurement is indexed up to. PostgreSQL is real (a private cluster); its
 * database's locale is C, where PostgreSQL itself would not fold "É".
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchResult } from '../../shared/search.js';
import { Db } from '../src/db/database.js';
import { migratePostgresToLatest, migrateToLatest } from '../src/db/migrate.js';
import { openPostgresDatabase, type PostgresDatabase } from '../src/db/postgres-database.js';
import type { Schema } from '../src/db/schema.js';
import { SqliteDatabase } from '../src/db/sqlite-database.js';
import { PostgresSearchIndex } from '../src/search/postgres-search-index.js';
import { searchWords } from '../src/search/query.js';
import type { SearchIndex, SearchPiece } from '../src/search/search-index.js';
import { SqliteSearchIndex } from '../src/search/sqlite-search-index.js';
import { startTestPostgres, type TestPostgres } from './support/postgres.js';
import { TestClock } from './support/test-clock.js';

let postgres: TestPostgres;
let folder: string;
let sqliteDb: Db;
let postgresUrl: string;
let postgresDb: PostgresDatabase;
let indexes: Indexes;
const cleanups: (() => Promise<void> | void)[] = [];

interface Indexes {
  sqlite: SearchIndex;
  postgres: SearchIndex;
}

beforeAll(async () => {
  postgres = await startTestPostgres();
  folder = mkdtempSync(join(tmpdir(), 'jointly-postgres-search-'));
  postgresUrl = await postgres.createDatabase();
  ({ sqliteDb, postgresDb, indexes } = await openBoth(postgresUrl));
});
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await postgres?.stop();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

let files = 0;
/** A new SQLite file and the PostgreSQL database at `url`, both migrated and holding the same people. */
async function openBoth(url: string): Promise<{ sqliteDb: Db; postgresDb: PostgresDatabase; indexes: Indexes }> {
  const sqliteDb = new Db({ path: join(folder, `app-${++files}.sqlite`), busyTimeoutMs: 1000, clock: new TestClock() });
  cleanups.push(() => {
    sqliteDb.sqlite.close();
  });
  await migrateToLatest(sqliteDb);
  const postgresDb = openPostgresDatabase({ url, clock: new TestClock() });
  cleanups.push(() => postgresDb.close());
  await migratePostgresToLatest(postgresDb.kysely);
  for (const kysely of [sqliteDb.kysely, postgresDb.kysely]) await seedPeople(kysely);
  return { sqliteDb, postgresDb, indexes: { sqlite: new SqliteSearchIndex(sqliteDb), postgres: new PostgresSearchIndex(postgresDb) } };
}

/** A new database whose own collation and character classes are British English (ICU), as a deployment's may be. */
async function britishDatabase(): Promise<string> {
  const admin = new pg.Client({ connectionString: postgres.adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE british TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-GB' LOCALE 'C.UTF-8'`);
  } finally {
    await admin.end();
  }
  return `postgres://postgres@127.0.0.1:${postgres.port}/british`;
}

/** Priya (Hackney) is a member of the housing procurement, Sam (Croydon) of the parking one, Jo of none. */
async function seedPeople(kysely: Kysely<Schema>): Promise<void> {
  await kysely
    .insertInto('boroughs')
    .values([
      { id: 'hackney', name: 'Hackney', official_name: 'London Borough of Hackney' },
      { id: 'croydon', name: 'Croydon', official_name: 'London Borough of Croydon' },
    ])
    .execute();
  const person = (id: string, name: string, borough: string) => ({
    id,
    email: `${id}@${borough}.demo`,
    email_key: `${id}@${borough}.demo`,
    display_name: name,
    borough_id: borough,
    password_hash: 'x',
    is_borough_admin: 0,
    created_at: 1,
    password_changed_at: 1,
  });
  await kysely
    .insertInto('users')
    .values([person('priya', 'Priya Shah', 'hackney'), person('sam', 'Sam Reid', 'croydon'), person('jo', 'Jo Bloggs', 'croydon')])
    .execute();
  for (const [procurement, title, user, borough] of [
    ['housing', 'Housing repairs', 'priya', 'hackney'],
    ['parking', 'Parking permits', 'sam', 'croydon'],
  ] as const) {
    await kysely
      .insertInto('procurements')
      .values({
        id: procurement,
        title,
        reference: '',
        summary: '',
        phase: 'specification',
        created_by: user,
        created_at: 1,
        updated_at: 1,
      })
      .execute();
    await kysely
      .insertInto('procurement_boroughs')
      .values({ procurement_id: procurement, borough_id: borough, role: 'lead', added_at: 1 })
      .execute();
    await kysely
      .insertInto('procurement_members')
      .values({ procurement_id: procurement, user_id: user, borough_id: borough, role: 'owner', is_borough_lead: 1, added_at: 1 })
      .execute();
  }
}

const requirement = (number: number, heading: string, body: string): SearchPiece => {
  const id = `REQ-${String(number).padStart(3, '0')}`;
  return {
    kind: 'requirement',
    place: { kind: 'specification', block: id },
    location: `${id}, ${heading}`,
    title: id,
    body,
    keys: String(number),
  };
};

const housing: SearchPiece[] = [
  requirement(1, 'Reporting a repair', 'Residents report repairs online, by phone or at the café in the town hall.'),
  requirement(
    4,
    'Scheduling and appointments',
    'The system must offer residents appointment slots. Scheduled visits are confirmed by text message, and a resident can move an appointment up to a day before it.',
  ),
  requirement(7, 'Naïve estimates', 'CAFÉ OPERATORS and Élan Vital submit estimates for each repair.'),
  {
    kind: 'block',
    place: { kind: 'specification', block: '3' },
    location: 'Specification, Service levels',
    title: '',
    body: 'Emergency repairs: attend within 2 hours.',
    keys: '',
  },
  {
    kind: 'engagement',
    place: { kind: 'engagement', entryId: 'e1' },
    location: 'Market engagement: Supplier day',
    title: 'Supplier day',
    body: 'Six suppliers attended the supplier day at the town hall.',
    keys: '',
  },
];
const parking: SearchPiece[] = [
  requirement(1, 'Permits', 'Appointment slots for parking wardens, repairs to meters, and a café.'),
  {
    kind: 'block',
    place: { kind: 'specification', block: '2' },
    location: 'Specification, Charges',
    title: '',
    body:
      'Charges are set by the council each year and published in advance. Residents pay by card, by phone or online. ' +
      'The tariff for a second car is higher: the tariff rises again for a third car, and a diesel surcharge applies to older vehicles. ' +
      'Visitors buy hourly vouchers, and carers are exempt from every charge listed here.',
    keys: '',
  },
];

/** The same typed search on both indexes: their answers must be equal; returns one. */
async function search(user: string, typed: string, on: Indexes = indexes): Promise<SearchResult[]> {
  const words = searchWords(typed);
  const onSqlite = await on.sqlite.search(user, words, 50);
  const onPostgres = await on.postgres.search(user, words, 50);
  expect(onPostgres, `${user} searching ${JSON.stringify(typed)}`).toEqual(onSqlite);
  return onPostgres;
}

async function onBoth(change: (index: SearchIndex) => Promise<void>, on: Indexes = indexes): Promise<void> {
  await change(on.sqlite);
  await change(on.postgres);
}

const blocks = (results: SearchResult[]) => results.map((result) => (result.place as { block?: string }).block ?? result.kind);
const marked = (result: SearchResult | undefined) => result?.snippet.filter((s) => s.match).map((s) => s.text) ?? [];
const snippetText = (result: SearchResult | undefined) => result?.snippet.map((s) => s.text).join('') ?? '';

describe('PostgreSQL finds what SQLite finds', () => {
  beforeAll(async () => {
    await onBoth((index) => index.replaceDocument('housing', housing, 10));
    await onBoth((index) => index.replaceDocument('parking', parking, 3));
  });

  it('by the starts of words, with the words marked and the same snippet', async () => {
    const [first, ...others] = await search('priya', 'appoint sl');
    expect(first).toMatchObject({
      procurement: { id: 'housing', title: 'Housing repairs' },
      kind: 'requirement',
      where: 'REQ-004, Scheduling and appointments',
      place: { kind: 'specification', block: 'REQ-004' },
    });
    expect(others).toEqual([]);
    expect(marked(first)).toEqual(['appointment', 'slots']);
    expect(snippetText(first)).toBe('The system must offer residents appointment slots. Scheduled visits are confirmed by text message…');
    expect(blocks(await search('priya', 'REQ-004'))).toEqual(['REQ-004']);
    expect(blocks(await search('priya', 'req 00'))).toEqual(['REQ-007', 'REQ-001', 'REQ-004']);
  });

  it('only where every word is, best first', async () => {
    // The shortest text first: each holds "repair" once.
    expect(blocks(await search('priya', 'repairs'))).toEqual(['3', 'REQ-007', 'REQ-001']);
    expect(blocks(await search('priya', 'town hall'))).toEqual(['engagement', 'REQ-001']);
    expect(await search('priya', 'appointment wombat')).toEqual([]);
    const [supplier] = await search('priya', 'supplier day');
    expect(marked(supplier)).toEqual(['suppliers', 'supplier', 'day']);
  });

  it('with or without accents, in any case', async () => {
    for (const typed of ['cafe', 'CAFÉ', 'café', 'Cafe\u0301']) {
      expect(blocks(await search('priya', typed)), typed).toEqual(['REQ-007', 'REQ-001']);
    }
    expect(marked((await search('priya', 'elan operators cafe'))[0])).toEqual(['CAFÉ', 'OPERATORS', 'Élan']);
    expect(blocks(await search('priya', 'OPÉRATORS'))).toEqual(['REQ-007']);
  });

  it('by other forms of a word: plural and singular, -ing and -ed', async () => {
    expect(blocks(await search('priya', 'repair'))).toEqual(blocks(await search('priya', 'repairs')));
    expect(blocks(await search('priya', 'appointments'))).toEqual(['REQ-004']);
    expect(blocks(await search('priya', 'scheduling'))).toEqual(['REQ-004']);
    expect(marked((await search('priya', 'estimate'))[0])).toEqual(['estimates']);
  });

  it('nothing of a procurement the person is not a member of', async () => {
    expect(new Set((await search('sam', 'appointment slots')).map((r) => r.procurement.id))).toEqual(new Set(['parking']));
    expect(await search('priya', 'parking wardens')).toEqual([]);
    for (const typed of ['repairs', 'a', 'cafe', 'req']) {
      expect(await search('jo', typed), typed).toEqual([]);
      expect(
        (await search('priya', typed)).every((r) => r.procurement.id === 'housing'),
        typed,
      ).toBe(true);
    }
    expect(await search('nobody', 'repairs')).toEqual([]);
  });

  it('cuts a long text to the same words around what was found', async () => {
    const [tariff] = await search('sam', 'tariff car');
    // "car" is the start of "card" too.
    expect(snippetText(tariff)).toBe('…Residents pay by card, by phone or online. The tariff for a second car…');
    expect(marked(tariff)).toEqual(['card', 'tariff', 'car']);
    expect(snippetText((await search('sam', 'carers exempt'))[0])).toBe(
      '…Visitors buy hourly vouchers, and carers are exempt from every charge listed here.',
    );
    expect(snippetText((await search('sam', 'council'))[0])).toMatch(/^Charges are set by the council .*…$/);
  });

  it('whatever is typed', async () => {
    for (const typed of [
      '',
      '"',
      "repairs' OR 1=1 --",
      'app*',
      'NOT repairs',
      ':*',
      '&|!()',
      '\\',
      '\u0000\uE000',
      '🙂 repairs',
      '中文',
      'x'.repeat(500),
    ]) {
      await search('priya', typed);
    }
  });
});

describe('replacing pieces', () => {
  it('a document’s pieces are replaced whole, their places brought up to date, its comments kept', async () => {
    await onBoth((index) => index.replaceDocument('housing', housing, 10));
    await onBoth((index) =>
      index.replaceComments('housing', [
        {
          kind: 'comment',
          place: { kind: 'thread', threadId: 't1', on: 'specification' },
          location: 'Comment by Priya Shah',
          title: '',
          body: 'Ask about the quokka clause.',
          keys: '',
          threadId: 't1',
        },
      ]),
    );
    const moved = { ...housing[3]!, place: { kind: 'specification' as const, block: '5' } };
    await onBoth((index) => index.replaceDocument('housing', [requirement(9, 'Wombats', 'Wombat burrows are reported.'), moved], 12));

    expect(await search('priya', 'appointment')).toEqual([]);
    expect(blocks(await search('priya', 'wombat'))).toEqual(['REQ-009']);
    expect((await search('priya', 'attend within'))[0]?.place).toEqual({ kind: 'specification', block: '5' });
    expect((await search('priya', 'quokka'))[0]).toMatchObject({ kind: 'comment', where: 'Comment by Priya Shah' });
    expect(await indexes.postgres.indexedSeq('housing')).toBe(12);
  });

  it('a thread’s pieces are replaced, and gone when it has none; all comments at once', async () => {
    const comment = (threadId: string, body: string) => ({
      kind: 'comment' as const,
      place: { kind: 'thread' as const, threadId, on: 'specification' as const },
      location: 'Comment by Priya Shah',
      title: '',
      body,
      keys: '',
    });
    await onBoth((index) =>
      index.replaceComments('housing', [
        { ...comment('t1', 'The platypus clause.'), threadId: 't1' },
        { ...comment('t2', 'The echidna clause.'), threadId: 't2' },
      ]),
    );
    expect(await search('priya', 'quokka')).toEqual([]);
    expect((await search('priya', 'clause')).map((r) => r.place)).toHaveLength(2);

    await onBoth((index) => index.replaceThread('housing', 't1', [comment('t1', 'The numbat clause.')]));
    expect(await search('priya', 'platypus')).toEqual([]);
    expect((await search('priya', 'numbat'))[0]?.place).toEqual({ kind: 'thread', threadId: 't1', on: 'specification' });
    expect(await search('priya', 'echidna')).toHaveLength(1);

    await onBoth((index) => index.replaceThread('housing', 't2', []));
    expect(await search('priya', 'echidna')).toEqual([]);
    expect(blocks(await search('priya', 'wombat'))).toEqual(['REQ-009']);
  });

  it('says how far each procurement is indexed, and 0 for one never indexed', async () => {
    for (const kysely of [sqliteDb.kysely, postgresDb.kysely]) {
      await kysely
        .insertInto('procurements')
        .values({ id: 'grounds', title: 'Grounds', reference: '', summary: '', phase: 'specification', created_at: 1, updated_at: 1 })
        .execute();
    }
    const expected = [
      { procurementId: 'grounds', indexedSeq: 0 },
      { procurementId: 'housing', indexedSeq: 12 },
      { procurementId: 'parking', indexedSeq: 3 },
    ];
    expect(await indexes.sqlite.procurements()).toEqual(expected);
    expect(await indexes.postgres.procurements()).toEqual(expected);
    for (const id of ['grounds', 'housing', 'parking']) {
      expect(await indexes.postgres.indexedSeq(id)).toBe(await indexes.sqlite.indexedSeq(id));
    }
  });

  it('keeps the pieces of a later position when a re-index of an earlier one ends after it', async () => {
    await onBoth((index) => index.replaceDocument('housing', [requirement(1, 'Kangaroos', 'Kangaroo crossings are signed.')], 11));
    expect(await search('priya', 'kangaroo')).toEqual([]);
    expect(blocks(await search('priya', 'wombat'))).toEqual(['REQ-009']);
    expect(await indexes.sqlite.indexedSeq('housing')).toBe(12);
    expect(await indexes.postgres.indexedSeq('housing')).toBe(12);
  });
});

describe('on PostgreSQL only', () => {
  it('counts rows copied from SQLite without their words as not indexed, and finds them once rebuilt', async () => {
    await sql`INSERT INTO search_entries (procurement_id, kind, place, location, position, title, body, keys)
              VALUES ('parking', 'block', '{"kind":"specification","block":"2"}', 'Specification', 1, '', 'Copied kiwi orchard.', '')`.execute(
      postgresDb.kysely,
    );
    expect(await indexes.postgres.indexedSeq('parking')).toBe(0);
    expect((await indexes.postgres.procurements()).find((p) => p.procurementId === 'parking')?.indexedSeq).toBe(0);

    const rebuilt = [
      ...parking,
      {
        kind: 'block' as const,
        place: { kind: 'specification' as const, block: '2' },
        location: 'Specification',
        title: '',
        body: 'Copied kiwi orchard.',
        keys: '',
      },
    ];
    await onBoth((index) => index.replaceDocument('parking', rebuilt, 4));
    expect(await indexes.postgres.indexedSeq('parking')).toBe(4);
    expect(blocks(await search('sam', 'kiwi'))).toEqual(['2']);
  });

  it('finds the same in a database whose locale is British English, where PostgreSQL itself would fold "É"', async () => {
    const british = await openBoth(await britishDatabase());
    await onBoth((index) => index.replaceDocument('housing', housing, 1), british.indexes);
    await onBoth((index) => index.replaceDocument('parking', parking, 1), british.indexes);
    // Each search is compared between SQLite and this PostgreSQL as it is made.
    for (const typed of ['appoint sl', 'req 00', 'repairs', 'elan operators cafe', 'a', 'supplier day']) {
      await search('priya', typed, british.indexes);
    }
    expect(blocks(await search('priya', 'CAFÉ', british.indexes))).toEqual(['REQ-007', 'REQ-001']);
    expect(marked((await search('sam', 'tariff car', british.indexes))[0])).toEqual(['card', 'tariff', 'car']);
  });

  it('two servers re-indexing one procurement at once leave one whole version of it: the latest position’s', async () => {
    const second = openPostgresDatabase({ url: postgresUrl, clock: new TestClock() });
    cleanups.push(() => second.close());
    await postgresDb.kysely
      .insertInto('procurement_members')
      .values({ procurement_id: 'parking', user_id: 'jo', borough_id: 'croydon', role: 'viewer', is_borough_lead: 0, added_at: 1 })
      .execute();
    const servers = [new PostgresSearchIndex(postgresDb), new PostgresSearchIndex(second)];
    const version = (n: number) =>
      Array.from({ length: 20 }, (_, block) => requirement(block + 1, 'Lights', `Lamp ${block} of version v${n}.`));
    await Promise.all(Array.from({ length: 8 }, (_, n) => servers[n % 2]!.replaceDocument('parking', version(n), 100 + n)));
    const rows = await postgresDb.kysely
      .selectFrom('search_entries')
      .select(['body', 'position'])
      .where('procurement_id', '=', 'parking')
      .where('thread_id', 'is', null)
      .orderBy('position')
      .execute();
    const last = Number(/version v(\d)/.exec(rows[0]!.body)![1]);
    expect(last).toBe(7);
    expect(rows.map((row) => row.body)).toEqual(version(last).map((piece) => piece.body));
    expect(await servers[1]!.indexedSeq('parking')).toBe(100 + last);
    expect(await indexes.postgres.search('jo', searchWords(`lamp v${last}`), 50)).toHaveLength(20);
  });

  it('refuses a database that is not PostgreSQL', () => {
    expect(() => new PostgresSearchIndex(new SqliteDatabase(sqliteDb))).toThrow(
      'PostgresSearchIndex needs a PostgreSQL database, not sqlite',
    );
  });
});
