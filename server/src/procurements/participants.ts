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
 *
 * Each change checks what it depends on inside its own transaction, so two people
 * changing the same procurement at once cannot both pass a check the other breaks.
 */
import type { AddBoroughRequest, AddMemberRequest, UpdateBoroughRequest, UpdateMemberRequest } from '../../../shared/api.js';
import { can, mayBeBoroughLead, policy } from '../../../shared/policy.js';
import type { BoroughRole, MemberRole } from '../../../shared/roles.js';
import { recordAudit } from '../audit.js';
import { findUserByEmail } from '../auth/users.js';
import type { Database, Queries } from '../db/queries.js';
import { Conflict, Forbidden, Invalid, NotFound } from '../errors.js';
import { withdrawInvitationsNoLongerIssuable } from '../invitations/procurement-invitations.js';
import { requirePermission, type Membership } from './access.js';

const leadMustSpeak = 'A borough lead speaks for their borough, so they must be an editor or owner of a lead or partner borough.';

async function boroughRoleIn(db: Queries, procurementId: string, boroughId: string): Promise<BoroughRole | undefined> {
  const row = await db.first(
    db.kysely
      .selectFrom('procurement_boroughs')
      .select('role')
      .where('procurement_id', '=', procurementId)
      .where('borough_id', '=', boroughId),
  );
  return row?.role;
}

async function boroughName(db: Queries, boroughId: string): Promise<string> {
  return (await db.first(db.kysely.selectFrom('boroughs').select('name').where('id', '=', boroughId)))?.name ?? boroughId;
}

async function touch(db: Queries, procurementId: string): Promise<void> {
  await db.run(db.kysely.updateTable('procurements').set({ updated_at: db.now() }).where('id', '=', procurementId));
}

// ---- boroughs -------------------------------------------------------------------------

export async function addBorough(db: Database, actor: Membership, input: AddBoroughRequest): Promise<void> {
  requirePermission(actor, 'manageBoroughs');
  const { procurementId, user } = actor;
  await db.transaction(async (tx) => {
    if (!(await tx.first(tx.kysely.selectFrom('boroughs').select('id').where('id', '=', input.boroughId)))) {
      throw new Invalid('Choose one of the London boroughs.', { boroughId: 'Choose one of the London boroughs' });
    }
    if (await boroughRoleIn(tx, procurementId, input.boroughId)) {
      throw new Conflict(`${await boroughName(tx, input.boroughId)} is already taking part.`);
    }
    await tx.run(
      tx.kysely.insertInto('procurement_boroughs').values({
        procurement_id: procurementId,
        borough_id: input.boroughId,
        role: input.role,
        added_by: user.id,
        added_at: tx.now(),
      }),
    );
    await touch(tx, procurementId);
    await recordAudit(tx, { procurementId, actorId: user.id, action: 'borough.added', detail: { ...input } });
  });
}

export async function updateBorough(db: Database, actor: Membership, boroughId: string, input: UpdateBoroughRequest): Promise<void> {
  requirePermission(actor, 'manageBoroughs');
  const { procurementId, user } = actor;
  await db.transaction(async (tx) => {
    const current = await boroughRoleIn(tx, procurementId, boroughId);
    if (!current) throw new NotFound('That borough is not taking part in this procurement.');
    if (current === 'lead') throw new Invalid('The lead borough stays the lead borough.');
    if (current === input.role) return;
    await tx.run(
      tx.kysely
        .updateTable('procurement_boroughs')
        .set({ role: input.role })
        .where('procurement_id', '=', procurementId)
        .where('borough_id', '=', boroughId),
    );
    if (input.role === 'observer') {
      // Observers only watch: their members become viewers, and nobody speaks for them.
      await tx.run(
        tx.kysely
          .updateTable('procurement_members')
          .set({ role: 'viewer', is_borough_lead: 0 })
          .where('procurement_id', '=', procurementId)
          .where('borough_id', '=', boroughId),
      );
    }
    await ensureAnOwnerRemains(tx, procurementId);
    await touch(tx, procurementId);
    await recordAudit(tx, {
      procurementId,
      actorId: user.id,
      action: 'borough.role-changed',
      detail: { boroughId, from: current, to: input.role },
    });
    for (const member of await membersOf(tx, procurementId, boroughId)) {
      await withdrawInvitationsNoLongerIssuable(tx, procurementId, member);
    }
  });
}

