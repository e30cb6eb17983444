/**
 * Boroughs, people, sessions, procurements and who takes part in each.
 * Frozen: a later change is a new migration.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`CREATE TABLE boroughs (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      official_name TEXT NOT NULL
    )`,
    sql`CREATE TABLE users (
      id TEXT PRIMARY KEY,
      email TEXT NOT NULL,
      email_key TEXT NOT NULL UNIQUE,
      display_name TEXT NOT NULL,
      borough_id TEXT NOT NULL REFERENCES boroughs (id),
      password_hash TEXT NOT NULL,
      is_borough_admin INTEGER NOT NULL DEFAULT 0,
      created_at INTEGER NOT NULL,
      password_changed_at INTEGER NOT NULL
    )`,
    sql`CREATE TABLE sessions (
      id TEXT PRIMARY KEY,
      secret_hash BLOB NOT NULL,
      user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      created_at INTEGER NOT NULL,
      last_active_at INTEGER NOT NULL
    )`,
    sql`CREATE INDEX sessions_by_user ON sessions (user_id)`,
    sql`CREATE TABLE login_failures (
      key TEXT NOT NULL,
      failed_at INTEGER NOT NULL
    )`,
    sql`CREATE INDEX login_failures_by_key ON login_failures (key, failed_at)`,
    sql`CREATE TABLE procurements (
      id TEXT PRIMARY KEY,
      title TEXT NOT NULL,
      reference TEXT NOT NULL DEFAULT '',
      summary TEXT NOT NULL DEFAULT '',
      phase TEXT NOT NULL,
      created_by TEXT REFERENCES users (id),
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    )`,
    sql`CREATE TABLE procurement_boroughs (
      procurement_id TEXT NOT NULL REFERENCES procurements (id) ON DELETE CASCADE,
      borough_id TEXT NOT NULL REFERENCES boroughs (id),
      role TEXT NOT NULL CHECK (role IN ('lead', 'partner', 'observer')),
      added_by TEXT REFERENCES users (id),
      added_at INTEGER NOT NULL,
      PRIMARY KEY (procurement_id, borough_id)
    )`,
    sql`CREATE UNIQUE INDEX one_lead_borough ON procurement_boroughs (procurement_id) WHERE role = 'lead'`,
    sql`CREATE TABLE procurement_members (
      procurement_id TEXT NOT NULL,
      user_id TEXT NOT NULL REFERENCES users (id),
      borough_id TEXT NOT NULL,
      role TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'viewer')),
      is_borough_lead INTEGER NOT NULL DEFAULT 0,
      added_by TEXT REFERENCES users (id),
      added_at INTEGER NOT NULL,
      PRIMARY KEY (procurement_id, user_id),
      FOREIGN KEY (procurement_id, borough_id)
        REFERENCES procurement_boroughs (procurement_id, borough_id) ON DELETE CASCADE
    )`,
    sql`CREATE INDEX members_by_user ON procurement_members (user_id)`,
    sql`CREATE UNIQUE INDEX one_borough_lead ON procurement_members (procurement_id, borough_id) WHERE is_borough_lead = 1`,
    sql`CREATE TABLE invitations (
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
    sql`CREATE INDEX invitations_by_procurement ON invitations (procurement_id)`,
    sql`CREATE TABLE audit_events (
      id INTEGER PRIMARY KEY,
      procurement_id TEXT,
      actor_id TEXT,
      action TEXT NOT NULL,
      detail TEXT NOT NULL DEFAULT '{}',
      at INTEGER NOT NULL
    )`,
    sql`CREATE INDEX audit_by_procurement ON audit_events (procurement_id, at)`,
  ];
  for (const statement of statements) await statement.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'audit_events',
    'invitations',
    'procurement_members',
    'procurement_boroughs',
    'procurements',
    'login_failures',
    'sessions',
    'users',
    'boroughs',
  ]) {
    await sql`DROP TABLE ${sql.table(table)}`.execute(db);
  }
}
