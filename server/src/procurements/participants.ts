/**
 * Who takes part: the participating boroughs (lead, partners, observers) and the
 * members (owners, editors, viewers; at most one borough lead per borough).
 *
 * Owners manage everything. A borough lead manages the members of their own borough,
 * but cannot make anyone an owner. A procurement always keeps its lead borough and at
 * least one owner. Members of an observer borough can only be viewers, and a borough
 * lead must be able to speak for their borough (see shared/policy.ts): an editor or
 * owner of a lead or partner borough. Whoever loses a right also loses the invitations
 * they sent that needed it.
 */
import type { AddBoroughRequest, AddMemberRequest, UpdateBoroughRequest, UpdateMemberRequest } from '../../../shared/api.js';
import { can, mayBeBoroughLead, policy } from '../../../shared/policy.js';
import type { BoroughRole, MemberRole } from '../../../shared/roles.js';
import { recordAudit } from '../audit.js';
import { findUserByEmail } from '../auth/users.js';
import type { Db } from '../db/database.js';
import { Conflict, Forbidden, Invalid, NotFound } from '../errors.js';
import { withdrawInvitationsNoLongerIssuable } from '../invitations/procurement-invitations.js';
import { requirePermission, type Membership } from './access.js';

const leadMustSpeak = 'A borough lead speaks for their borough, so they must be an editor or owner of a lead or partner borough.';

function boroughRoleIn(db: Db, procurementId: string, boroughId: string): BoroughRole | undefined {
  return db.first(
    db.kysely
      .selectFrom('procurement_boroughs')
      .select('role')
      .where('procurement_id', '=', procurementId)
      .where('borough_id', '=', boroughId),
  )?.role;
}

function boroughName(db: Db, boroughId: string): string {
  return db.first(db.kysely.selectFrom('boroughs').select('name').where('id', '=', boroughId))?.name ?? boroughId;
}

function touch(db: Db, procurementId: string): void {
  db.run(db.kysely.updateTable('procurements').set({ updated_at: db.now() }).where('id', '=', procurementId));
}

// ---- boroughs -------------------------------------------------------------------------

export function addBorough(db: Db, actor: Membership, input: AddBoroughRequest): void {
  requirePermission(actor, 'manageBoroughs');
  const { procurementId, user } = actor;
  if (!db.first(db.kysely.selectFrom('boroughs').select('id').where('id', '=', input.boroughId))) {
    throw new Invalid('Choose one of the London boroughs.', { boroughId: 'Choose one of the London boroughs' });
  }
  if (boroughRoleIn(db, procurementId, input.boroughId)) {
    throw new Conflict(`${boroughName(db, input.boroughId)} is already taking part.`);
  }
  db.transaction(() => {
    db.run(
      db.kysely.insertInto('procurement_boroughs').values({
        procurement_id: procurementId,
        borough_id: input.boroughId,
        role: input.role,
        added_by: user.id,
        added_at: db.now(),
      }),
    );
    touch(db, procurementId);
    recordAudit(db, { procurementId, actorId: user.id, action: 'borough.added', detail: { ...input } });
  });
}

export function updateBorough(db: Db, actor: Membership, boroughId: string, input: UpdateBoroughRequest): void {
  requirePermission(actor, 'manageBoroughs');
  const { procurementId, user } = actor;
  const current = boroughRoleIn(db, procurementId, boroughId);
  if (!current) throw new NotFound('That borough is not taking part in this procurement.');
  if (current === 'lead') throw new Invalid('The lead borough stays the lead borough.');
  if (current === input.role) return;
  db.transaction(() => {
    db.run(
      db.kysely
        .updateTable('procurement_boroughs')
        .set({ role: input.role })
        .where('procurement_id', '=', procurementId)
        .where('borough_id', '=', boroughId),
    );
    if (input.role === 'observer') {
      // Observers only watch: their members become viewers, and nobody speaks for them.
      db.run(
        db.kysely
          .updateTable('procurement_members')
          .set({ role: 'viewer', is_borough_lead: 0 })
          .where('procurement_id', '=', procurementId)
          .where('borough_id', '=', boroughId),
      );
    }
    ensureAnOwnerRemains(db, procurementId);
    touch(db, procurementId);
    recordAudit(db, {
      procurementId,
      actorId: user.id,
      action: 'borough.role-changed',
      detail: { boroughId, from: current, to: input.role },
    });
    for (const member of membersOf(db, procurementId, boroughId)) withdrawInvitationsNoLongerIssuable(db, procurementId, member);
  });
}

