/**
 * Comment threads and their comments, scoped to a procurement. A thread is about a
 * stretch of the specification (anchored in the document by a mark), or a whole
 * engagement activity or decision option. Mentions name a member or a borough taking
 * part. Frozen: a later change is a new migration.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`CREATE TABLE comment_threads (
      id TEXT PRIMARY KEY,
      procurement_id TEXT NOT NULL REFERENCES procurements (id) ON DELETE CASCADE,
      subject_kind TEXT NOT NULL CHECK (subject_kind IN ('specification', 'engagement', 'decision-option')),
      entry_id TEXT,
      option_id TEXT,
      quote TEXT NOT NULL,
      created_by TEXT NOT NULL REFERENCES users (id),
      borough_id TEXT NOT NULL REFERENCES boroughs (id),
      created_at INTEGER NOT NULL,
      resolved_by TEXT REFERENCES users (id),
      resolved_at INTEGER,
      CHECK ((resolved_by IS NULL) = (resolved_at IS NULL)),
      CHECK ((subject_kind = 'specification') = (entry_id IS NULL)),
      CHECK ((subject_kind = 'decision-option') = (option_id IS NOT NULL))
    )`,
    sql`CREATE INDEX comment_threads_by_procurement ON comment_threads (procurement_id, created_at)`,
    sql`CREATE TABLE comments (
      id TEXT PRIMARY KEY,
      thread_id TEXT NOT NULL REFERENCES comment_threads (id) ON DELETE CASCADE,
      author_id TEXT NOT NULL REFERENCES users (id),
      borough_id TEXT NOT NULL REFERENCES boroughs (id),
      body TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      edited_at INTEGER,
      deleted_at INTEGER
    )`,
    sql`CREATE INDEX comments_by_thread ON comments (thread_id, created_at)`,
    sql`CREATE TABLE comment_mentions (
      comment_id TEXT NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
      kind TEXT NOT NULL CHECK (kind IN ('person', 'borough')),
      target_id TEXT NOT NULL,
      PRIMARY KEY (comment_id, kind, target_id)
    )`,
    sql`CREATE INDEX comment_mentions_by_target ON comment_mentions (kind, target_id)`,
  ];
  for (const statement of statements) await statement.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['comment_mentions', 'comments', 'comment_threads']) await sql`DROP TABLE ${sql.table(table)}`.execute(db);
}
