/**
 * A link's preview, and accepting it: the invitee's account, the membership it offers
 * (if any) and the link marked used, in one transaction. Accepting checks again that the
 * issuer may still give what the link offers.
 */
import type { InvitationPreview, NewAccountDetails } from '../../../shared/api.js';
import type { MemberRole } from '../../../shared/roles.js';
import { recordAudit } from '../audit.js';
import { hashPassword } from '../auth/passwords.js';
import { boroughSummary, createUser, findUserByEmail, type User } from '../auth/users.js';
import type { Db } from '../db/database.js';
import { Forbidden } from '../errors.js';
import { standingOf } from '../procurements/access.js';
import { connectionOf } from '../sso/connections.js';
import { mayIssue } from './procurement-invitations.js';
import { gone, openInvitation } from './records.js';

export function previewInvitation(db: Db, token: string): InvitationPreview {
  const row = openInvitation(db, token);
  const procurement = row.procurement_id
    ? (db.first(db.kysely.selectFrom('procurements').select(['id', 'title']).where('id', '=', row.procurement_id)) ?? null)
    : null;
  const inviter = db.first(db.kysely.selectFrom('users').select('display_name').where('id', '=', row.created_by));
  return {
    email: row.email,
    borough: boroughSummary(db, row.borough_id),
    procurement,
    role: row.role,
    invitedBy: inviter?.display_name ?? '',
    expiresAt: new Date(row.expires_at).toISOString(),
  };
}

/** Creates the invitee's account and membership; returns the new user (to sign them in). */
export async function acceptInvitation(db: Db, token: string, input: NewAccountDetails): Promise<User> {
  const invited = openInvitation(db, token);
  // A password account would be one its holder could never use.
  if (connectionOf(db, invited.borough_id)?.requiresSso) {
    const borough = boroughSummary(db, invited.borough_id).name;
    throw new Forbidden(
      `${borough} asks everyone to sign in with their council account, so this link cannot create a password. ` +
        `Choose “Sign in with your council account” on the sign-in page, then ask whoever invited you to add you.`,
    );
  }
  // Hashing takes tens of milliseconds: do it before the (synchronous) transaction.
  const passwordHash = await hashPassword(input.password);
  return db.transaction(() => {
    const row = openInvitation(db, token);
    const claimed = db.run(
      db.kysely.updateTable('invitations').set({ accepted_at: db.now() }).where('id', '=', row.id).where('accepted_at', 'is', null),
    );
    if (claimed !== 1) throw gone();
    // The membership it offers, or null for an invitation to the service alone.
    const membership =
      row.procurement_id && row.role ? offeredMembership(db, row.procurement_id, row.borough_id, row.role, row.created_by) : null;
    if (!membership && !issuerStillAdmin(db, row.created_by, row.borough_id)) throw gone();
    if (findUserByEmail(db, row.email)) throw gone();
    const user = createUser(db, { email: row.email, name: input.name, boroughId: row.borough_id, passwordHash });
    db.run(db.kysely.updateTable('invitations').set({ accepted_by: user.id }).where('id', '=', row.id));
    if (membership) {
      db.run(
        db.kysely.insertInto('procurement_members').values({
          procurement_id: membership.procurementId,
          user_id: user.id,
          borough_id: row.borough_id,
          role: membership.role,
          is_borough_lead: 0,
          added_by: row.created_by,
          added_at: db.now(),
        }),
      );
    }
    recordAudit(db, {
      procurementId: row.procurement_id,
      actorId: user.id,
      action: membership ? 'invitation.accepted' : 'colleague-invitation.accepted',
      detail: { invitationId: row.id },
    });
    return user;
  });
}

/**
 * The role an invitation to a procurement still gives: none once the borough has left or
 * the issuer may no longer give it (removed, demoted, access removed); viewer once the
 * borough only observes.
 */
function offeredMembership(
  db: Db,
  procurementId: string,
  boroughId: string,
  role: MemberRole,
  issuerId: string,
): { procurementId: string; role: MemberRole } {
  const taking = db.first(
    db.kysely
      .selectFrom('procurement_boroughs')
      .select('role')
      .where('procurement_id', '=', procurementId)
      .where('borough_id', '=', boroughId),
  );
  if (!taking) throw gone();
  const issuerHasAccess = !!db.first(
    db.kysely.selectFrom('users').select('id').where('id', '=', issuerId).where('access_removed_at', 'is', null),
  );
  if (!issuerHasAccess || !mayIssue(standingOf(db, issuerId, procurementId), { boroughId, role })) throw gone();
  return { procurementId, role: taking.role === 'observer' ? 'viewer' : role };
}

/** An invitation to the service holds only while the admin who sent it still is one. */
function issuerStillAdmin(db: Db, userId: string, boroughId: string): boolean {
  return !!db.first(
    db.kysely
      .selectFrom('users')
      .select('id')
      .where('id', '=', userId)
      .where('is_borough_admin', '=', 1)
      .where('access_removed_at', 'is', null)
      .where('borough_id', '=', boroughId),
  );
}