export function removeBorough(db: Db, actor: Membership, boroughId: string): void {
  requirePermission(actor, 'manageBoroughs');
  const { procurementId, user } = actor;
  const current = boroughRoleIn(db, procurementId, boroughId);
  if (!current) throw new NotFound('That borough is not taking part in this procurement.');
  if (current === 'lead') throw new Invalid('The lead borough cannot be removed.');
  db.transaction(() => {
    const leaving = membersOf(db, procurementId, boroughId);
    // Its members go with it (foreign key cascade), and so do its open invitations.
    db.run(
      db.kysely
        .deleteFrom('invitations')
        .where('procurement_id', '=', procurementId)
        .where('borough_id', '=', boroughId)
        .where('accepted_at', 'is', null),
    );
    db.run(db.kysely.deleteFrom('procurement_boroughs').where('procurement_id', '=', procurementId).where('borough_id', '=', boroughId));
    touch(db, procurementId);
    recordAudit(db, { procurementId, actorId: user.id, action: 'borough.removed', detail: { boroughId } });
    for (const member of leaving) withdrawInvitationsNoLongerIssuable(db, procurementId, member);
  });
}

function membersOf(db: Db, procurementId: string, boroughId: string): string[] {
  return db
    .all(
      db.kysely
        .selectFrom('procurement_members')
        .select('user_id')
        .where('procurement_id', '=', procurementId)
        .where('borough_id', '=', boroughId),
    )
    .map((row) => row.user_id);
}

// ---- members --------------------------------------------------------------------------

/** Checks that `actor` may give `role` (or manage at all) someone of `targetBoroughId`. */
function checkMayAssign(db: Db, actor: Membership, targetBoroughId: string, role: MemberRole | undefined): void {
  if (!can(actor, 'manageAnyMember')) {
    requirePermission(actor, 'manageOwnBorough');
    if (actor.boroughId !== targetBoroughId) throw new Forbidden(policy.manageOwnBorough.refusal);
    if (role === 'owner') requirePermission(actor, 'makeOwner');
  }
  if (role && role !== 'viewer' && boroughRoleIn(db, actor.procurementId, targetBoroughId) === 'observer') {
    throw new Invalid(`${boroughName(db, targetBoroughId)} is observing, so its members can only be viewers.`, {
      role: 'Members of an observer borough can only be viewers',
    });
  }
}

function memberRow(db: Db, procurementId: string, userId: string) {
  return db.first(
    db.kysely
      .selectFrom('procurement_members')
      .select(['user_id', 'borough_id', 'role', 'is_borough_lead'])
      .where('procurement_id', '=', procurementId)
      .where('user_id', '=', userId),
  );
}

/** Setting a borough lead replaces the borough's current one. */
function makeBoroughLead(db: Db, procurementId: string, boroughId: string, userId: string): void {
  const previous = db.all(
    db.kysely
      .selectFrom('procurement_members')
      .select('user_id')
      .where('procurement_id', '=', procurementId)
      .where('borough_id', '=', boroughId)
      .where('is_borough_lead', '=', 1)
      .where('user_id', '!=', userId),
  );
  db.run(
    db.kysely
      .updateTable('procurement_members')
      .set({ is_borough_lead: 0 })
      .where('procurement_id', '=', procurementId)
      .where('borough_id', '=', boroughId)
      .where('user_id', '!=', userId),
  );
  db.run(
    db.kysely
      .updateTable('procurement_members')
      .set({ is_borough_lead: 1 })
      .where('procurement_id', '=', procurementId)
      .where('user_id', '=', userId),
  );
  for (const { user_id } of previous) withdrawInvitationsNoLongerIssuable(db, procurementId, user_id);
}

/**
 * Adds someone who already has an account. Nothing is looked up before the caller's
 * right to add is checked, and for anyone outside the boroughs taking part the answer is
 * the same whether or not they have an account: no directory of everyone's accounts.
 */