export async function removeBorough(db: Database, actor: Membership, boroughId: string): Promise<void> {
  requirePermission(actor, 'manageBoroughs');
  const { procurementId, user } = actor;
  await db.transaction(async (tx) => {
    const current = await boroughRoleIn(tx, procurementId, boroughId);
    if (!current) throw new NotFound('That borough is not taking part in this procurement.');
    if (current === 'lead') throw new Invalid('The lead borough cannot be removed.');
    const leaving = await membersOf(tx, procurementId, boroughId);
    // Its members go with it (foreign key cascade), and so do its open invitations.
    await tx.run(
      tx.kysely
        .deleteFrom('invitations')
        .where('procurement_id', '=', procurementId)
        .where('borough_id', '=', boroughId)
        .where('accepted_at', 'is', null),
    );
    await tx.run(
      tx.kysely.deleteFrom('procurement_boroughs').where('procurement_id', '=', procurementId).where('borough_id', '=', boroughId),
    );
    await touch(tx, procurementId);
    await recordAudit(tx, { procurementId, actorId: user.id, action: 'borough.removed', detail: { boroughId } });
    for (const member of leaving) await withdrawInvitationsNoLongerIssuable(tx, procurementId, member);
  });
}

async function membersOf(db: Queries, procurementId: string, boroughId: string): Promise<string[]> {
  const rows = await db.all(
    db.kysely
      .selectFrom('procurement_members')
      .select('user_id')
      .where('procurement_id', '=', procurementId)
      .where('borough_id', '=', boroughId),
  );
  return rows.map((row) => row.user_id);
}

// ---- members --------------------------------------------------------------------------

/** Checks that `actor` may give `role` (or manage at all) someone of `targetBoroughId`. */
async function checkMayAssign(db: Queries, actor: Membership, targetBoroughId: string, role: MemberRole | undefined): Promise<void> {
  if (!can(actor, 'manageAnyMember')) {
    requirePermission(actor, 'manageOwnBorough');
    if (actor.boroughId !== targetBoroughId) throw new Forbidden(policy.manageOwnBorough.refusal);
    if (role === 'owner') requirePermission(actor, 'makeOwner');
  }
  if (role && role !== 'viewer' && (await boroughRoleIn(db, actor.procurementId, targetBoroughId)) === 'observer') {
    throw new Invalid(`${await boroughName(db, targetBoroughId)} is observing, so its members can only be viewers.`, {
      role: 'Members of an observer borough can only be viewers',
    });
  }
}

function memberRow(db: Queries, procurementId: string, userId: string) {
  return db.first(
    db.kysely
      .selectFrom('procurement_members')
      .select(['user_id', 'borough_id', 'role', 'is_borough_lead'])
      .where('procurement_id', '=', procurementId)
      .where('user_id', '=', userId),
  );
}

/** Setting a borough lead replaces the borough's current one. */
async function makeBoroughLead(db: Queries, procurementId: string, boroughId: string, userId: string): Promise<void> {
  const previous = await db.all(
    db.kysely
      .selectFrom('procurement_members')
      .select('user_id')
      .where('procurement_id', '=', procurementId)
      .where('borough_id', '=', boroughId)
      .where('is_borough_lead', '=', 1)
      .where('user_id', '!=', userId),
  );
  await db.run(
    db.kysely
      .updateTable('procurement_members')
      .set({ is_borough_lead: 0 })
      .where('procurement_id', '=', procurementId)
      .where('borough_id', '=', boroughId)
      .where('user_id', '!=', userId),
  );
  await db.run(
    db.kysely
      .updateTable('procurement_members')
      .set({ is_borough_lead: 1 })
      .where('procurement_id', '=', procurementId)
      .where('user_id', '=', userId),
  );
  for (const { user_id } of previous) await withdrawInvitationsNoLongerIssuable(db, procurementId, user_id);
}

/**
 * Adds someone who already has an account. Nothing is looked up before the caller's
 * right to add is checked, and for anyone outside the boroughs taking part the answer is
 * the same whether or not they have an account: no directory of everyone's accounts.
 */
