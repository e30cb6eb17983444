/**
 * Who takes part: the participating boroughs (lead, partners, observers) and the
 * members (owners, editors, viewers; one borough lead per borough).
 *
 * Owners manage everything. A borough lead manages the members of their own borough,
 * but cannot make anyone an owner. A procurement always keeps its lead borough and at
 * least one owner. Members of an observer borough can only be viewers.
 */
import type { AddBoroughRequest, AddMemberRequest, UpdateBoroughRequest, UpdateMemberRequest } from '../../../shared/api.js';
import { canManageOwnBorough, isOwner, type MemberRole } from '../../../shared/roles.js';
import { findUserByEmail, type User } from '../auth/users.js';
import type { Db } from '../db/database.js';
import { Conflict, Forbidden, Invalid, NotFound } from '../errors.js';
import { requireStanding, type StandingRow } from './access.js';
import { recordAudit } from './audit.js';

function requireOwner(standing: StandingRow, what: string): void {
  if (!isOwner(standing)) throw new Forbidden(`Only owners can ${what}.`);
}

function boroughRoleIn(db: Db, procurementId: string, boroughId: string) {
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

export function addBorough(db: Db, user: User, procurementId: string, input: AddBoroughRequest): void {
  requireOwner(requireStanding(db, user.id, procurementId), 'add boroughs');
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

export function updateBorough(db: Db, user: User, procurementId: string, boroughId: string, input: UpdateBoroughRequest): void {
  requireOwner(requireStanding(db, user.id, procurementId), 'change a borough’s role');
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
      // Observers only watch: their members become viewers.
      db.run(
        db.kysely
          .updateTable('procurement_members')
          .set({ role: 'viewer' })
          .where('procurement_id', '=', procurementId)
          .where('borough_id', '=', boroughId),
      );
    }
    ensureAnOwnerRemains(db, procurementId);
    touch(db, procurementId);
    recordAudit(db, { procurementId, actorId: user.id, action: 'borough.role-changed', detail: { boroughId, from: current, to: input.role } });
  });
}

export function removeBorough(db: Db, user: User, procurementId: string, boroughId: string): void {
  requireOwner(requireStanding(db, user.id, procurementId), 'remove boroughs');
  const current = boroughRoleIn(db, procurementId, boroughId);
  if (!current) throw new NotFound('That borough is not taking part in this procurement.');
  if (current === 'lead') throw new Invalid('The lead borough cannot be removed.');
  db.transaction(() => {
    // Its members go with it (foreign key cascade), and so do its open invitations.
    db.run(
      db.kysely
        .deleteFrom('invitations')
        .where('procurement_id', '=', procurementId)
        .where('borough_id', '=', boroughId)
        .where('accepted_at', 'is', null),
    );
    db.run(
      db.kysely.deleteFrom('procurement_boroughs').where('procurement_id', '=', procurementId).where('borough_id', '=', boroughId),
    );
    touch(db, procurementId);
    recordAudit(db, { procurementId, actorId: user.id, action: 'borough.removed', detail: { boroughId } });
  });
}

// ---- members --------------------------------------------------------------------------

/** Checks that `actor` may give `role` to someone of `targetBoroughId`. */
function checkMayAssign(
  db: Db,
  actor: StandingRow,
  procurementId: string,
  targetBoroughId: string,
  role: MemberRole | undefined,
): void {
  if (!isOwner(actor)) {
    if (!canManageOwnBorough(actor) || actor.boroughId !== targetBoroughId) {
      throw new Forbidden('Only owners, and borough leads for their own borough, can manage members.');
    }
    if (role === 'owner') throw new Forbidden('Only owners can make someone an owner.');
  }
  if (role && role !== 'viewer' && boroughRoleIn(db, procurementId, targetBoroughId) === 'observer') {
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
}

export function addMember(db: Db, user: User, procurementId: string, input: Required<AddMemberRequest>): string {
  const actor = requireStanding(db, user.id, procurementId);
  const target = findUserByEmail(db, input.email);
  if (!target) {
    throw new Invalid('There is no account with that email address. Send them an invitation instead.', {
      email: 'There is no account with that email address',
    });
  }
  if (!boroughRoleIn(db, procurementId, target.boroughId)) {
    throw new Invalid(`${target.name} works for ${boroughName(db, target.boroughId)}, which is not taking part in this procurement.`, {
      email: 'Their borough is not taking part',
    });
  }
  checkMayAssign(db, actor, procurementId, target.boroughId, input.role);
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
    recordAudit(db, { procurementId, actorId: user.id, action: 'member.added', detail: { userId: target.id, role: input.role, isBoroughLead: input.isBoroughLead } });
  });
  return target.id;
}

export function updateMember(db: Db, user: User, procurementId: string, memberId: string, input: UpdateMemberRequest): void {
  const actor = requireStanding(db, user.id, procurementId);
  const member = memberRow(db, procurementId, memberId);
  if (!member) throw new NotFound('That person is not a member of this procurement.');
  checkMayAssign(db, actor, procurementId, member.borough_id, input.role);
  if (!isOwner(actor) && member.role === 'owner') throw new Forbidden('Only owners can change an owner.');
  db.transaction(() => {
    if (input.role && input.role !== member.role) {
      db.run(
        db.kysely
          .updateTable('procurement_members')
          .set({ role: input.role })
          .where('procurement_id', '=', procurementId)
          .where('user_id', '=', memberId),
      );
    }
    if (input.isBoroughLead === true) makeBoroughLead(db, procurementId, member.borough_id, memberId);
    if (input.isBoroughLead === false) {
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
    recordAudit(db, { procurementId, actorId: user.id, action: 'member.changed', detail: { userId: memberId, ...input } });
  });
}

export function removeMember(db: Db, user: User, procurementId: string, memberId: string): void {
  const actor = requireStanding(db, user.id, procurementId);
  const member = memberRow(db, procurementId, memberId);
  if (!member) throw new NotFound('That person is not a member of this procurement.');
  const leaving = memberId === user.id;
  if (!leaving) {
    checkMayAssign(db, actor, procurementId, member.borough_id, undefined);
    if (!isOwner(actor) && member.role === 'owner') throw new Forbidden('Only owners can remove an owner.');
  }
  db.transaction(() => {
    db.run(
      db.kysely.deleteFrom('procurement_members').where('procurement_id', '=', procurementId).where('user_id', '=', memberId),
    );
    ensureAnOwnerRemains(db, procurementId);
    touch(db, procurementId);
    recordAudit(db, { procurementId, actorId: user.id, action: 'member.removed', detail: { userId: memberId } });
  });
}

/** Throws (rolling back the caller's transaction) when a change would leave no owner. */
function ensureAnOwnerRemains(db: Db, procurementId: string): void {
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
