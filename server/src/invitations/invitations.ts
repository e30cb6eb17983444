/**
 * Invitations: a one-time link, valid 7 days, for a new colleague, either to one
 * procurement (from its owner or a borough lead) or to the service alone (from a borough
 * admin). Like session tokens, the link carries `<id>.<secret>` and only the secret's
 * SHA-256 is stored; accepting creates the account, adds the membership if any and marks
 * the link used, all in one transaction.
 *
 * An invitation speaks with its issuer's authority, so it lives only as long as that
 * authority: accepting checks again that the issuer still has access and may still give
 * what it offers, and removing, demoting or shutting out the issuer withdraws what they
 * sent that needed the right they lost.
 */
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { sha256 } from '@oslojs/crypto/sha2';
import type {
  BoroughInvitation,
  CreatedColleagueInvitation,
  CreateInvitationRequest,
  CreatedInvitation,
  Invitation,
  InvitationBasics,
  InvitationPreview,
  InviteColleagueRequest,
  NewAccountDetails,
} from '../../../shared/api.js';
import { can } from '../../../shared/policy.js';
import type { MemberRole } from '../../../shared/roles.js';
import { recordAudit } from '../audit.js';
import { hashPassword } from '../auth/passwords.js';
import { boroughSummary, createUser, findUserByEmail, type User } from '../auth/users.js';
import type { Db } from '../db/database.js';
import { Conflict, Invalid, NotFound, TooManyRequests } from '../errors.js';
import { newId, newSecret } from '../ids.js';
import { requirePermission, standingOf, type Membership, type StandingRow } from '../procurements/access.js';

export const invitationLifetimeMs = 7 * 24 * 3_600_000;

/** Invitations one person may send in a day: enough for any team, too few to probe addresses. */
export const invitationsPerDay = 50;

const gone = () => new NotFound('This invitation link has expired, has already been used, or is not right.');

function hashSecret(secret: string): Uint8Array {
  return sha256(new TextEncoder().encode(secret));
}

/**
 * The link to send: the token is in the fragment, which browsers never send to a server,
 * so it stays out of proxies' and servers' logs; the page posts it.
 */
function invitationLink(publicOrigin: string, id: string, secret: string): string {
  return `${publicOrigin}/invitations#${id}.${secret}`;
}

/** What every invitation row shows, joined with its issuer (`u`). */
const basicColumns = [
  'i.id',
  'i.email',
  'i.created_by',
  'u.display_name as inviter_name',
  'i.created_at',
  'i.expires_at',
  'i.accepted_at',
] as const;

type BasicRow = {
  id: string;
  email: string;
  created_by: string;
  inviter_name: string;
  created_at: number;
  expires_at: number;
  accepted_at: number | null;
};

function toBasics(row: BasicRow, now: number): InvitationBasics {
  return {
    id: row.id,
    email: row.email,
    invitedBy: { id: row.created_by, name: row.inviter_name },
    createdAt: new Date(row.created_at).toISOString(),
    expiresAt: new Date(row.expires_at).toISOString(),
    acceptedAt: row.accepted_at ? new Date(row.accepted_at).toISOString() : null,
    expired: row.accepted_at === null && row.expires_at <= now,
  };
}

const invitationColumns = [...basicColumns, 'i.role', 'i.borough_id'] as const;

function toInvitation(db: Db, row: BasicRow & { role: MemberRole | null; borough_id: string }): Invitation {
  return {
    ...toBasics(row, db.now()),
    // Always set for an invitation to a procurement (the table's CHECK says so).
    role: row.role ?? 'viewer',
    borough: boroughSummary(db, row.borough_id),
  };
}

/** May someone of this standing (still) invite into `boroughId` with `role`? */
function mayIssue(issuer: StandingRow | null, invitation: { boroughId: string; role: MemberRole | null }): boolean {
  if (!issuer || !can(issuer, 'manageOwnBorough')) return false;
  if (invitation.boroughId !== issuer.boroughId && !can(issuer, 'manageAnyMember')) return false;
  return invitation.role !== 'owner' || can(issuer, 'makeOwner');
}

// ---- invitations to a procurement ----------------------------------------------------

/** Invitations an owner (all boroughs) or a borough lead (their own) may see. */
export function listInvitations(db: Db, member: Membership): Invitation[] {
  requirePermission(member, 'manageOwnBorough');
  let query = db.kysely
    .selectFrom('invitations as i')
    .innerJoin('users as u', 'u.id', 'i.created_by')
    .select(invitationColumns)
    .where('i.procurement_id', '=', member.procurementId)
    .orderBy('i.created_at', 'desc');
  if (!can(member, 'manageAnyMember')) query = query.where('i.borough_id', '=', member.boroughId);
  return db.all(query).map((row) => toInvitation(db, row));
}

