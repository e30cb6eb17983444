/**
 * What needs a person's attention, one row per event: mentioned in a comment, a reply in
 * a thread they take part in (and, later, suggestions waiting for them and decisions on
 * theirs). Each row says who did what where, so an email digest can later be sent from
 * the same rows. Frozen: a later change is a new migration.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`CREATE TABLE notifications (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      user_id TEXT NOT NULL REFERENCES users (id),
      procurement_id TEXT NOT NULL REFERENCES procurements (id) ON DELETE CASCADE,
      kind TEXT NOT NULL CHECK (kind IN ('mention', 'reply')),
      thread_id TEXT REFERENCES comment_threads (id) ON DELETE CASCADE,
      comment_id TEXT REFERENCES comments (id) ON DELETE CASCADE,
      actor_id TEXT NOT NULL REFERENCES users (id),
      created_at INTEGER NOT NULL,
      read_at INTEGER
    )`,
    sql`CREATE INDEX notifications_for_user ON notifications (user_id, read_at, id)`,
  ];
  for (const statement of statements) await statement.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE notifications`.execute(db);
}
