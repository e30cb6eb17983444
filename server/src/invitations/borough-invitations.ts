/**
 * Invitations as a borough's admin sees them: every one into the borough (to the service
 * or to a procurement), invitations to the service alone, and withdrawing them, also when
 * their issuer loses their access or admin role.
 */
import type { BoroughInvitation, CreatedColleagueInvitation, InviteColleagueRequest } from '../../../shared/api.js';
import { requireInviteeOfBorough } from '../account-boroughs/email-domains.js';
import { recordAudit } from '../audit.js';
import { findUserByEmail, type User } from '../auth/users.js';
import type { Database, Queries } from '../db/queries.js';
import { Conflict, NotFound } from '../errors.js';
import { basicColumns, invitationLink, issueInvitation, toBasics } from './records.js';

/**
 * Every invitation into the admin's borough, newest first: to the service alone and to
 * procurements, whoever sent them. (The caller has checked that `admin` is one.)
 */
export async function listBoroughInvitations(db: Queries, admin: User): Promise<BoroughInvitation[]> {
  const rows = await db.all(
    db.kysely
      .selectFrom('invitations as i')
      .innerJoin('users as u', 'u.id', 'i.created_by')
      .leftJoin('procurements as p', 'p.id', 'i.procurement_id')
      .select([...basicColumns, 'i.role', 'p.id as procurement_id', 'p.title as procurement_title'])
      .where('i.borough_id', '=', admin.boroughId)
      .orderBy('i.created_at', 'desc')
      .limit(200),
  );
  return rows.map((row) => ({
    ...toBasics(row, db.now()),
    role: row.role,
    procurement: row.procurement_id ? { id: row.procurement_id, title: row.procurement_title ?? '' } : null,
  }));
}

export async function createColleagueInvitation(
  db: Database,
  admin: User,
  input: InviteColleagueRequest,
  publicOrigin: string,
): Promise<CreatedColleagueInvitation> {
  await requireInviteeOfBorough(db, input.email, admin.boroughId, input.worksForBorough ?? false);
  // A colleague of the admin's own borough may be named; anyone else's account is not.
  const existing = await findUserByEmail(db, input.email);
  if (existing && existing.boroughId === admin.boroughId) throw new Conflict('That person already has an account.');
  const { id, secret } = await issueInvitation(db, {
    procurementId: null,
    boroughId: admin.boroughId,
    email: input.email,
    role: null,
    createdBy: admin.id,
  });
  const row = (await db.first(
    db.kysely.selectFrom('invitations as i').innerJoin('users as u', 'u.id', 'i.created_by').select(basicColumns).where('i.id', '=', id),
  ))!;
  return { ...toBasics(row, db.now()), link: invitationLink(publicOrigin, id, secret) };
}

/** Withdraws any open invitation into the admin's borough, to the service or a procurement. */
export async function withdrawBoroughInvitation(db: Database, admin: User, invitationId: string): Promise<void> {
  // Checked in the transaction that deletes: it cannot be accepted in between.
  await db.transaction(async (tx) => {
    const row = await tx.first(
      tx.kysely
        .selectFrom('invitations')
        .select(['accepted_at', 'procurement_id'])
        .where('id', '=', invitationId)
        .where('borough_id', '=', admin.boroughId),
    );
    if (!row) throw new NotFound('That invitation was not found.');
    if (row.accepted_at) throw new Conflict('That invitation has already been accepted.');
    await tx.run(tx.kysely.deleteFrom('invitations').where('id', '=', invitationId));
    await recordAudit(tx, {
      procurementId: row.procurement_id,
      actorId: admin.id,
      action: row.procurement_id ? 'invitation.withdrawn' : 'colleague-invitation.withdrawn',
      detail: { invitationId, by: 'borough-admin' },
    });
  });
}

/** Withdraws every open invitation someone sent, anywhere (their access was removed). */
export async function withdrawAllInvitationsBy(db: Queries, issuerId: string): Promise<void> {
  const open = await db.all(
    db.kysely
      .selectFrom('invitations')
      .select(['id', 'procurement_id'])
      .where('created_by', '=', issuerId)
      .where('accepted_at', 'is', null),
  );
  for (const invitation of open) {
    await db.run(db.kysely.deleteFrom('invitations').where('id', '=', invitation.id));
    await recordAudit(db, {
      procurementId: invitation.procurement_id,
      actorId: null,
      action: 'invitation.withdrawn',
      detail: { invitationId: invitation.id, why: 'issuer-access-removed' },
    });
  }
}

/** Withdraws the open invitations to the service an admin sent (they are no longer an admin). */
export async function withdrawColleagueInvitationsBy(db: Queries, adminId: string): Promise<void> {
  const open = await db.all(
    db.kysely
      .selectFrom('invitations')
      .select('id')
      .where('created_by', '=', adminId)
      .where('procurement_id', 'is', null)
      .where('accepted_at', 'is', null),
  );
  for (const invitation of open) {
    await db.run(db.kysely.deleteFrom('invitations').where('id', '=', invitation.id));
    await recordAudit(db, {
      procurementId: null,
      actorId: null,
      action: 'colleague-invitation.withdrawn',
      detail: { invitationId: invitation.id, why: 'issuer-no-longer-admin' },
    });
  }
}
