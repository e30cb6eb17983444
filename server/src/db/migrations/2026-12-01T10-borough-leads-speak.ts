/**
 * A borough lead speaks for their borough, so they must be an editor or owner of a lead
 * or partner borough: viewers and observers' members who were marked lead before the
 * rule stop being leads. Frozen: a later change is a new migration.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`UPDATE procurement_members SET is_borough_lead = 0
    WHERE is_borough_lead = 1 AND (role = 'viewer' OR EXISTS (
      SELECT 1 FROM procurement_boroughs pb
      WHERE pb.procurement_id = procurement_members.procurement_id AND pb.borough_id = procurement_members.borough_id AND pb.role = 'observer'))`.execute(
    db,
  );
}

export async function down(): Promise<void> {
  // Who was a lead before cannot be known again; nothing to undo.
}
