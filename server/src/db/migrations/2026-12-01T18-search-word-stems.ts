/**
 * Search finds words by their stem: "repairs" finds "repair", "scheduled" finds
 * "scheduling" (FTS5's Porter stemmer over the same Unicode tokeniser). The FTS table is
 * made again with it and rebuilt from the rows it indexes, which stay as they are.
 * Frozen: a later change is a new migration.
 */
import { sql, type Kysely } from 'kysely';

const create = (tokenize: string) =>
  sql`CREATE VIRTUAL TABLE search_text USING fts5 (
    title, body, keys,
    content = 'search_entries', content_rowid = 'id',
    tokenize = ${sql.lit(tokenize)}, prefix = '2 3'
  )`;

async function remake(db: Kysely<any>, tokenize: string): Promise<void> {
  await sql`DROP TABLE search_text`.execute(db);
  await create(tokenize).execute(db);
  await sql`INSERT INTO search_text (search_text) VALUES ('rebuild')`.execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  await remake(db, 'porter unicode61 remove_diacritics 2');
}

export async function down(db: Kysely<any>): Promise<void> {
  await remake(db, 'unicode61 remove_diacritics 2');
}
