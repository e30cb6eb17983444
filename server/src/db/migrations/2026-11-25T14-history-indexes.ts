/**
 * Finds the item ranges inserted by the updates of a stretch of the log quickly, to
 * build the state vector at any log position from the nearest version's.
 * Frozen: a later change is a new migration.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX history_insertions_by_seq ON history_insertions (document, seq)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX history_insertions_by_seq`.execute(db);
}
