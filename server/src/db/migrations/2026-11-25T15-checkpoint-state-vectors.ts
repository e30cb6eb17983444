/**
 * A checkpoint's state vector, so a document that has not changed since its checkpoint
 * can answer its first clients straight from the stored bytes.
 * Frozen: a later change is a new migration.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE document_checkpoints ADD COLUMN state_vector BLOB`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE document_checkpoints DROP COLUMN state_vector`.execute(db);
}