export function createInvitation(db: Db, member: Membership, input: CreateInvitationRequest, publicOrigin: string): CreatedInvitation {
  requirePermission(member, 'manageOwnBorough');
  if (input.role === 'owner') requirePermission(member, 'makeOwner');
  if (input.role !== 'viewer' && member.boroughRole === 'observer') {
    throw new Invalid('Your borough is observing, so people you invite can only be viewers.', { role: 'Choose viewer' });
  }
  // Only people of the boroughs taking part are named: for anyone else the answer is the
  // same whether or not they have an account.
  const existing = findUserByEmail(db, input.email);
  if (existing && standingOrBoroughTakingPart(db, member.procurementId, existing.boroughId)) {
    throw new Conflict('That person already has an account. Add them as a member instead.');
  }
  const { id, secret } = issueInvitation(db, {
    procurementId: member.procurementId,
    boroughId: member.boroughId,
    email: input.email,
    role: input.role,
    createdBy: member.user.id,
  });
  const row = db.first(
    db.kysely
      .selectFrom('invitations as i')
      .innerJoin('users as u', 'u.id', 'i.created_by')
      .select(invitationColumns)
      .where('i.id', '=', id),
  )!;
  return { ...toInvitation(db, row), link: invitationLink(publicOrigin, id, secret) };
}

function standingOrBoroughTakingPart(db: Db, procurementId: string, boroughId: string): boolean {
  return !!db.first(
    db.kysely
      .selectFrom('procurement_boroughs')
      .select('role')
      .where('procurement_id', '=', procurementId)
      .where('borough_id', '=', boroughId),
  );
}

