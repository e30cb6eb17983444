/**
 * Decisions on suggested changes, one row each: what was proposed, by whom and when (from
 * the suggestion's id), who accepted or rejected it and when, and the log position of
 * the update that did it. Derived from the document log as it is committed, so the
 * record names the people who really proposed and decided.
 *
 * "For you" learns two kinds of event: a suggestion waiting for someone's decision, and a
 * decision on someone's suggestion. SQLite cannot widen a CHECK in place, so the table
 * is rebuilt (rows and ids kept), with `suggestion_id` and `detail` (what the event says,
 * for the list and a later email). Frozen: a later change is a new migration.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`CREATE TABLE suggestion_decisions (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      procurement_id TEXT NOT NULL REFERENCES procurements (id) ON DELETE CASCADE,
      suggestion_id TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('insertion', 'deletion', 'requirement', 'priority', 'applies-to', 'other')),
      outcome TEXT NOT NULL CHECK (outcome IN ('accepted', 'rejected')),
      summary TEXT NOT NULL,
      place TEXT,
      suggested_by TEXT NOT NULL,
      suggested_at INTEGER NOT NULL,
      decided_by TEXT REFERENCES users (id),
      decided_at INTEGER NOT NULL,
      seq INTEGER NOT NULL
    )`,
    sql`CREATE INDEX suggestion_decisions_by_position ON suggestion_decisions (procurement_id, seq)`,
    sql`CREATE TABLE notifications_next (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      user_id TEXT NOT NULL REFERENCES users (id),
      procurement_id TEXT NOT NULL REFERENCES procurements (id) ON DELETE CASCADE,
      kind TEXT NOT NULL CHECK (kind IN ('mention', 'reply', 'suggestion-waiting', 'suggestion-decided')),
      thread_id TEXT REFERENCES comment_threads (id) ON DELETE CASCADE,
      comment_id TEXT REFERENCES comments (id) ON DELETE CASCADE,
      suggestion_id TEXT,
      detail TEXT,
      actor_id TEXT NOT NULL REFERENCES users (id),
      created_at INTEGER NOT NULL,
      read_at INTEGER
    )`,
    sql`INSERT INTO notifications_next (id, user_id, procurement_id, kind, thread_id, comment_id, actor_id, created_at, read_at)
      SELECT id, user_id, procurement_id, kind, thread_id, comment_id, actor_id, created_at, read_at FROM notifications`,
    sql`DROP TABLE notifications`,
    sql`ALTER TABLE notifications_next RENAME TO notifications`,
    sql`CREATE INDEX notifications_for_user ON notifications (user_id, read_at, id)`,
  ];
  for (const statement of statements) await statement.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DELETE FROM notifications WHERE kind NOT IN ('mention', 'reply')`.execute(db);
  await sql`DROP TABLE suggestion_decisions`.execute(db);
}
