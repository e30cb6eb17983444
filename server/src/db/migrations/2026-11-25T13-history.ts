/**
 * Edit history, derived from the update log: versions (runs of edits by the same group
 * of people), which item ranges each update inserted and deleted (so every change in a
 * comparison is traced to the update that made it), named versions and sign-offs.
 * Frozen: a later change is a new migration.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`CREATE TABLE history_progress (
      document TEXT PRIMARY KEY,
      last_seq INTEGER NOT NULL,
      grouping TEXT NOT NULL DEFAULT '{}'
    )`,
    sql`CREATE TABLE history_versions (
      document TEXT NOT NULL,
      version INTEGER NOT NULL,
      first_seq INTEGER NOT NULL,
      last_seq INTEGER NOT NULL,
      started_at INTEGER NOT NULL,
      ended_at INTEGER NOT NULL,
      authors TEXT NOT NULL,
      boroughs TEXT NOT NULL,
      areas TEXT NOT NULL,
      updates INTEGER NOT NULL,
      bytes INTEGER NOT NULL,
      restore_of INTEGER,
      end_state_vector BLOB NOT NULL,
      PRIMARY KEY (document, version)
    )`,
    sql`CREATE INDEX history_versions_by_seq ON history_versions (document, last_seq)`,
    sql`CREATE TABLE history_insertions (
      document TEXT NOT NULL,
      client INTEGER NOT NULL,
      clock_start INTEGER NOT NULL,
      clock_end INTEGER NOT NULL,
      seq INTEGER NOT NULL,
      PRIMARY KEY (document, client, clock_start)
    ) WITHOUT ROWID`,
    sql`CREATE TABLE history_deletions (
      document TEXT NOT NULL,
      seq INTEGER NOT NULL,
      client INTEGER NOT NULL,
      clock_start INTEGER NOT NULL,
      clock_end INTEGER NOT NULL,
      PRIMARY KEY (document, seq, client, clock_start)
    ) WITHOUT ROWID`,
    sql`CREATE TABLE named_versions (
      id TEXT PRIMARY KEY,
      procurement_id TEXT NOT NULL REFERENCES procurements (id) ON DELETE CASCADE,
      seq INTEGER NOT NULL,
      name TEXT NOT NULL,
      note TEXT NOT NULL DEFAULT '',
      specification_hash TEXT NOT NULL,
      created_by TEXT NOT NULL REFERENCES users (id),
      created_at INTEGER NOT NULL
    )`,
    sql`CREATE INDEX named_versions_by_procurement ON named_versions (procurement_id, seq)`,
    sql`CREATE TABLE signoffs (
      id INTEGER PRIMARY KEY,
      procurement_id TEXT NOT NULL REFERENCES procurements (id) ON DELETE CASCADE,
      named_version_id TEXT NOT NULL REFERENCES named_versions (id),
      borough_id TEXT NOT NULL REFERENCES boroughs (id),
      specification_hash TEXT NOT NULL,
      signed_by TEXT NOT NULL REFERENCES users (id),
      signed_at INTEGER NOT NULL
    )`,
    sql`CREATE INDEX signoffs_by_procurement ON signoffs (procurement_id, borough_id, id)`,
  ];
  for (const statement of statements) await statement.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['signoffs', 'named_versions', 'history_deletions', 'history_insertions', 'history_versions', 'history_progress']) {
    await sql`DROP TABLE ${sql.table(table)}`.execute(db);
  }
}