export function revokeInvitation(db: Db, member: Membership, invitationId: string): void {
  requirePermission(member, 'manageOwnBorough');
  const row = db.first(
    db.kysely
      .selectFrom('invitations')
      .select(['borough_id', 'accepted_at'])
      .where('id', '=', invitationId)
      .where('procurement_id', '=', member.procurementId),
  );
  if (!row || (!can(member, 'manageAnyMember') && row.borough_id !== member.boroughId))
    throw new NotFound('That invitation was not found.');
  if (row.accepted_at) throw new Conflict('That invitation has already been accepted.');
  db.transaction(() => {
    db.run(db.kysely.deleteFrom('invitations').where('id', '=', invitationId));
    recordAudit(db, {
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
export function withdrawInvitationsNoLongerIssuable(db: Db, procurementId: string, issuerId: string): void {
  const open = db.all(
    db.kysely
      .selectFrom('invitations')
      .select(['id', 'borough_id', 'role'])
      .where('procurement_id', '=', procurementId)
      .where('created_by', '=', issuerId)
      .where('accepted_at', 'is', null),
  );
  if (open.length === 0) return;
  const issuer = standingOf(db, issuerId, procurementId);
  for (const invitation of open) {
    if (mayIssue(issuer, { boroughId: invitation.borough_id, role: invitation.role })) continue;
    db.run(db.kysely.deleteFrom('invitations').where('id', '=', invitation.id));
    recordAudit(db, {
      procurementId,
      actorId: null,
      action: 'invitation.withdrawn',
      detail: { invitationId: invitation.id, why: 'issuer-lost-the-right' },
    });
  }
}

/** Withdraws every open invitation someone sent, anywhere (their access was removed). */
export function withdrawAllInvitationsBy(db: Db, issuerId: string): void {
  const open = db.all(
    db.kysely
      .selectFrom('invitations')
      .select(['id', 'procurement_id'])
      .where('created_by', '=', issuerId)
      .where('accepted_at', 'is', null),
  );
  for (const invitation of open) {
    db.run(db.kysely.deleteFrom('invitations').where('id', '=', invitation.id));
    recordAudit(db, {
      procurementId: invitation.procurement_id,
      actorId: null,
      action: 'invitation.withdrawn',
      detail: { invitationId: invitation.id, why: 'issuer-access-removed' },
    });
  }
}

/** Withdraws the open invitations to the service an admin sent (they are no longer an admin). */
export function withdrawColleagueInvitationsBy(db: Db, adminId: string): void {
  const open = db.all(
    db.kysely
      .selectFrom('invitations')
      .select('id')
      .where('created_by', '=', adminId)
      .where('procurement_id', 'is', null)
      .where('accepted_at', 'is', null),
  );
  for (const invitation of open) {
    db.run(db.kysely.deleteFrom('invitations').where('id', '=', invitation.id));
    recordAudit(db, {
      procurementId: null,
      actorId: null,
      action: 'colleague-invitation.withdrawn',
      detail: { invitationId: invitation.id, why: 'issuer-no-longer-admin' },
    });
  }
}

// ---- issuing and accepting --------------------------------------------------------------

/**
 * Stores a new invitation (only its secret's hash) with its audit entry; the caller has
 * checked that its issuer may. Returns the id and the secret for the one-time link.
 */
function issueInvitation(
  db: Db,
  invitation: { procurementId: string | null; boroughId: string; email: string; role: MemberRole | null; createdBy: string },
): { id: string; secret: string } {
  const id = newId();
  const secret = newSecret();
  return db.transaction(() => {
    const now = db.now();
    const sentToday = db.first(
      db.kysely
        .selectFrom('invitations')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('created_by', '=', invitation.createdBy)
        .where('created_at', '>', now - 24 * 3_600_000),
    );
    if ((sentToday?.n ?? 0) >= invitationsPerDay) {
      throw new TooManyRequests(`You have sent ${invitationsPerDay} invitations in the last 24 hours. Try again tomorrow.`, 3600);
    }
    db.run(
      db.kysely.insertInto('invitations').values({
        id,
        secret_hash: hashSecret(secret),
        procurement_id: invitation.procurementId,
        borough_id: invitation.boroughId,
        email: invitation.email,
        role: invitation.role,
        created_by: invitation.createdBy,
        created_at: now,
        expires_at: now + invitationLifetimeMs,
        accepted_at: null,
        accepted_by: null,
      }),
    );
    recordAudit(db, {
      procurementId: invitation.procurementId,
      actorId: invitation.createdBy,
      action: invitation.procurementId ? 'invitation.created' : 'colleague-invitation.created',
      detail: { invitationId: id, email: invitation.email, ...(invitation.role ? { role: invitation.role } : {}) },
    });
    return { id, secret };
  });
}

/** The live invitation a link stands for, or 404 (unknown, wrong secret, expired or used). */
function openInvitation(db: Db, token: string) {
  const dot = token.indexOf('.');
  if (dot <= 0 || token.length > 200) throw gone();
  const row = db.first(db.kysely.selectFrom('invitations').selectAll().where('id', '=', token.slice(0, dot)));
  if (!row || !constantTimeEqual(hashSecret(token.slice(dot + 1)), new Uint8Array(row.secret_hash))) throw gone();
  if (row.accepted_at !== null || row.expires_at <= db.now()) throw gone();
  return row;
}

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
  openInvitation(db, token);
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

// ---- invitations into a borough, as its admin sees them -------------------------------

/**
 * Every invitation into the admin's borough, newest first: to the service alone and to
 * procurements, whoever sent them. (The caller has checked that `admin` is one.)
 */
export function listBoroughInvitations(db: Db, admin: User): BoroughInvitation[] {
  return db
    .all(
      db.kysely
        .selectFrom('invitations as i')
        .innerJoin('users as u', 'u.id', 'i.created_by')
        .leftJoin('procurements as p', 'p.id', 'i.procurement_id')
        .select([...basicColumns, 'i.role', 'p.id as procurement_id', 'p.title as procurement_title'])
        .where('i.borough_id', '=', admin.boroughId)
        .orderBy('i.created_at', 'desc')
        .limit(200),
    )
    .map((row) => ({
      ...toBasics(row, db.now()),
      role: row.role,
      procurement: row.procurement_id ? { id: row.procurement_id, title: row.procurement_title ?? '' } : null,
    }));
}

export function createColleagueInvitation(
  db: Db,
  admin: User,
  input: InviteColleagueRequest,
  publicOrigin: string,
): CreatedColleagueInvitation {
  // A colleague of the admin's own borough may be named; anyone else's account is not.
  const existing = findUserByEmail(db, input.email);
  if (existing && existing.boroughId === admin.boroughId) throw new Conflict('That person already has an account.');
  const { id, secret } = issueInvitation(db, {
    procurementId: null,
    boroughId: admin.boroughId,
    email: input.email,
    role: null,
    createdBy: admin.id,
  });
  const row = db.first(
    db.kysely.selectFrom('invitations as i').innerJoin('users as u', 'u.id', 'i.created_by').select(basicColumns).where('i.id', '=', id),
  )!;
  return { ...toBasics(row, db.now()), link: invitationLink(publicOrigin, id, secret) };
}

/** Withdraws any open invitation into the admin's borough, to the service or a procurement. */
export function withdrawBoroughInvitation(db: Db, admin: User, invitationId: string): void {
  const row = db.first(
    db.kysely
      .selectFrom('invitations')
      .select(['accepted_at', 'procurement_id'])
      .where('id', '=', invitationId)
      .where('borough_id', '=', admin.boroughId),
  );
  if (!row) throw new NotFound('That invitation was not found.');
  if (row.accepted_at) throw new Conflict('That invitation has already been accepted.');
  db.transaction(() => {
    db.run(db.kysely.deleteFrom('invitations').where('id', '=', invitationId));
    recordAudit(db, {
      procurementId: row.procurement_id,
      actorId: admin.id,
      action: row.procurement_id ? 'invitation.withdrawn' : 'colleague-invitation.withdrawn',
      detail: { invitationId, by: 'borough-admin' },
    });
  });
}