export async function addMember(db: Database, actor: Membership, input: Required<AddMemberRequest>): Promise<string> {
  if (!can(actor, 'manageAnyMember')) requirePermission(actor, 'manageOwnBorough');
  const { procurementId, user } = actor;
  return db.transaction(async (tx) => {
    const found = await findUserByEmail(tx, input.email);
    const targetBoroughRole = found ? await boroughRoleIn(tx, procurementId, found.boroughId) : undefined;
    if (!found || !targetBoroughRole || !found.hasAccess) {
      throw new Invalid('There is no account with that email address in the boroughs taking part. Send them an invitation instead.', {
        email: 'No account with that email address in the boroughs taking part',
      });
    }
    const target = found;
    await checkMayAssign(tx, actor, target.boroughId, input.role);
    if (input.isBoroughLead && !mayBeBoroughLead(input.role, targetBoroughRole))
      throw new Invalid(leadMustSpeak, { isBoroughLead: leadMustSpeak });
    if (await memberRow(tx, procurementId, target.id)) throw new Conflict(`${target.name} is already a member.`);
    await tx.run(
      tx.kysely.insertInto('procurement_members').values({
        procurement_id: procurementId,
        user_id: target.id,
        borough_id: target.boroughId,
        role: input.role,
        is_borough_lead: 0,
        added_by: user.id,
        added_at: tx.now(),
      }),
    );
    if (input.isBoroughLead) await makeBoroughLead(tx, procurementId, target.boroughId, target.id);
    await touch(tx, procurementId);
    await recordAudit(tx, {
      procurementId,
      actorId: user.id,
      action: 'member.added',
      detail: { userId: target.id, role: input.role, isBoroughLead: input.isBoroughLead },
    });
    return target.id;
  });
}

export async function updateMember(db: Database, actor: Membership, memberId: string, input: UpdateMemberRequest): Promise<void> {
  const { procurementId, user } = actor;
  await db.transaction(async (tx) => {
    const member = await memberRow(tx, procurementId, memberId);
    if (!member) throw new NotFound('That person is not a member of this procurement.');
    await checkMayAssign(tx, actor, member.borough_id, input.role);
    if (!can(actor, 'manageAnyMember') && member.role === 'owner') throw new Forbidden('Only owners can change an owner.');
    const role = input.role ?? member.role;
    const boroughRole = (await boroughRoleIn(tx, procurementId, member.borough_id))!;
    if (input.isBoroughLead === true && !mayBeBoroughLead(role, boroughRole))
      throw new Invalid(leadMustSpeak, { isBoroughLead: leadMustSpeak });
    // A lead made a viewer no longer speaks for their borough.
    const stillLead = input.isBoroughLead ?? member.is_borough_lead === 1;
    const lead = stillLead && mayBeBoroughLead(role, boroughRole);
    if (role !== member.role) {
      await tx.run(
        tx.kysely
          .updateTable('procurement_members')
          .set({ role })
          .where('procurement_id', '=', procurementId)
          .where('user_id', '=', memberId),
      );
    }
    if (lead && member.is_borough_lead !== 1) await makeBoroughLead(tx, procurementId, member.borough_id, memberId);
    if (!lead && member.is_borough_lead === 1) {
      await tx.run(
        tx.kysely
          .updateTable('procurement_members')
          .set({ is_borough_lead: 0 })
          .where('procurement_id', '=', procurementId)
          .where('user_id', '=', memberId),
      );
    }
    await ensureAnOwnerRemains(tx, procurementId);
    await touch(tx, procurementId);
    await recordAudit(tx, {
      procurementId,
      actorId: user.id,
      action: 'member.changed',
      detail: { userId: memberId, ...input, ...(lead !== stillLead ? { isBoroughLead: false } : {}) },
    });
    await withdrawInvitationsNoLongerIssuable(tx, procurementId, memberId);
  });
}

export async function removeMember(db: Database, actor: Membership, memberId: string): Promise<void> {
  const { procurementId, user } = actor;
  await db.transaction(async (tx) => {
    const member = await memberRow(tx, procurementId, memberId);
    if (!member) throw new NotFound('That person is not a member of this procurement.');
    const leaving = memberId === user.id;
    if (!leaving) {
      await checkMayAssign(tx, actor, member.borough_id, undefined);
      if (!can(actor, 'manageAnyMember') && member.role === 'owner') throw new Forbidden('Only owners can remove an owner.');
    }
    await tx.run(tx.kysely.deleteFrom('procurement_members').where('procurement_id', '=', procurementId).where('user_id', '=', memberId));
    await ensureAnOwnerRemains(tx, procurementId);
    await touch(tx, procurementId);
    await recordAudit(tx, { procurementId, actorId: user.id, action: 'member.removed', detail: { userId: memberId } });
    await withdrawInvitationsNoLongerIssuable(tx, procurementId, memberId);
  });
}

/** Throws (rolling back the caller's transaction) when a change would leave no owner. */
export async function ensureAnOwnerRemains(db: Queries, procurementId: string): Promise<void> {
  const owners = await db.first(
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
  if (Number(owners?.n ?? 0) === 0) {
    throw new Conflict('A procurement needs at least one owner. Make someone else an owner first.');
  }
}
