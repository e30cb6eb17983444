/**
 * Borough administration: an invitation may be to the service alone (a borough admin
 * inviting a colleague) rather than to one procurement, and an account's access can be
 * removed (someone who has left the council) without deleting what they wrote.
 * Frozen: a later change is a new migration.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // SQLite cannot relax NOT NULL in place: the table is rebuilt with its rows.
  const statements = [
    sql`CREATE TABLE invitations_next (
      id TEXT PRIMARY KEY,
      secret_hash BLOB NOT NULL,
      procurement_id TEXT REFERENCES procurements (id) ON DELETE CASCADE,
      borough_id TEXT NOT NULL REFERENCES boroughs (id),
      email TEXT NOT NULL,
      role TEXT CHECK (role IN ('owner', 'editor', 'viewer')),
      created_by TEXT NOT NULL REFERENCES users (id),
      created_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL,
      accepted_at INTEGER,
      accepted_by TEXT REFERENCES users (id),
      CHECK ((procurement_id IS NULL) = (role IS NULL))
    )`,
    sql`INSERT INTO invitations_next SELECT id, secret_hash, procurement_id, borough_id, email, role, created_by,
      created_at, expires_at, accepted_at, accepted_by FROM invitations`,
    sql`DROP TABLE invitations`,
    sql`ALTER TABLE invitations_next RENAME TO invitations`,
    sql`CREATE INDEX invitations_by_procurement ON invitations (procurement_id)`,
    sql`CREATE INDEX invitations_by_borough ON invitations (borough_id, created_at)`,
    sql`ALTER TABLE users ADD COLUMN access_removed_at INTEGER`,
  ];
  for (const statement of statements) await statement.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`ALTER TABLE users DROP COLUMN access_removed_at`,
    sql`DELETE FROM invitations WHERE procurement_id IS NULL`,
    sql`CREATE TABLE invitations_previous (
      id TEXT PRIMARY KEY,
      secret_hash BLOB NOT NULL,
      procurement_id TEXT NOT NULL REFERENCES procurements (id) ON DELETE CASCADE,
      borough_id TEXT NOT NULL REFERENCES boroughs (id),
      email TEXT NOT NULL,
      role TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'viewer')),
      created_by TEXT NOT NULL REFERENCES users (id),
      created_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL,
      accepted_at INTEGER,
      accepted_by TEXT REFERENCES users (id)
    )`,
    sql`INSERT INTO invitations_previous SELECT * FROM invitations`,
    sql`DROP TABLE invitations`,
    sql`ALTER TABLE invitations_previous RENAME TO invitations`,
    sql`CREATE INDEX invitations_by_procurement ON invitations (procurement_id)`,
  ];
  for (const statement of statements) await statement.execute(db);
}
