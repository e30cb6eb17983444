/**
 * Invitations to one procurement, from its owners and borough leads. An invitation speaks
 * with its issuer's authority, so it lives only as long as that authority: whoever
 * loses a right loses the invitations they sent that needed it.
 */
import type { CreatedInvitation, CreateInvitationRequest, Invitation } from '../../../shared/api.js';
import { can } from '../../../shared/policy.js';
import type { MemberRole } from '../../../shared/roles.js';
import { requireInviteeOfBorough } from '../account-boroughs/email-domains.js';
import { recordAudit } from '../audit.js';
import { findUserByEmail } from '../auth/users.js';
import type { Database, Queries } from '../db/queries.js';
import { Conflict, Invalid, NotFound } from '../errors.js';
import { requirePermission, standingOf, type Membership, type StandingRow } from '../procurements/access.js';
import { invitationColumns, invitationLink, issueInvitation, toInvitation } from './records.js';

/** May someone of this standing (still) invite into `boroughId` with `role`? */
export function mayIssue(issuer: StandingRow | null, invitation: { boroughId: string; role: MemberRole | null }): boolean {
  if (!issuer || !can(issuer, 'manageOwnBorough')) return false;
  if (invitation.boroughId !== issuer.boroughId && !can(issuer, 'manageAnyMember')) return false;
  return invitation.role !== 'owner' || can(issuer, 'makeOwner');
}

/** Invitations an owner (all boroughs) or a borough lead (their own) may see. */
export async function listInvitations(db: Queries, member: Membership): Promise<Invitation[]> {
  requirePermission(member, 'manageOwnBorough');
  let query = db.kysely
    .selectFrom('invitations as i')
    .innerJoin('users as u', 'u.id', 'i.created_by')
    .select(invitationColumns)
    .where('i.procurement_id', '=', member.procurementId)
    .orderBy('i.created_at', 'desc');
  if (!can(member, 'manageAnyMember')) query = query.where('i.borough_id', '=', member.boroughId);
  const invitations: Invitation[] = [];
  for (const row of await db.all(query)) invitations.push(await toInvitation(db, row));
  return invitations;
}

export async function createInvitation(
  db: Database,
  member: Membership,
  input: CreateInvitationRequest,
  publicOrigin: string,
): Promise<CreatedInvitation> {
  requirePermission(member, 'manageOwnBorough');
  if (input.role === 'owner') requirePermission(member, 'makeOwner');
  if (input.role !== 'viewer' && member.boroughRole === 'observer') {
    throw new Invalid('Your borough is observing, so people you invite can only be viewers.', { role: 'Choose viewer' });
  }
  // People join as staff of the inviter's borough, so never someone of another borough.
  await requireInviteeOfBorough(db, input.email, member.boroughId, input.worksForBorough ?? false);
  // Only people of the boroughs taking part are named: for anyone else the answer is the
  // same whether or not they have an account.
  const existing = await findUserByEmail(db, input.email);
  if (existing && (await standingOrBoroughTakingPart(db, member.procurementId, existing.boroughId))) {
    throw new Conflict('That person already has an account. Add them as a member instead.');
  }
  const { id, secret } = await issueInvitation(db, {
    procurementId: member.procurementId,
    boroughId: member.boroughId,
    email: input.email,
    role: input.role,
    createdBy: member.user.id,
  });
  const row = (await db.first(
    db.kysely
      .selectFrom('invitations as i')
      .innerJoin('users as u', 'u.id', 'i.created_by')
      .select(invitationColumns)
      .where('i.id', '=', id),
  ))!;
  return { ...(await toInvitation(db, row)), link: invitationLink(publicOrigin, id, secret) };
}

async function standingOrBoroughTakingPart(db: Queries, procurementId: string, boroughId: string): Promise<boolean> {
  return !!(await db.first(
    db.kysely
      .selectFrom('procurement_boroughs')
      .select('role')
      .where('procurement_id', '=', procurementId)
      .where('borough_id', '=', boroughId),
  ));
}

export async function revokeInvitation(db: Database, member: Membership, invitationId: string): Promise<void> {
  requirePermission(member, 'manageOwnBorough');
  // Checked in the transaction that deletes: it cannot be accepted in between.
  await db.transaction(async (tx) => {
    const row = await tx.first(
      tx.kysely
        .selectFrom('invitations')
        .select(['borough_id', 'accepted_at'])
        .where('id', '=', invitationId)
        .where('procurement_id', '=', member.procurementId),
    );
    if (!row || (!can(member, 'manageAnyMember') && row.borough_id !== member.boroughId))
      throw new NotFound('That invitation was not found.');
    if (row.accepted_at) throw new Conflict('That invitation has already been accepted.');
    await tx.run(tx.kysely.deleteFrom('invitations').where('id', '=', invitationId));
    await recordAudit(tx, {
      procurementId: member.procurementId,
      actorId: member.user.id,
      action: 'invitation.withdrawn',
      detail: { invitationId },
    });
  });
}

/**
 * Withdraws the open invitations `issuerId` sent into a procurement that they may no
 * longer send (removed, demoted, no longer their borough's lead). Runs inside the
 * caller's transaction, after the change.
 */
export async function withdrawInvitationsNoLongerIssuable(db: Queries, procurementId: string, issuerId: string): Promise<void> {
  const open = await db.all(
    db.kysely
      .selectFrom('invitations')
      .select(['id', 'borough_id', 'role'])
      .where('procurement_id', '=', procurementId)
      .where('created_by', '=', issuerId)
      .where('accepted_at', 'is', null),
  );
  if (open.length === 0) return;
  const issuer = await standingOf(db, issuerId, procurementId);
  for (const invitation of open) {
    if (mayIssue(issuer, { boroughId: invitation.borough_id, role: invitation.role })) continue;
    await db.run(db.kysely.deleteFrom('invitations').where('id', '=', invitation.id));
    await recordAudit(db, {
      procurementId,
      actorId: null,
      action: 'invitation.withdrawn',
      detail: { invitationId: invitation.id, why: 'issuer-lost-the-right' },
    });
  }
}
