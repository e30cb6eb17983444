/**
 * The search index: one row per piece of a procurement that can be found (a requirement,
 * a block of the specification, an engagement activity, a decision, an option, a
 * comment), with the words of each in an FTS5 table that reads its text from those rows
 * (external content, kept in step by triggers). Rows are derived: the document's are
 * rebuilt from the live document, the comments' from their tables, and `search_progress`
 * says up to which log position each procurement's document is indexed, so a start-up
 * can catch up. Frozen: a later change is a new migration.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`CREATE TABLE search_entries (
      id INTEGER PRIMARY KEY,
      procurement_id TEXT NOT NULL REFERENCES procurements (id) ON DELETE CASCADE,
      kind TEXT NOT NULL CHECK (kind IN ('requirement', 'block', 'engagement', 'decision', 'option', 'comment')),
      thread_id TEXT,
      place TEXT NOT NULL,
      location TEXT NOT NULL,
      position INTEGER NOT NULL,
      title TEXT NOT NULL,
      body TEXT NOT NULL,
      keys TEXT NOT NULL,
      CHECK ((kind = 'comment') = (thread_id IS NOT NULL))
    )`,
    sql`CREATE INDEX search_entries_by_procurement ON search_entries (procurement_id, thread_id)`,
    sql`CREATE VIRTUAL TABLE search_text USING fts5 (
      title, body, keys,
      content = 'search_entries', content_rowid = 'id',
      tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
    )`,
    sql`CREATE TRIGGER search_entries_added AFTER INSERT ON search_entries BEGIN
      INSERT INTO search_text (rowid, title, body, keys) VALUES (new.id, new.title, new.body, new.keys);
    END`,
    sql`CREATE TRIGGER search_entries_removed AFTER DELETE ON search_entries BEGIN
      INSERT INTO search_text (search_text, rowid, title, body, keys) VALUES ('delete', old.id, old.title, old.body, old.keys);
    END`,
    sql`CREATE TABLE search_progress (
      procurement_id TEXT PRIMARY KEY REFERENCES procurements (id) ON DELETE CASCADE,
      indexed_seq INTEGER NOT NULL,
      indexed_at INTEGER NOT NULL
    )`,
  ];
  for (const statement of statements) await statement.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const statement of [
    sql`DROP TABLE search_progress`,
    sql`DROP TRIGGER search_entries_removed`,
    sql`DROP TRIGGER search_entries_added`,
    sql`DROP TABLE search_text`,
    sql`DROP TABLE search_entries`,
  ])
    await statement.execute(db);
}
