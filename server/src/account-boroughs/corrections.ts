/**
 * Correcting the borough of an account that is in the wrong one: the admin of the
 * borough it is in asks (they know their own people), the admin of the borough it should
 * be in approves or declines (they vouch for their staff). On approval, in one
 * transaction: the account moves; in each procurement its membership moves with it where
 * the new borough takes part (not as borough lead, and as viewer where that borough
 * observes) and ends where it does not; the invitations it sent and its admin role end,
 * since they spoke for the old borough. Every step is on record, and history keeps
 * crediting earlier edits to the borough they were in then (boroughs-over-time.ts).
 */
import type { BoroughCorrection, RequestBoroughCorrection } from '../../../shared/account-boroughs.js';
import { recordAudit } from '../audit.js';
import type { User } from '../auth/users.js';
import type { Database, Queries } from '../db/queries.js';
import { Conflict, Invalid, NotFound } from '../errors.js';
import { newId } from '../ids.js';
import { withdrawAllInvitationsBy } from '../invitations/borough-invitations.js';
import { ensureAnOwnerRemains } from '../procurements/participants.js';

const notFound = () => new NotFound('That request was not found.');

function correctionsQuery(db: Queries) {
  return db.kysely
    .selectFrom('borough_corrections as c')
    .innerJoin('users as p', 'p.id', 'c.user_id')
    .innerJoin('boroughs as fb', 'fb.id', 'c.from_borough_id')
    .innerJoin('boroughs as tb', 'tb.id', 'c.to_borough_id')
    .innerJoin('users as r', 'r.id', 'c.requested_by')
    .leftJoin('users as d', 'd.id', 'c.decided_by')
    .select([
      'c.id',
      'c.user_id',
      'p.display_name as person_name',
      'p.email as person_email',
      'c.from_borough_id',
      'fb.name as from_name',
      'c.to_borough_id',
      'tb.name as to_name',
      'c.reason',
      'c.requested_by',
      'r.display_name as requester_name',
      'c.requested_at',
      'c.outcome',
      'c.decided_by',
      'd.display_name as decider_name',
      'c.decided_at',
    ]);
}

type CorrectionRow = Awaited<ReturnType<ReturnType<typeof correctionsQuery>['executeTakeFirstOrThrow']>>;

function toCorrection(row: CorrectionRow): BoroughCorrection {
  return {
    id: row.id,
    person: { id: row.user_id, name: row.person_name, email: row.person_email },
    from: { id: row.from_borough_id, name: row.from_name },
    to: { id: row.to_borough_id, name: row.to_name },
    reason: row.reason,
    requestedBy: { id: row.requested_by, name: row.requester_name },
    requestedAt: new Date(row.requested_at).toISOString(),
    outcome: row.outcome,
    decidedBy: row.decided_by ? { id: row.decided_by, name: row.decider_name ?? '' } : null,
    decidedAt: row.decided_at === null ? null : new Date(row.decided_at).toISOString(),
  };
}

/** Requests out of and into the admin's borough, newest first. */
export async function listCorrections(db: Queries, admin: User): Promise<BoroughCorrection[]> {
  const rows = await db.all(
    correctionsQuery(db)
      .where((eb) => eb.or([eb('c.from_borough_id', '=', admin.boroughId), eb('c.to_borough_id', '=', admin.boroughId)]))
      .orderBy('c.requested_at', 'desc')
      .limit(100),
  );
  return rows.map(toCorrection);
}

async function correction(db: Queries, id: string): Promise<BoroughCorrection> {
  const row = await db.first(correctionsQuery(db).where('c.id', '=', id));
  if (!row) throw notFound();
  return toCorrection(row);
}

/** The admin of the borough an account is in asks for it to be moved to `toBoroughId`. */
export async function requestCorrection(db: Database, admin: User, input: RequestBoroughCorrection): Promise<BoroughCorrection> {
  const id = newId();
  await db.transaction(async (tx) => {
    const person = await tx.first(tx.kysely.selectFrom('users').select(['id', 'borough_id']).where('id', '=', input.userId));
    if (!person || person.borough_id !== admin.boroughId) throw new NotFound('That person does not have an account in your borough.');
    if (input.toBoroughId === admin.boroughId) {
      throw new Invalid('They are already in your borough. Choose the borough they work for.', { toBoroughId: 'Choose another borough' });
    }
    if (!(await tx.first(tx.kysely.selectFrom('boroughs').select('id').where('id', '=', input.toBoroughId)))) {
      throw new Invalid('Choose the borough they work for.', { toBoroughId: 'Choose a London borough' });
    }
    const open = await tx.first(
      tx.kysely.selectFrom('borough_corrections').select('id').where('user_id', '=', person.id).where('outcome', 'is', null),
    );
    if (open) throw new Conflict('A correction of this account is already waiting. Withdraw it first to ask for another.');
    await tx.run(
      tx.kysely.insertInto('borough_corrections').values({
        id,
        user_id: person.id,
        from_borough_id: admin.boroughId,
        to_borough_id: input.toBoroughId,
        reason: input.reason,
        requested_by: admin.id,
        requested_at: tx.now(),
        outcome: null,
        decided_by: null,
        decided_at: null,
      }),
    );
    await recordAudit(tx, {
      procurementId: null,
      actorId: admin.id,
      action: 'account.borough-correction-requested',
      detail: { correctionId: id, userId: person.id, from: admin.boroughId, to: input.toBoroughId },
    });
  });
  return correction(db, id);
}

