/**
 * PostgreSQL has every table SQLite has, in the same shape, so the app's queries run on
 * either: both databases are migrated from nothing and their schemas read back and
 * compared (support/schema-shape.ts). A SQLite migration without its PostgreSQL twin
 * fails here. What differs on purpose is listed below with its reason.
 */
import { Kysely, Migrator, PostgresDialect, type Migration, type MigrationProvider } from 'kysely';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { numbersForInt8 } from '../src/db/postgres-types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Db } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { postgresMigrations } from '../src/db/postgres-migrations/index.js';
import type { Schema } from '../src/db/schema.js';
import { startTestPostgres, type TestPostgres } from './support/postgres.js';
import { postgresShape, postgresTextColumnsNotBytewise, sqliteShape, type SchemaShape } from './support/schema-shape.js';

/** PostgreSQL's own: one row per document to lock, so that servers take turns writing its log. */
const onlyOnPostgres = ['document_heads'];
/**
 * PostgreSQL's full-text search, in place of SQLite's FTS5 table: each search row's
 * words as a tsvector, with the index that finds them (see the migration
 * 2026-12-02T14-search-words).
 */
const fullTextOnPostgres = { table: 'search_entries', column: 'words', index: 'search_entries_words: (words)' };
/** SQLite's full-text index (FTS5) and its shadow tables: searching on PostgreSQL is a piece of work of its own. */
const fullTextOnSqlite = ['search_text', 'search_text_config', 'search_text_data', 'search_text_docsize', 'search_text_idx'];
/** The triggers that feed that index. */
const fullTextTriggers = { search_entries: ['search_entries_added', 'search_entries_removed'] };
/**
 * The document log's text columns came before the rule that text compares byte by byte.
 * Nothing sorts by them in SQL and equality is byte by byte under any collation, so they
 * behave as SQLite's do.
 */
const logColumnsInTheServersCollation = [
  'document_checkpoints.document',
  'document_clients.document',
  'document_clients.user_id',
  'document_heads.document',
  'document_updates.author_id',
  'document_updates.document',
];

class PostgresMigrations implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return postgresMigrations;
  }
}

let postgres: TestPostgres;
let folder: string;
const cleanups: (() => Promise<void> | void)[] = [];
beforeAll(async () => {
  postgres = await startTestPostgres();
  folder = mkdtempSync(join(tmpdir(), 'jointly-postgres-schema-'));
});
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await postgres?.stop();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

let files = 0;
/** A new SQLite file brought up to the newest schema, as a server's start does. */
async function migratedSqlite(): Promise<Db> {
  const db = new Db({ path: join(folder, `jointly-${++files}.sqlite`), busyTimeoutMs: 1000 });
  cleanups.push(() => {
    db.sqlite.close();
  });
  await migrateToLatest(db);
  return db;
}

let databases = 0;
/**
 * A new database whose own collation is British English (ICU), as a deployment's may
 * well be: there, text sorts "a A b B" and only a column's COLLATE "C" sorts it as
 * SQLite does.
 */
