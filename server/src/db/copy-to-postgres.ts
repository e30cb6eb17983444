/**
 * Moves a server's SQLite database to PostgreSQL, for a council going from one server to
 * several (`npm run admin -- migrate-to-postgres`): every row of every table, the
 * documents' whole update log (so history, versions and sign-offs stay as they were)
 * and the record of formal acts byte for byte (so its hash chain and signatures still
 * verify).
 *
 * One PostgreSQL transaction: it all arrives or nothing does. The target must be empty
 * of app rows, so a second run, or a run at the wrong database, changes nothing. Rows
 * are read from SQLite in batches, so a large log does not have to fit in memory.
 * Afterwards every table's row count and the log's content are compared on both sides.
 *
 * Left behind, by design: SQLite's full-text index (rebuilt from its rows where search
 * runs) and its bookkeeping tables.
 */
import { createHash } from 'node:crypto';
import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import { numbersForInt8 } from './postgres-types.js';
import type { Db } from './database.js';
import { migratePostgresToLatest } from './migrate.js';

export interface CopyReport {
  /** Rows copied per table, in the order they were copied. */
  tables: { name: string; rows: number }[];
  /** Documents whose log was copied, and their updates in all. */
  documents: number;
  updates: number;
}

/** Tables of SQLite's own, of Kysely's migrations, or of its full-text index: never copied. */
function isCopied(name: string): boolean {
  return !name.startsWith('sqlite_') && !name.startsWith('kysely_') && !name.startsWith('search_text');
}

/** PostgreSQL takes at most 65,535 parameters per statement. */
const parametersPerInsert = 30_000;

/**
 * Copies `source` into the PostgreSQL database at `url`, bringing its tables up to date
 * first. Throws, with nothing copied, when the target already holds app rows or
 * PostgreSQL refuses a row.
 */
export async function copyToPostgres(source: Db, url: string): Promise<CopyReport> {
  const pool = new pg.Pool({ connectionString: url, max: 2, types: numbersForInt8 });
  pool.on('error', () => {});
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tables are discovered at run time
  const target = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
  try {
    await migratePostgresToLatest(target);
    const tables = tablesInCopyOrder(source);
    const report = await target.transaction().execute(async (trx) => {
      await refuseUnlessEmpty(trx, tables);
      const copied: CopyReport['tables'] = [];
      for (const table of tables) copied.push({ name: table, rows: await copyTable(source, trx, table) });
      await sql`INSERT INTO document_heads (document, last_seq) SELECT document, max(seq) FROM document_updates GROUP BY document`.execute(
        trx,
      );
      await moveIdentitiesPastCopiedRows(trx);
      await checkCopied(source, trx, copied);
      const updates = copied.find((table) => table.name === 'document_updates')?.rows ?? 0;
      const documents = (source.sqlite.prepare('SELECT count(DISTINCT document) AS n FROM document_updates').get() as { n: number }).n;
      return { tables: copied, documents, updates };
    });
    return report;
  } finally {
    await target.destroy();
  }
}

/** Every copied table, each after the tables its foreign keys point at. */
function tablesInCopyOrder(source: Db): string[] {
  const names = (source.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[])
    .map((row) => row.name)
    .filter(isCopied);
  const ordered: string[] = [];
  const placing = new Set<string>();
  const place = (name: string): void => {
    if (ordered.includes(name) || placing.has(name)) return;
    placing.add(name);
    const parents = source.sqlite.prepare('SELECT "table" FROM pragma_foreign_key_list(?)').all(name) as { table: string }[];
    for (const parent of parents) if (parent.table !== name && names.includes(parent.table)) place(parent.table);
    ordered.push(name);
  };
  for (const name of names) place(name);
  return ordered;
}

async function refuseUnlessEmpty(trx: Transaction<unknown>, tables: readonly string[]): Promise<void> {
  for (const table of tables) {
    const { rows } = await sql<{ any: boolean }>`SELECT EXISTS (SELECT 1 FROM ${sql.table(table)}) AS any`.execute(trx);
    if (rows[0]?.any) {
      throw new Error(
        `The PostgreSQL database already holds data (table ${table}): move a SQLite database only into an empty one. Nothing was copied.`,
      );
    }
  }
}