/** An open request the admin may decide: one into their borough (`side` 'to') or out of it ('from'). */
async function openCorrection(db: Queries, admin: User, id: string, side: 'from' | 'to') {
  const row = await db.first(db.kysely.selectFrom('borough_corrections').selectAll().where('id', '=', id));
  const boroughId = side === 'to' ? row?.to_borough_id : row?.from_borough_id;
  if (!row || boroughId !== admin.boroughId) throw notFound();
  if (row.outcome) throw new Conflict(`That request was already ${row.outcome}.`);
  return row;
}

async function decide(db: Queries, id: string, outcome: 'approved' | 'declined' | 'withdrawn', adminId: string): Promise<void> {
  const changed = await db.run(
    db.kysely
      .updateTable('borough_corrections')
      .set({ outcome, decided_by: adminId, decided_at: db.now() })
      .where('id', '=', id)
      .where('outcome', 'is', null),
  );
  if (changed !== 1) throw new Conflict('That request was decided by someone else just now.');
}

export async function withdrawCorrection(db: Database, admin: User, id: string): Promise<BoroughCorrection> {
  await db.transaction(async (tx) => {
    await openCorrection(tx, admin, id, 'from');
    await decide(tx, id, 'withdrawn', admin.id);
    await recordAudit(tx, {
      procurementId: null,
      actorId: admin.id,
      action: 'account.borough-correction-withdrawn',
      detail: { correctionId: id },
    });
  });
  return correction(db, id);
}

export async function declineCorrection(db: Database, admin: User, id: string): Promise<BoroughCorrection> {
  await db.transaction(async (tx) => {
    await openCorrection(tx, admin, id, 'to');
    await decide(tx, id, 'declined', admin.id);
    await recordAudit(tx, {
      procurementId: null,
      actorId: admin.id,
      action: 'account.borough-correction-declined',
      detail: { correctionId: id },
    });
  });
  return correction(db, id);
}

/**
 * The admin of the borough the account should be in approves: the account moves, as
 * above. Returns the correction and the procurements whose live connections must be
 * checked again (the person's borough shows in their presence and edits).
 */
export async function approveCorrection(
  db: Database,
  admin: User,
  id: string,
): Promise<{ correction: BoroughCorrection; procurementIds: string[] }> {
  const procurementIds = await db.transaction(async (tx) => {
    const request = await openCorrection(tx, admin, id, 'to');
    const userId = request.user_id;
    const person = await tx.first(tx.kysely.selectFrom('users').select('borough_id').where('id', '=', userId));
    if (person?.borough_id !== request.from_borough_id) throw new Conflict('That account is no longer in the borough the request is from.');
    await decide(tx, id, 'approved', admin.id);
    await tx.run(tx.kysely.updateTable('users').set({ borough_id: request.to_borough_id, is_borough_admin: 0 }).where('id', '=', userId));
    await withdrawAllInvitationsBy(tx, userId);
    const affected = await moveMemberships(tx, userId, request.to_borough_id, admin.id);
    await recordAudit(tx, {
      procurementId: null,
      actorId: admin.id,
      action: 'account.borough-corrected',
      detail: { correctionId: id, userId, from: request.from_borough_id, to: request.to_borough_id },
    });
    return affected;
  });
  return { correction: await correction(db, id), procurementIds };
}

/** Moves or ends each of the person's memberships; returns the procurements changed. */
async function moveMemberships(db: Queries, userId: string, toBoroughId: string, actorId: string): Promise<string[]> {
  const memberships = await db.all(
    db.kysely
      .selectFrom('procurement_members as m')
      .innerJoin('procurements as p', 'p.id', 'm.procurement_id')
      .leftJoin('procurement_boroughs as pb', (join) =>
        join.onRef('pb.procurement_id', '=', 'm.procurement_id').on('pb.borough_id', '=', toBoroughId),
      )
      .select(['m.procurement_id', 'm.borough_id', 'm.role', 'p.title', 'pb.role as borough_role'])
      .where('m.user_id', '=', userId),
  );
  for (const m of memberships) {
    if (m.borough_role) {
      const role = m.borough_role === 'observer' ? 'viewer' : m.role;
      await db.run(
        db.kysely
          .updateTable('procurement_members')
          .set({ borough_id: toBoroughId, role, is_borough_lead: 0 })
          .where('procurement_id', '=', m.procurement_id)
          .where('user_id', '=', userId),
      );
    } else {
      await db.run(
        db.kysely.deleteFrom('procurement_members').where('procurement_id', '=', m.procurement_id).where('user_id', '=', userId),
      );
    }
    try {
      await ensureAnOwnerRemains(db, m.procurement_id);
    } catch {
      throw new Conflict(
        `They are the only owner of “${m.title}”, and their new borough ${m.borough_role ? 'only observes it' : 'does not take part'}. ` +
          'Ask them to make someone else an owner first.',
      );
    }
    await recordAudit(db, {
      procurementId: m.procurement_id,
      actorId,
      action: m.borough_role ? 'member.borough-corrected' : 'member.removed',
      detail: { userId, from: m.borough_id, to: toBoroughId, why: 'borough-corrected' },
    });
  }
  return memberships.map((m) => m.procurement_id);
}