async function britishDatabase(): Promise<string> {
  const name = `british_${++databases}`;
  const admin = new pg.Client({ connectionString: postgres.adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-GB' LOCALE 'C'`);
  } finally {
    await admin.end();
  }
  return `postgres://postgres@127.0.0.1:${postgres.port}/${name}`;
}

/** A new PostgreSQL database brought up to the newest schema. */
async function migratedPostgres(): Promise<{ pool: pg.Pool; kysely: Kysely<Schema> }> {
  const pool = new pg.Pool({ connectionString: await britishDatabase(), max: 2, types: numbersForInt8 });
  const kysely = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  cleanups.push(() => kysely.destroy());
  const { error, results } = await new Migrator({ db: kysely, provider: new PostgresMigrations() }).migrateToLatest();
  if (error) throw new Error(`PostgreSQL migration failed: ${(error as Error).message}`, { cause: error });
  expect(results?.map((result) => result.status)).toEqual(Object.keys(postgresMigrations).map(() => 'Success'));
  return { pool, kysely };
}

async function shapeOfPostgres(pool: pg.Pool): Promise<SchemaShape> {
  const client = await pool.connect();
  try {
    return await postgresShape(client);
  } finally {
    client.release();
  }
}

/** SQLite's shape without its full-text index, and PostgreSQL's without its own table: what must be equal. */
function comparable(sqlite: SchemaShape, postgres: SchemaShape) {
  const sqliteTables = structuredClone(sqlite.tables);
  for (const [table, triggers] of Object.entries(fullTextTriggers)) {
    sqliteTables[table]!.triggers = sqliteTables[table]!.triggers.filter((trigger) => !triggers.includes(trigger));
  }
  const postgresTables = structuredClone(
    Object.fromEntries(Object.entries(postgres.tables).filter(([table]) => !onlyOnPostgres.includes(table))),
  );
  const searchTable = postgresTables[fullTextOnPostgres.table];
  if (searchTable) {
    searchTable.columns = searchTable.columns.filter((column) => column.name !== fullTextOnPostgres.column);
    searchTable.indexes = searchTable.indexes.filter((index) => index !== fullTextOnPostgres.index);
  }
  return { sqliteTables, postgresTables };
}

describe('the app’s tables on PostgreSQL', () => {
  it('are every table SQLite has, with the same columns, keys, indexes, foreign keys, checks and triggers', async () => {
    const sqlite = sqliteShape((await migratedSqlite()).sqlite);
    const postgresSide = await shapeOfPostgres((await migratedPostgres()).pool);
    const { sqliteTables, postgresTables } = comparable(sqlite, postgresSide);

    // Table names first, so a missing table is said plainly before the long comparison.
    expect(Object.keys(postgresTables).sort()).toEqual(Object.keys(sqliteTables).sort());
    expect(postgresTables).toEqual(sqliteTables);
    expect(sqlite.others).toEqual(fullTextOnSqlite);
    expect(postgresSide.others).toEqual([]);
    expect(Object.keys(postgresSide.tables)).toEqual(expect.arrayContaining(onlyOnPostgres));
    const searchTable = postgresSide.tables[fullTextOnPostgres.table]!;
    expect(searchTable.columns.find((column) => column.name === fullTextOnPostgres.column)).toMatchObject({
      type: 'unknown: tsvector',
      notNull: false,
    });
    expect(searchTable.indexes).toContain(fullTextOnPostgres.index);
  });

  it('would notice a SQLite change made without its PostgreSQL twin', async () => {
    const db = await migratedSqlite();
    const postgresSide = await shapeOfPostgres((await migratedPostgres()).pool);
    db.sqlite.exec(`ALTER TABLE comments ADD COLUMN added_without_a_twin INTEGER`);
    db.sqlite.exec(`CREATE INDEX comments_by_author ON comments (author_id)`);
    const { sqliteTables, postgresTables } = comparable(sqliteShape(db.sqlite), postgresSide);

    expect(postgresTables.comments).not.toEqual(sqliteTables.comments);
    expect({ ...postgresTables, comments: null }).toEqual({ ...sqliteTables, comments: null });
  });

  it('compares and sorts text byte by byte, as SQLite does, whatever the server’s locale', async () => {
    const db = await migratedSqlite();
    const { pool, kysely } = await migratedPostgres();
    const client = await pool.connect();
    try {
      expect(await postgresTextColumnsNotBytewise(client)).toEqual(logColumnsInTheServersCollation);
    } finally {
      client.release();
    }

    // Upper case before lower, punctuation between, accents last: the order of the bytes
    // (the database's own British order would be "_ a A b B e é Z").
    const ids = ['b', 'B', 'a', 'Z', '_', 'é', 'e', 'A'];
    const rows = ids.map((id) => ({ id, name: `Borough ${id}`, official_name: `London Borough ${id}` }));
    await db.kysely.insertInto('boroughs').values(rows).execute();
    await kysely.insertInto('boroughs').values(rows).execute();
    const order = (found: { id: string }[]) => found.map((row) => row.id);
    const onSqlite = order(await db.kysely.selectFrom('boroughs').select('id').where('id', 'in', ids).orderBy('id').execute());
    const onPostgres = order(await kysely.selectFrom('boroughs').select('id').where('id', 'in', ids).orderBy('id').execute());
    expect(onSqlite).toEqual(['A', 'B', 'Z', '_', 'a', 'b', 'e', 'é']);
    expect(onPostgres).toEqual(onSqlite);
  });

  it('give back times, counts, flags and bytes as SQLite does: numbers and Buffers', async () => {
    const db = await migratedSqlite();
    const { kysely } = await migratedPostgres();
    // The last instant a JavaScript Date can hold, in milliseconds: far past 32 bits.
    const lastDate = 8_640_000_000_000_000;
    const secret = Buffer.from([0, 1, 127, 128, 255]);
    const stateVector = Buffer.from([1, 0, 2, 0, 255, 255, 255, 255, 15]);

    for (const target of [db.kysely, kysely]) {
      await target.insertInto('boroughs').values({ id: 'hackney', name: 'Hackney', official_name: 'London Borough of Hackney' }).execute();
      await target
        .insertInto('users')
        .values({
          id: 'priya',
          email: 'Lead@Hackney.demo',
          email_key: 'lead@hackney.demo',
          display_name: 'Priya Shah',
          borough_id: 'hackney',
          password_hash: 'scrypt$…',
          is_borough_admin: 1,
          created_at: lastDate,
          password_changed_at: lastDate - 1,
        })
        .execute();
      await target
        .insertInto('sessions')
        .values({ id: 'session-1', secret_hash: secret, user_id: 'priya', created_at: lastDate, last_active_at: lastDate })
        .execute();
      await target
        .insertInto('procurements')
        .values({
          id: 'housing',
          title: 'Housing repairs',
          reference: 'JP-2026-014',
          summary: '',
          phase: 'specification',
          created_by: 'priya',
          created_at: lastDate,
          updated_at: lastDate,
        })
        .execute();
      await target
        .insertInto('history_versions')
        .values({
          document: 'housing',
          version: 1,
          first_seq: 1,
          last_seq: 2 ** 40,
          started_at: lastDate - 60_000,
          ended_at: lastDate,
          authors: '["priya"]',
          boroughs: '["hackney"]',
          areas: '["specification"]',
          updates: 2,
          bytes: 5_000_000_000,
          restore_of: null,
          end_state_vector: stateVector,
          changes: null,
        })
        .execute();
      const first = await target
        .insertInto('audit_events')
        .values({ action: 'procurement.created', detail: '{}', at: lastDate })
        .returning('id')
        .executeTakeFirstOrThrow();
      const second = await target
        .insertInto('audit_events')
        .values({ action: 'member.added', detail: '{"user":"priya"}', at: lastDate })
        .returning('id')
        .executeTakeFirstOrThrow();
      expect([first.id, second.id]).toEqual([1, 2]);
    }

    const read = async (from: Kysely<Schema>) => ({
      users: await from.selectFrom('users').selectAll().execute(),
      sessions: await from.selectFrom('sessions').selectAll().execute(),
      procurements: await from.selectFrom('procurements').selectAll().execute(),
      versions: await from.selectFrom('history_versions').selectAll().execute(),
      audit: await from.selectFrom('audit_events').selectAll().orderBy('id').execute(),
    });
    const onSqlite = await read(db.kysely);
    const onPostgres = await read(kysely);
    expect(onPostgres).toEqual(onSqlite);

    expect(onPostgres.users[0]).toMatchObject({ created_at: lastDate, is_borough_admin: 1, access_removed_at: null });
    expect(onPostgres.procurements[0]).toMatchObject({ lead_decides: 0, reference: 'JP-2026-014' });
    expect(onPostgres.versions[0]).toMatchObject({ last_seq: 2 ** 40, bytes: 5_000_000_000 });
    expect(onPostgres.audit.map((event) => [event.id, event.action])).toEqual([
      [1, 'procurement.created'],
      [2, 'member.added'],
    ]);
    const session = onPostgres.sessions[0]!;
    expect(Buffer.isBuffer(session.secret_hash) && session.secret_hash.equals(secret)).toBe(true);
    expect(Buffer.from(onPostgres.versions[0]!.end_state_vector).equals(stateVector)).toBe(true);
  });

  it('keep the record of formal acts append-only, with SQLite’s words', async () => {
    const db = await migratedSqlite();
    const { kysely } = await migratedPostgres();
    const entry = {
      procurement_id: 'housing',
      position: 1,
      entry: '{"act":"signed"}',
      previous_hash: '0'.repeat(64),
      hash: 'a'.repeat(64),
    };
    const head = { procurement_id: 'housing', position: 1, hash: 'a'.repeat(64), signature: 'signed', key_id: 'key-1', signed_at: 1 };
    const refusals: Record<string, string[]> = {};
    for (const [name, target] of [
      ['sqlite', db.kysely],
      ['postgres', kysely],
    ] as const) {
      await target
        .insertInto('procurements')
        .values({
          id: 'housing',
          title: 'Housing repairs',
          reference: '',
          summary: '',
          phase: 'specification',
          created_at: 1,
          updated_at: 1,
        })
        .execute();
      await target.insertInto('record_entries').values(entry).execute();
      await target.insertInto('record_heads').values(head).execute();
      const attempts = [
        target.updateTable('record_entries').set({ entry: '{"act":"forged"}' }).execute(),
        target.deleteFrom('record_entries').execute(),
        target.updateTable('record_heads').set({ signature: 'forged' }).execute(),
        target.deleteFrom('record_heads').execute(),
      ];
      refusals[name] = (await Promise.allSettled(attempts)).map((attempt) =>
        attempt.status === 'rejected' ? (attempt.reason as Error).message : 'allowed',
      );
      expect(await target.selectFrom('record_entries').selectAll().execute()).toEqual([entry]);
      expect(await target.selectFrom('record_heads').selectAll().execute()).toEqual([head]);
    }
    expect(refusals.sqlite).toEqual([
      'the record of formal acts is append-only',
      'the record of formal acts is append-only',
      'signed heads of the record are append-only',
      'signed heads of the record are append-only',
    ]);
    expect(refusals.postgres).toEqual(refusals.sqlite);
  });
});