async function copyTable(source: Db, trx: Transaction<unknown>, table: string): Promise<number> {
  const info = source.sqlite.prepare('SELECT name, pk FROM pragma_table_info(?)').all(table) as { name: string; pk: number }[];
  const quote = (column: string) => `"${column.replaceAll('"', '""')}"`;
  const columns = info.map((column) => column.name);
  const perInsert = Math.max(1, Math.floor(parametersPerInsert / columns.length));
  // In key order (rowid order for a table without a key): a stable order to read by.
  const key = info.filter((column) => column.pk > 0).sort((a, b) => a.pk - b.pk);
  const order = key.length > 0 ? key.map((column) => quote(column.name)).join(', ') : 'rowid';
  const rows = source.sqlite
    .prepare(`SELECT ${columns.map(quote).join(', ')} FROM ${quote(table)} ORDER BY ${order}`)
    .iterate() as IterableIterator<Record<string, unknown>>;
  let batch: Record<string, unknown>[] = [];
  let copied = 0;
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    try {
      await (trx as Transaction<Record<string, Record<string, unknown>>>).insertInto(table).values(batch).execute();
    } catch (error) {
      throw new Error(`PostgreSQL refused a row of ${table}: ${(error as Error).message}. Nothing was copied.`, { cause: error });
    }
    copied += batch.length;
    batch = [];
  };
  for (const row of rows) {
    batch.push(row);
    if (batch.length >= perInsert) await flush();
  }
  await flush();
  return copied;
}

/** Identity columns continue after the highest id copied, not from 1. */
async function moveIdentitiesPastCopiedRows(trx: Transaction<unknown>): Promise<void> {
  const { rows } = await sql<{ table_name: string; column_name: string }>`
    SELECT table_name, column_name FROM information_schema.columns
    WHERE table_schema = current_schema() AND is_identity = 'YES'
  `.execute(trx);
  for (const { table_name: table, column_name: column } of rows) {
    await sql`SELECT setval(pg_get_serial_sequence(${table}, ${column}), coalesce((SELECT max(${sql.ref(column)}) FROM ${sql.table(table)}), 0) + 1, false)`.execute(
      trx,
    );
  }
}

/** Row counts on both sides, and the document log's bytes in order, must agree. */
async function checkCopied(source: Db, trx: Transaction<unknown>, copied: CopyReport['tables']): Promise<void> {
  for (const { name, rows } of copied) {
    const { rows: counted } = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(name)}`.execute(trx);
    if (counted[0]?.n !== rows)
      throw new Error(`The copy of ${name} has ${counted[0]?.n} rows where SQLite has ${rows}. Nothing was copied.`);
  }
  const fromSqlite = createHash('sha256');
  for (const row of source.sqlite
    .prepare('SELECT document, seq, update_bytes FROM document_updates ORDER BY document, seq')
    .iterate() as IterableIterator<{
    document: string;
    seq: number;
    update_bytes: Buffer;
  }>) {
    fromSqlite.update(`${row.document}\n${row.seq}\n`).update(row.update_bytes);
  }
  const fromPostgres = createHash('sha256');
  // Page through by key, so the log is never all in memory at once.
  let after: { document: string; seq: number } = { document: '', seq: 0 };
  for (;;) {
    const { rows } = await sql<{ document: string; seq: number; update_bytes: Buffer }>`
      SELECT document, seq, update_bytes FROM document_updates
      WHERE (document COLLATE "C", seq) > (${after.document} COLLATE "C", ${after.seq})
      ORDER BY document COLLATE "C", seq LIMIT 2000
    `.execute(trx);
    if (rows.length === 0) break;
    for (const row of rows) fromPostgres.update(`${row.document}\n${row.seq}\n`).update(row.update_bytes);
    after = rows[rows.length - 1]!;
  }
  if (fromSqlite.digest('hex') !== fromPostgres.digest('hex'))
    throw new Error('The copied document log differs from SQLite’s. Nothing was copied.');
}
