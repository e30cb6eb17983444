/**
 * Moving a server's SQLite database to PostgreSQL (`npm run admin -- migrate-to-postgres`)
 * for a council going to several servers: the demo procurement with its past (history,
 * a signed-off version, decisions, engagement, the record of formal acts) and a live
 * edit arrive whole and byte for byte, and a wrong target changes nothing.
 */
import pg from 'pg';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyToPostgres } from '../src/db/copy-to-postgres.js';
import { Db } from '../src/db/database.js';
import { runAdminCli } from './support/admin-cli.js';
import { changeLive, startDemoWorld } from './support/demo-world.js';
import { startTestPostgres, type TestPostgres } from './support/postgres.js';
import type { TestServer } from './support/test-server.js';

let postgres: TestPostgres;
let server: TestServer;
let source: Db;

beforeAll(async () => {
  postgres = await startTestPostgres();
  const world = await startDemoWorld();
  server = world.server;
  await changeLive(world, world.editor, (doc) => doc.getXmlFragment('specification').insert(0, [new Y.XmlText('Moved across')]));
  await server.stop();
  source = new Db({ path: server.databasePath, busyTimeoutMs: 1000 });
});
afterAll(async () => {
  await source?.close();
  await server?.remove();
  await postgres?.stop();
});

/** Every row of `table` as PostgreSQL holds it, in `order`. */
async function postgresRows(url: string, table: string, order: string): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: url });
  client.setTypeParser(20, Number);
  await client.connect();
  try {
    return (await client.query(`SELECT * FROM ${table} ORDER BY ${order}`)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}

function sqliteRows(table: string, order: string): Record<string, unknown>[] {
  return source.sqlite.prepare(`SELECT * FROM ${table} ORDER BY ${order}`).all() as Record<string, unknown>[];
}

async function appRowCount(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name NOT LIKE 'kysely%'",
    );
    let rows = 0;
    for (const { table_name } of tables.rows) rows += Number((await client.query(`SELECT count(*) AS n FROM "${table_name}"`)).rows[0].n);
    return rows;
  } finally {
    await client.end();
  }
}

describe('moving a SQLite database to PostgreSQL', () => {
  it('copies every table, the document log and the record byte for byte, and new rows continue after the copied ones', async () => {
    const url = await postgres.createDatabase();
    const report = await copyToPostgres(source, url);

    const copied = new Map(report.tables.map((table) => [table.name, table.rows]));
    for (const table of ['users', 'procurements', 'document_updates', 'history_versions', 'named_versions', 'signoffs', 'record_entries']) {
      const count = (source.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
      expect(count, table).toBeGreaterThan(0);
      expect(copied.get(table), table).toBe(count);
    }
    expect(report.documents).toBeGreaterThan(0);
    expect(await postgresRows(url, 'document_updates', 'document COLLATE "C", seq')).toEqual(
      sqliteRows('document_updates', 'document, seq'),
    );
    expect(await postgresRows(url, 'record_entries', 'procurement_id, position')).toEqual(
      sqliteRows('record_entries', 'procurement_id, position'),
    );
    expect(await postgresRows(url, 'users', 'id')).toEqual(sqliteRows('users', 'id'));

    // The document as the next server will load it: the live edit is in it.
    const doc = new Y.Doc();
    for (const row of await postgresRows(url, 'document_updates', 'document COLLATE "C", seq'))
      Y.applyUpdate(doc, row.update_bytes as Uint8Array);
    expect(doc.getXmlFragment('specification').toString()).toContain('Moved across');
    const heads = await postgresRows(url, 'document_heads', 'document COLLATE "C"');
    expect(heads.map((head) => head.last_seq)).toEqual(
      (
        source.sqlite.prepare('SELECT max(seq) AS n FROM document_updates GROUP BY document ORDER BY document').all() as { n: number }[]
      ).map((row) => row.n),
    );

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const highest = Number((await client.query('SELECT max(id) AS n FROM audit_events')).rows[0].n);
      const next = await client.query("INSERT INTO audit_events (at, action, detail) VALUES (1, 'test.after-move', '{}') RETURNING id");
      expect(Number(next.rows[0].id)).toBeGreaterThan(highest);
    } finally {
      await client.end();
    }
  });

  it('refuses a database that already holds data, and changes nothing in it', async () => {
    const url = await postgres.createDatabase();
    await copyToPostgres(source, url);
    const before = await appRowCount(url);
    await expect(copyToPostgres(source, url)).rejects.toThrow(/already holds data .*Nothing was copied/);
    expect(await appRowCount(url)).toBe(before);
  });

  it('copies nothing at all when PostgreSQL refuses one row', async () => {
    const url = await postgres.createDatabase();
    // A copy of the source with one value PostgreSQL cannot hold: text with a NUL in it.
    const copyPath = `${server.dir}/damaged.sqlite`;
    await source.sqlite.backup(copyPath);
    const damaged = new Db({ path: copyPath, busyTimeoutMs: 50 });
    try {
      damaged.sqlite.prepare("UPDATE procurements SET summary = 'before' || char(0) || 'after'").run();
      await expect(copyToPostgres(damaged, url)).rejects.toThrow(/PostgreSQL refused a row of procurements: .*Nothing was copied/);
    } finally {
      await damaged.close();
    }
    expect(await appRowCount(url)).toBe(0);
  });

  it('runs from the admin tool, saying what came across and what to do next', async () => {
    const url = await postgres.createDatabase();
    const result = await runAdminCli(server.databasePath, ['migrate-to-postgres', '--to', url]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Copied to PostgreSQL, and checked row by row/);
    expect(result.stdout).toMatch(/record_entries\s+\d/);
    expect(result.stdout).toMatch(/stop this server for good/);
    const again = await runAdminCli(server.databasePath, ['migrate-to-postgres', '--to', url]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already holds data/);
    const nowhere = await runAdminCli(server.databasePath, ['migrate-to-postgres']);
    expect(nowhere.code).toBe(1);
    expect(nowhere.stderr).toMatch(/Say where to/);
  });
});
