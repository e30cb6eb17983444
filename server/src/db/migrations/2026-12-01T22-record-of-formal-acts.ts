/**
 * The record of formal acts: per procurement, an append-only chain of entries. Each
 * entry keeps the exact text that was hashed (canonical JSON: when, who with their name
 * and borough then, what, its details), the hash of the entry before it, and its own
 * SHA-256 over that previous hash and the text. The database refuses to change or
 * delete an entry. After each act the deployment signs the head (Ed25519) in
 * `record_heads`, also append-only. A sign-off keeps the head its borough saw.
 *
 * The record starts empty: acts before this migration stay in `audit_events` only, since
 * nobody could now vouch for the names and boroughs they had then. Frozen: a later
 * change is a new migration.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`CREATE TABLE record_entries (
      procurement_id TEXT NOT NULL REFERENCES procurements (id),
      position INTEGER NOT NULL CHECK (position >= 1),
      entry TEXT NOT NULL,
      previous_hash TEXT NOT NULL,
      hash TEXT NOT NULL,
      PRIMARY KEY (procurement_id, position)
    ) WITHOUT ROWID`,
    sql`CREATE TRIGGER record_entries_never_change BEFORE UPDATE ON record_entries
      BEGIN SELECT RAISE(ABORT, 'the record of formal acts is append-only'); END`,
    sql`CREATE TRIGGER record_entries_never_go BEFORE DELETE ON record_entries
      BEGIN SELECT RAISE(ABORT, 'the record of formal acts is append-only'); END`,
    sql`CREATE TABLE record_heads (
      procurement_id TEXT NOT NULL REFERENCES procurements (id),
      position INTEGER NOT NULL,
      hash TEXT NOT NULL,
      signature TEXT NOT NULL,
      key_id TEXT NOT NULL,
      signed_at INTEGER NOT NULL,
      PRIMARY KEY (procurement_id, position, key_id)
    ) WITHOUT ROWID`,
    sql`CREATE TRIGGER record_heads_never_change BEFORE UPDATE ON record_heads
      BEGIN SELECT RAISE(ABORT, 'signed heads of the record are append-only'); END`,
    sql`CREATE TRIGGER record_heads_never_go BEFORE DELETE ON record_heads
      BEGIN SELECT RAISE(ABORT, 'signed heads of the record are append-only'); END`,
    sql`ALTER TABLE signoffs ADD COLUMN record_position INTEGER`,
    sql`ALTER TABLE signoffs ADD COLUMN record_hash TEXT`,
  ];
  for (const statement of statements) await statement.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE signoffs DROP COLUMN record_hash`.execute(db);
  await sql`ALTER TABLE signoffs DROP COLUMN record_position`.execute(db);
  await sql`DROP TABLE record_heads`.execute(db);
  await sql`DROP TABLE record_entries`.execute(db);
}
