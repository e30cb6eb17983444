/**
 * A person's membership of a procurement, read from SQL, and the one way the server asks
 * the policy (shared/policy.ts) whether they may do something. Routes receive the
 * membership resolved once by the procurement scope (http/procurement-scope.ts); the
 * live-sync hook reads it here too.
 */
import type { MyStanding } from '../../../shared/api.js';
import { can, capabilities, policy, readOnlyReason, type Action, type Standing } from '../../../shared/policy.js';
import type { User } from '../auth/users.js';
import type { AccessMode } from '../collab/connection.js';
import type { Queries } from '../db/queries.js';
import { Forbidden, NotFound } from '../errors.js';

/** The signed-in person as a member of one procurement. */
export interface Membership extends Standing {
  procurementId: string;
  user: User;
  /** The borough they take part for (their own). */
  boroughId: string;
}

export interface StandingRow extends Standing {
  boroughId: string;
}

export async function standingOf(db: Queries, userId: string, procurementId: string): Promise<StandingRow | null> {
  const row = await db.first(
    db.kysely
      .selectFrom('procurement_members as m')
      .innerJoin('procurement_boroughs as pb', (join) =>
        join.onRef('pb.procurement_id', '=', 'm.procurement_id').onRef('pb.borough_id', '=', 'm.borough_id'),
      )
      .innerJoin('procurements as p', 'p.id', 'm.procurement_id')
      .select(['m.role', 'm.is_borough_lead', 'm.borough_id', 'pb.role as borough_role', 'p.lead_decides'])
      .where('m.procurement_id', '=', procurementId)
      .where('m.user_id', '=', userId),
  );
  if (!row) return null;
  return {
    role: row.role,
    boroughRole: row.borough_role,
    isBoroughLead: row.is_borough_lead === 1,
    leadDecides: row.lead_decides === 1,
    boroughId: row.borough_id,
  };
}

export const notAMember = () => new NotFound('This procurement was not found, or you are not part of it.');

/** The person's membership, or 404 for everyone else: existence does not leak. */
export async function requireMembership(db: Queries, user: User, procurementId: string): Promise<Membership> {
  const standing = await standingOf(db, user.id, procurementId);
  if (!standing) throw notAMember();
  return { ...standing, procurementId, user };
}

/** Refuses, with the policy's own words, what this member may not do. */
export function requirePermission(member: Standing, action: Action): void {
  if (!can(member, action)) throw new Forbidden(policy[action].refusal);
}

/**
 * Live sync's mode for a standing: the API's `edit`, and `editSpecification` for the
 * specification (someone who may only suggest there still writes the rest).
 */
export function liveMode(standing: Standing): AccessMode {
  if (!can(standing, 'edit')) return 'read-only';
  return can(standing, 'editSpecification') ? 'read-write' : 'suggest-only';
}

export function describeStanding(member: StandingRow, boroughName: string): MyStanding {
  return {
    role: member.role,
    boroughRole: member.boroughRole,
    boroughId: member.boroughId,
    isBoroughLead: member.isBoroughLead,
    can: capabilities(member),
    readOnlyReason: readOnlyReason(member, boroughName),
  };
}
