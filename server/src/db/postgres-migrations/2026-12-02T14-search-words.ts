/**
 * Search on PostgreSQL: each row of `search_entries` gets its words as a `tsvector`
 * (`words`), with a GIN index that finds rows by the starts of their words.
 *
 * The application folds accents and case before indexing and searching
 * (server/src/search/folded-words.ts), so PostgreSQL only stems: a text search
 * configuration, `jointly_search`, with the Porter stemmer that SQLite's index uses
 * ("repairs" finds "repair") and no stop words (SQLite's has none: "the" is a word like
 * any other). `words` is written by the index with the row; it is null in rows
 * written without it (copied from SQLite by `migrate-to-postgres`), which the index
 * counts as not yet indexed and rebuilds. Frozen: a later change is a new migration.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of [
    sql`CREATE TEXT SEARCH DICTIONARY jointly_porter (TEMPLATE = snowball, LANGUAGE = porter)`,
    sql`CREATE TEXT SEARCH CONFIGURATION jointly_search (COPY = english)`,
    sql`ALTER TEXT SEARCH CONFIGURATION jointly_search ALTER MAPPING REPLACE english_stem WITH jointly_porter`,
    sql`ALTER TABLE search_entries ADD COLUMN words tsvector`,
    sql`CREATE INDEX search_entries_words ON search_entries USING gin (words)`,
  ]) {
    await statement.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const statement of [
    sql`DROP INDEX search_entries_words`,
    sql`ALTER TABLE search_entries DROP COLUMN words`,
    sql`DROP TEXT SEARCH CONFIGURATION jointly_search`,
    sql`DROP TEXT SEARCH DICTIONARY jointly_porter`,
  ]) {
    await statement.execute(db);
  }
}
