/**
 * What a database's schema looks like, read from SQLite's pragmas or PostgreSQL's
 * catalogue into one comparable shape: per table its columns (type, NOT NULL, default),
 * primary key, indexes, foreign keys, number of CHECK constraints and triggers. Equal
 * shapes mean the same queries see the same tables, keys and rules on either database.
 *
 * Written in each database's own words, then brought to common ones: SQLite's INTEGER is
 * PostgreSQL's bigint (or integer), TEXT is text, BLOB is bytea; a primary key column is
 * NOT NULL (PostgreSQL insists; SQLite lets a non-integer key be null by an old mistake
 * the app never relies on); defaults and index predicates lose PostgreSQL's casts and
 * brackets. Kysely's own migration tables are not the app's and are left out.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type pg from 'pg';

export interface ColumnShape {
  name: string;
  type: 'integer' | 'text' | 'blob' | 'real' | `unknown: ${string}`;
  notNull: boolean;
  /** The default as written, without casts; null when none. */
  default: string | null;
  /** The database numbers it when an insert leaves it out (SQLite's integer row key, PostgreSQL's identity). */
  generated: boolean;
}

export interface TableShape {
  /** By name: the app reads and writes columns by name, never by position. */
  columns: ColumnShape[];
  primaryKey: string[];
  /** "name: UNIQUE (a, b) WHERE …" for created indexes, "UNIQUE (a)" for a constraint's. */
  indexes: string[];
  /** "(a, b) → table (c, d) ON DELETE … ON UPDATE …" */
  foreignKeys: string[];
  checks: number;
  triggers: string[];
}

export interface SchemaShape {
  tables: Record<string, TableShape>;
  /** Views, virtual tables (FTS5) and their shadow tables: anything that is not a plain table. */
  others: string[];
}

const kyselysOwn = new Set(['kysely_migration', 'kysely_migration_lock']);