export function addMember(db: Db, actor: Membership, input: Required<AddMemberRequest>): string {
  if (!can(actor, 'manageAnyMember')) requirePermission(actor, 'manageOwnBorough');
  const { procurementId, user } = actor;
  const found = findUserByEmail(db, input.email);
  const targetBoroughRole = found ? boroughRoleIn(db, procurementId, found.boroughId) : undefined;
  if (!found || !targetBoroughRole || !found.hasAccess) {
    throw new Invalid('There is no account with that email address in the boroughs taking part. Send them an invitation instead.', {
      email: 'No account with that email address in the boroughs taking part',
    });
  }
  const target = found;
  checkMayAssign(db, actor, target.boroughId, input.role);
  if (input.isBoroughLead && !mayBeBoroughLead(input.role, targetBoroughRole))
    throw new Invalid(leadMustSpeak, { isBoroughLead: leadMustSpeak });
  if (memberRow(db, procurementId, target.id)) throw new Conflict(`${target.name} is already a member.`);
  db.transaction(() => {
    db.run(
      db.kysely.insertInto('procurement_members').values({
        procurement_id: procurementId,
        user_id: target.id,
        borough_id: target.boroughId,
        role: input.role,
        is_borough_lead: 0,
        added_by: user.id,
        added_at: db.now(),
      }),
    );
    if (input.isBoroughLead) makeBoroughLead(db, procurementId, target.boroughId, target.id);
    touch(db, procurementId);
    recordAudit(db, {
      procurementId,
      actorId: user.id,
      action: 'member.added',
      detail: { userId: target.id, role: input.role, isBoroughLead: input.isBoroughLead },
    });
  });
  return target.id;
}

export function updateMember(db: Db, actor: Membership, memberId: string, input: UpdateMemberRequest): void {
  const { procurementId, user } = actor;
  const member = memberRow(db, procurementId, memberId);
  if (!member) throw new NotFound('That person is not a member of this procurement.');
  checkMayAssign(db, actor, member.borough_id, input.role);
  if (!can(actor, 'manageAnyMember') && member.role === 'owner') throw new Forbidden('Only owners can change an owner.');
  const role = input.role ?? member.role;
  const boroughRole = boroughRoleIn(db, procurementId, member.borough_id)!;
  if (input.isBoroughLead === true && !mayBeBoroughLead(role, boroughRole))
    throw new Invalid(leadMustSpeak, { isBoroughLead: leadMustSpeak });
  // A lead made a viewer no longer speaks for their borough.
  const stillLead = input.isBoroughLead ?? member.is_borough_lead === 1;
  const lead = stillLead && mayBeBoroughLead(role, boroughRole);
  db.transaction(() => {
    if (role !== member.role) {
      db.run(
        db.kysely
          .updateTable('procurement_members')
          .set({ role })
          .where('procurement_id', '=', procurementId)
          .where('user_id', '=', memberId),
      );
    }
    if (lead && member.is_borough_lead !== 1) makeBoroughLead(db, procurementId, member.borough_id, memberId);
    if (!lead && member.is_borough_lead === 1) {
      db.run(
        db.kysely
          .updateTable('procurement_members')
          .set({ is_borough_lead: 0 })
          .where('procurement_id', '=', procurementId)
          .where('user_id', '=', memberId),
      );
    }
    ensureAnOwnerRemains(db, procurementId);
    touch(db, procurementId);
    recordAudit(db, {
      procurementId,
      actorId: user.id,
      action: 'member.changed',
      detail: { userId: memberId, ...input, ...(lead !== stillLead ? { isBoroughLead: false } : {}) },
    });
    withdrawInvitationsNoLongerIssuable(db, procurementId, memberId);
  });
}

export function removeMember(db: Db, actor: Membership, memberId: string): void {
  const { procurementId, user } = actor;
  const member = memberRow(db, procurementId, memberId);
  if (!member) throw new NotFound('That person is not a member of this procurement.');
  const leaving = memberId === user.id;
  if (!leaving) {
    checkMayAssign(db, actor, member.borough_id, undefined);
    if (!can(actor, 'manageAnyMember') && member.role === 'owner') throw new Forbidden('Only owners can remove an owner.');
  }
  db.transaction(() => {
    db.run(db.kysely.deleteFrom('procurement_members').where('procurement_id', '=', procurementId).where('user_id', '=', memberId));
    ensureAnOwnerRemains(db, procurementId);
    touch(db, procurementId);
    recordAudit(db, { procurementId, actorId: user.id, action: 'member.removed', detail: { userId: memberId } });
    withdrawInvitationsNoLongerIssuable(db, procurementId, memberId);
  });
}

/** Throws (rolling back the caller's transaction) when a change would leave no owner. */
export function ensureAnOwnerRemains(db: Db, procurementId: string): void {
  const owners = db.first(
    db.kysely
      .selectFrom('procurement_members as m')
      .innerJoin('procurement_boroughs as pb', (join) =>
        join.onRef('pb.procurement_id', '=', 'm.procurement_id').onRef('pb.borough_id', '=', 'm.borough_id'),
      )
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('m.procurement_id', '=', procurementId)
      .where('m.role', '=', 'owner')
      .where('pb.role', '!=', 'observer'),
  );
  if ((owners?.n ?? 0) === 0) {
    throw new Conflict('A procurement needs at least one owner. Make someone else an owner first.');
  }
}
