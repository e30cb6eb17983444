/**
 * Which borough an account belongs to, kept true: each borough's email domains (so an
 * invitation to another borough's address is caught before it is sent), and corrections
 * of an account's borough, asked for by one borough's admin and approved by the other's,
 * kept for good so that history can say which borough someone was credited to then.
 * Frozen: a later change is a new migration.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`CREATE TABLE borough_email_domains (
      domain TEXT PRIMARY KEY,
      borough_id TEXT NOT NULL REFERENCES boroughs (id),
      added_by TEXT REFERENCES users (id),
      added_at INTEGER NOT NULL
    )`,
    sql`CREATE INDEX borough_email_domains_by_borough ON borough_email_domains (borough_id)`,
    sql`CREATE TABLE borough_corrections (
      id TEXT PRIMARY KEY,
      user_id TEXT NOT NULL REFERENCES users (id),
      from_borough_id TEXT NOT NULL REFERENCES boroughs (id),
      to_borough_id TEXT NOT NULL REFERENCES boroughs (id),
      reason TEXT NOT NULL,
      requested_by TEXT NOT NULL REFERENCES users (id),
      requested_at INTEGER NOT NULL,
      outcome TEXT CHECK (outcome IN ('approved', 'declined', 'withdrawn')),
      decided_by TEXT REFERENCES users (id),
      decided_at INTEGER,
      CHECK (from_borough_id != to_borough_id),
      CHECK ((outcome IS NULL) = (decided_at IS NULL))
    )`,
    // One open request per account: a second would race the first.
    sql`CREATE UNIQUE INDEX borough_corrections_one_open ON borough_corrections (user_id) WHERE outcome IS NULL`,
    sql`CREATE INDEX borough_corrections_by_user ON borough_corrections (user_id, decided_at)`,
  ];
  for (const statement of statements) await statement.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE borough_corrections`.execute(db);
  await sql`DROP TABLE borough_email_domains`.execute(db);
}