/** Lower case, no casts, no brackets, single spaces: `(role = 'lead'::text)` → `role = 'lead'`. */
function plainExpression(text: string): string {
  return text
    .replace(/::(text|bigint|integer|bytea|double precision|character varying)(\[\])?/gi, '')
    .replace(/[()]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

function byName(a: ColumnShape, b: ColumnShape): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function describeIndex(name: string | null, unique: boolean, columns: string[], predicate: string | null): string {
  const what = `${unique ? 'UNIQUE ' : ''}(${columns.join(', ')})${predicate ? ` WHERE ${plainExpression(predicate)}` : ''}`;
  return name ? `${name}: ${what}` : what;
}

function describeForeignKey(from: string[], table: string, to: string[], onDelete: string, onUpdate: string): string {
  return `(${from.join(', ')}) → ${table} (${to.join(', ')}) ON DELETE ${onDelete} ON UPDATE ${onUpdate}`;
}

const sqliteTypes: Record<string, ColumnShape['type']> = { INTEGER: 'integer', TEXT: 'text', BLOB: 'blob', REAL: 'real' };

/** The shape of a SQLite database, from its pragmas and `sqlite_master`. */
export function sqliteShape(sqlite: BetterSqlite3.Database): SchemaShape {
  const all = <T>(text: string, ...params: unknown[]) => sqlite.prepare(text).all(...params) as T[];
  const list = all<{ schema: string; name: string; type: string; wr: number }>('PRAGMA table_list').filter(
    (table) => table.schema === 'main' && !table.name.startsWith('sqlite_') && !kyselysOwn.has(table.name),
  );
  const shape: SchemaShape = {
    tables: {},
    others: list
      .filter((table) => table.type !== 'table')
      .map((table) => table.name)
      .sort(),
  };
  const definitions = all<{ type: string; name: string; tbl_name: string; sql: string | null }>(
    'SELECT type, name, tbl_name, sql FROM sqlite_master',
  );

  for (const { name: table, wr: withoutRowid } of list.filter((entry) => entry.type === 'table')) {
    const columns = all<{ name: string; type: string; notnull: number; dflt_value: string | null; pk: number }>(
      `PRAGMA table_info(${JSON.stringify(table)})`,
    );
    const primaryKey = columns.filter((column) => column.pk > 0).sort((a, b) => a.pk - b.pk);
    // A lone INTEGER PRIMARY KEY of a rowid table is the row id, which SQLite numbers.
    const rowId =
      withoutRowid === 0 && primaryKey.length === 1 && primaryKey[0]!.type.toUpperCase() === 'INTEGER' ? primaryKey[0]!.name : null;

    const indexes = all<{ name: string; unique: number; origin: string; partial: number }>(`PRAGMA index_list(${JSON.stringify(table)})`)
      .filter((index) => index.origin !== 'pk')
      .map((index) => {
        const keyColumns = all<{ seqno: number; name: string | null }>(`PRAGMA index_info(${JSON.stringify(index.name)})`)
          .sort((a, b) => a.seqno - b.seqno)
          .map((column) => column.name ?? '<expression>');
        const created = definitions.find((entry) => entry.type === 'index' && entry.name === index.name)?.sql ?? '';
        const predicate = index.partial ? created.slice(created.search(/\sWHERE\s/i)).replace(/^\s*WHERE\s/i, '') : null;
        return describeIndex(index.origin === 'c' ? index.name : null, index.unique === 1, keyColumns, predicate);
      });

    const references = all<{
      id: number;
      seq: number;
      table: string;
      from: string;
      to: string | null;
      on_update: string;
      on_delete: string;
    }>(`PRAGMA foreign_key_list(${JSON.stringify(table)})`);
    const foreignKeys = [...new Set(references.map((reference) => reference.id))].map((id) => {
      const parts = references.filter((reference) => reference.id === id).sort((a, b) => a.seq - b.seq);
      // A reference without columns means the other table's primary key.
      const to = parts.every((part) => part.to !== null)
        ? parts.map((part) => part.to!)
        : all<{ name: string; pk: number }>(`PRAGMA table_info(${JSON.stringify(parts[0]!.table)})`)
            .filter((column) => column.pk > 0)
            .sort((a, b) => a.pk - b.pk)
            .map((column) => column.name);
      return describeForeignKey(
        parts.map((part) => part.from),
        parts[0]!.table,
        to,
        parts[0]!.on_delete,
        parts[0]!.on_update,
      );
    });

    const createTable = definitions.find((entry) => entry.type === 'table' && entry.name === table)?.sql ?? '';
    shape.tables[table] = {
      columns: columns
        .map((column) => ({
          name: column.name,
          type: sqliteTypes[column.type.toUpperCase()] ?? `unknown: ${column.type}`,
          notNull: column.notnull === 1 || column.pk > 0,
          default: column.dflt_value === null ? null : plainExpression(column.dflt_value),
          generated: column.name === rowId,
        }))
        .sort(byName),
      primaryKey: primaryKey.map((column) => column.name),
      indexes: indexes.sort(),
      foreignKeys: foreignKeys.sort(),
      // Each CHECK stays in the table's CREATE text (ALTER TABLE … ADD COLUMN appends to it).
      checks: createTable.match(/\bCHECK\s*\(/gi)?.length ?? 0,
      triggers: definitions
        .filter((entry) => entry.type === 'trigger' && entry.tbl_name === table)
        .map((entry) => entry.name)
        .sort(),
    };
  }
  return shape;
}

const postgresTypes: Record<string, ColumnShape['type']> = {
  bigint: 'integer',
  integer: 'integer',
  text: 'text',
  bytea: 'blob',
  'double precision': 'real',
};

/** ON DELETE / ON UPDATE as pg_constraint codes them, in SQLite's words. */
const referentialActions: Record<string, string> = { a: 'NO ACTION', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };

/** The shape of a PostgreSQL database's `public` schema, from information_schema and pg_catalog. */
export async function postgresShape(client: pg.ClientBase): Promise<SchemaShape> {
  const rows = async <T>(text: string) => (await client.query(text)).rows as T[];
  const relations = await rows<{ table_name: string; table_type: string }>(
    `SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = 'public'`,
  );
  const tableNames = relations
    .filter((relation) => relation.table_type === 'BASE TABLE' && !kyselysOwn.has(relation.table_name))
    .map((relation) => relation.table_name);
  const shape: SchemaShape = {
    tables: {},
    others: relations
      .filter((relation) => relation.table_type !== 'BASE TABLE')
      .map((relation) => relation.table_name)
      .sort(),
  };

  const columns = await rows<{
    table_name: string;
    column_name: string;
    data_type: string;
    is_nullable: string;
    column_default: string | null;
    is_identity: string;
  }>(
    `SELECT table_name, column_name, data_type, is_nullable, column_default, is_identity FROM information_schema.columns WHERE table_schema = 'public'`,
  );
  // Column lists in key order, as text (a name[] would come back unparsed).
  const columnList = (relation: string, keys: string) => `(SELECT string_agg(a.attname, ',' ORDER BY k.i)
      FROM unnest(${keys}) WITH ORDINALITY AS k (attnum, i)
      JOIN pg_attribute a ON a.attrelid = ${relation} AND a.attnum = k.attnum)`;
  const constraints = await rows<{
    table_name: string;
    contype: string;
    columns: string;
    referenced: string | null;
    referenced_columns: string | null;
    on_delete: string;
    on_update: string;
  }>(
    `SELECT t.relname AS table_name, c.contype, ${columnList('c.conrelid', 'c.conkey')} AS columns,
       r.relname AS referenced, ${columnList('c.confrelid', 'c.confkey')} AS referenced_columns,
       c.confdeltype AS on_delete, c.confupdtype AS on_update
     FROM pg_constraint c
     JOIN pg_class t ON t.oid = c.conrelid
     JOIN pg_namespace n ON n.oid = t.relnamespace
     LEFT JOIN pg_class r ON r.oid = c.confrelid
     WHERE n.nspname = 'public' AND c.contype IN ('p', 'f', 'c')`,
  );
  const indexes = await rows<{
    table_name: string;
    index_name: string;
    unique: boolean;
    primary: boolean;
    from_constraint: boolean;
    columns: string;
    predicate: string | null;
  }>(
    `SELECT t.relname AS table_name, ix.relname AS index_name, i.indisunique AS unique, i.indisprimary AS primary,
       EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.contype IN ('u', 'p')) AS from_constraint,
       (SELECT string_agg(pg_get_indexdef(i.indexrelid, k, true), ',' ORDER BY k) FROM generate_series(1, i.indnkeyatts) AS k) AS columns,
       pg_get_expr(i.indpred, i.indrelid, true) AS predicate
     FROM pg_index i
     JOIN pg_class t ON t.oid = i.indrelid
     JOIN pg_class ix ON ix.oid = i.indexrelid
     JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE n.nspname = 'public'`,
  );
  const triggers = await rows<{ table_name: string; trigger_name: string }>(
    `SELECT t.relname AS table_name, g.tgname AS trigger_name
     FROM pg_trigger g JOIN pg_class t ON t.oid = g.tgrelid JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE n.nspname = 'public' AND NOT g.tgisinternal`,
  );

  for (const table of tableNames) {
    const ofTable = <T extends { table_name: string }>(list: T[]) => list.filter((row) => row.table_name === table);
    const primaryKey =
      ofTable(constraints)
        .find((constraint) => constraint.contype === 'p')
        ?.columns.split(',') ?? [];
    shape.tables[table] = {
      columns: ofTable(columns)
        .map((column) => ({
          name: column.column_name,
          type: postgresTypes[column.data_type] ?? `unknown: ${column.data_type}`,
          notNull: column.is_nullable === 'NO',
          default: column.column_default === null ? null : plainExpression(column.column_default),
          generated: column.is_identity === 'YES',
        }))
        .sort(byName),
      primaryKey,
      indexes: ofTable(indexes)
        .filter((index) => !index.primary)
        .map((index) =>
          describeIndex(index.from_constraint ? null : index.index_name, index.unique, index.columns.split(','), index.predicate),
        )
        .sort(),
      foreignKeys: ofTable(constraints)
        .filter((constraint) => constraint.contype === 'f')
        .map((constraint) =>
          describeForeignKey(
            constraint.columns.split(','),
            constraint.referenced!,
            constraint.referenced_columns!.split(','),
            referentialActions[constraint.on_delete]!,
            referentialActions[constraint.on_update]!,
          ),
        )
        .sort(),
      checks: ofTable(constraints).filter((constraint) => constraint.contype === 'c').length,
      triggers: ofTable(triggers)
        .map((trigger) => trigger.trigger_name)
        .sort(),
    };
  }
  return shape;
}

/** Text columns of a PostgreSQL database that do not compare byte by byte (no COLLATE "C"), as "table.column". */
export async function postgresTextColumnsNotBytewise(client: pg.ClientBase): Promise<string[]> {
  const result = await client.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns
     WHERE table_schema = 'public' AND data_type = 'text' AND collation_name IS DISTINCT FROM 'C'
     ORDER BY table_name, column_name`,
  );
  return result.rows.map((row) => `${row.table_name}.${row.column_name}`);
}
