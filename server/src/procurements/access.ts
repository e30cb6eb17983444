/**
 * A person's standing in a procurement, read from SQL: the one place access is decided
 * for the API and live sync alike.
 */
import type { MyStanding } from '../../../shared/api.js';
import { canEdit, canManageOwnBorough, isOwner, readOnlyReason, type Standing } from '../../../shared/roles.js';
import type { Db } from '../db/database.js';
import { NotFound } from '../errors.js';

export interface StandingRow extends Standing {
  boroughId: string;
}

export function standingOf(db: Db, userId: string, procurementId: string): StandingRow | null {
  const row = db.first(
    db.kysely
      .selectFrom('procurement_members as m')
      .innerJoin('procurement_boroughs as pb', (join) =>
        join.onRef('pb.procurement_id', '=', 'm.procurement_id').onRef('pb.borough_id', '=', 'm.borough_id'),
      )
      .select(['m.role', 'm.is_borough_lead', 'm.borough_id', 'pb.role as borough_role'])
      .where('m.procurement_id', '=', procurementId)
      .where('m.user_id', '=', userId),
  );
  if (!row) return null;
  return { role: row.role, boroughRole: row.borough_role, isBoroughLead: row.is_borough_lead === 1, boroughId: row.borough_id };
}

/** The standing of a member, or 404 for everyone else: existence does not leak. */
export function requireStanding(db: Db, userId: string, procurementId: string): StandingRow {
  const standing = standingOf(db, userId, procurementId);
  if (!standing) throw new NotFound('This procurement was not found, or you are not part of it.');
  return standing;
}

export function describeStanding(standing: StandingRow, boroughName: string): MyStanding {
  return {
    role: standing.role,
    boroughRole: standing.boroughRole,
    boroughId: standing.boroughId,
    isBoroughLead: standing.isBoroughLead,
    canEdit: canEdit(standing),
    isOwner: isOwner(standing),
    canManageOwnBorough: canManageOwnBorough(standing),
    readOnlyReason: readOnlyReason(standing, boroughName),
  };
}
