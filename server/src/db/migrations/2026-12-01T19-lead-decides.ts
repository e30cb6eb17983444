/**
 * A procurement setting for the lead-authority form of joint procurement: partner
 * boroughs suggest changes to the specification and the lead borough accepts or rejects
 * them. Off (0) for every existing procurement. Frozen: a later change is a new migration.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE procurements ADD COLUMN lead_decides INTEGER NOT NULL DEFAULT 0 CHECK (lead_decides IN (0, 1))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE procurements DROP COLUMN lead_decides`.execute(db);
}
