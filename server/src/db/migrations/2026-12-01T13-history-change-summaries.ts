/**
 * What each version did to the things people recognise (requirements, paragraphs,
 * engagement activities, decisions), kept as the history records it, for the
 * timeline's summary ("3 requirements edited, 1 added"). Versions recorded before
 * have none (null) and show the areas they touched instead.
 * Frozen: a later change is a new migration.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE history_versions ADD COLUMN changes TEXT`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE history_versions DROP COLUMN changes`.execute(db);
}
