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
import type { Database, Queries } from '../db/queries.js';
import { Forbidden } from '../errors.js';
import { standingOf } from '../procurements/access.js';
import { connectionOf } from '../sso/connections.js';
import { mayIssue } from './procurement-invitations.js';
import { gone, openInvitation } from './records.js';

export async function previewInvitation(db: Queries, token: string): Promise<InvitationPreview> {
  const row = await openInvitation(db, token);
  const procurement = row.procurement_id
    ? ((await db.first(db.kysely.selectFrom('procurements').select(['id', 'title']).where('id', '=', row.procurement_id))) ?? null)
    : null;
  const inviter = await db.first(db.kysely.selectFrom('users').select('display_name').where('id', '=', row.created_by));
  return {
    email: row.email,
    borough: await boroughSummary(db, row.borough_id),
    procurement,
    role: row.role,
    invitedBy: inviter?.display_name ?? '',
    expiresAt: new Date(row.expires_at).toISOString(),
  };
}

/** Creates the invitee's account and membership; returns the new user (to sign them in). */
export async function acceptInvitation(db: Database, token: string, input: NewAccountDetails): Promise<User> {
  const invited = await openInvitation(db, token);
  // A password account would be one its holder could never use.
  if ((await connectionOf(db, invited.borough_id))?.requiresSso) {
    const borough = (await boroughSummary(db, invited.borough_id)).name;
    throw new Forbidden(
      `${borough} asks everyone to sign in with their council account, so this link cannot create a password. ` +
        `Choose “Sign in with your council account” on the sign-in page, then ask whoever invited you to add you.`,
    );
  }
  // Hashing takes tens of milliseconds: do it before the transaction, which holds the database.
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const row = await openInvitation(tx, token);
    const claimed = await tx.run(
      tx.kysely.updateTable('invitations').set({ accepted_at: tx.now() }).where('id', '=', row.id).where('accepted_at', 'is', null),
    );
    if (claimed !== 1) throw gone();
    // The membership it offers, or null for an invitation to the service alone.
    const membership =
      row.procurement_id && row.role ? await offeredMembership(tx, row.procurement_id, row.borough_id, row.role, row.created_by) : null;
    if (!membership && !(await issuerStillAdmin(tx, row.created_by, row.borough_id))) throw gone();
    if (await findUserByEmail(tx, row.email)) throw gone();
    const user = await createUser(tx, { email: row.email, name: input.name, boroughId: row.borough_id, passwordHash });
    await tx.run(tx.kysely.updateTable('invitations').set({ accepted_by: user.id }).where('id', '=', row.id));
    if (membership) {
      await tx.run(
        tx.kysely.insertInto('procurement_members').values({
          procurement_id: membership.procurementId,
          user_id: user.id,
          borough_id: row.borough_id,
          role: membership.role,
          is_borough_lead: 0,
          added_by: row.created_by,
          added_at: tx.now(),
        }),
      );
    }
    await recordAudit(tx, {
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
async function offeredMembership(
  db: Queries,
  procurementId: string,
  boroughId: string,
  role: MemberRole,
  issuerId: string,
): Promise<{ procurementId: string; role: MemberRole }> {
  const taking = await db.first(
    db.kysely
      .selectFrom('procurement_boroughs')
      .select('role')
      .where('procurement_id', '=', procurementId)
      .where('borough_id', '=', boroughId),
  );
  if (!taking) throw gone();
  const issuerHasAccess = !!(await db.first(
    db.kysely.selectFrom('users').select('id').where('id', '=', issuerId).where('access_removed_at', 'is', null),
  ));
  if (!issuerHasAccess || !mayIssue(await standingOf(db, issuerId, procurementId), { boroughId, role })) throw gone();
  return { procurementId, role: taking.role === 'observer' ? 'viewer' : role };
}

/** An invitation to the service holds only while the admin who sent it still is one. */
async function issuerStillAdmin(db: Queries, userId: string, boroughId: string): Promise<boolean> {
  return !!(await db.first(
    db.kysely
      .selectFrom('users')
      .select('id')
      .where('id', '=', userId)
      .where('is_borough_admin', '=', 1)
      .where('access_removed_at', 'is', null)
      .where('borough_id', '=', boroughId),
  ));
}
