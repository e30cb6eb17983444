/**
 * Procurements: listing, details, creation and changes to their details. Creation
 * writes the procurement, its lead borough, its owner and the live document's first
 * state in one transaction, so a procurement never exists without its workspace.
 */
import type {
  CreateProcurementRequest,
  Member,
  ParticipatingBorough,
  Phase,
  ProcurementDetail,
  ProcurementSummary,
  UpdateProcurementRequest,
} from '../../../shared/api.js';
import { assignColours, presenceColour } from '../../../shared/presence.js';
import { boroughSummary, type User } from '../auth/users.js';
import type { Database, Queries } from '../db/queries.js';
import { newId } from '../ids.js';
import { describeStanding, requireMembership, requirePermission, type Membership } from './access.js';
import { recordAudit } from '../audit.js';

export interface NewProcurement {
  id: string;
  title: string;
  leadBoroughId: string;
}

/** Builds the first state of a new procurement's live document (a Yjs update). */
export type InitialDocument = (procurement: NewProcurement) => Uint8Array;

/** Writes a document's first log entry inside the caller's transaction (`tx`). */
export type SeedDocumentLog = (tx: Queries, document: string, update: Uint8Array) => Promise<void>;

/** When a document last changed (its newest log entry), or 0. */
export type LastActivity = (document: string) => Promise<number>;

export async function listProcurements(db: Queries, user: User, lastActivity: LastActivity): Promise<ProcurementSummary[]> {
  const rows = await db.all(
    db.kysely
      .selectFrom('procurements as p')
      .innerJoin('procurement_members as m', 'm.procurement_id', 'p.id')
      .select(['p.id', 'p.title', 'p.reference', 'p.phase', 'p.created_at', 'p.updated_at', 'm.role'])
      .where('m.user_id', '=', user.id)
      .orderBy('p.updated_at', 'desc'),
  );
  const summaries = await Promise.all(
    rows.map(async (row) => ({
      id: row.id,
      title: row.title,
      reference: row.reference,
      phase: row.phase as Phase,
      boroughs: await participatingBoroughs(db, row.id),
      myRole: row.role,
      createdAt: new Date(row.created_at).toISOString(),
      lastActivityAt: new Date(Math.max(row.updated_at, await lastActivity(row.id))).toISOString(),
    })),
  );
  return summaries.sort((a, b) => b.lastActivityAt.localeCompare(a.lastActivityAt));
}

/** The procurement as `user` sees it now (read again after a change: their own standing may have changed). */
export async function procurementDetail(
  db: Queries,
  user: User,
  procurementId: string,
  lastActivity: LastActivity,
): Promise<ProcurementDetail> {
  const standing = await requireMembership(db, user, procurementId);
  const row = (await db.first(
    db.kysely
      .selectFrom('procurements as p')
      .leftJoin('users as u', 'u.id', 'p.created_by')
      .select([
        'p.id',
        'p.title',
        'p.reference',
        'p.summary',
        'p.phase',
        'p.created_at',
        'p.updated_at',
        'p.lead_decides',
        'u.id as creator_id',
        'u.display_name as creator_name',
      ])
      .where('p.id', '=', procurementId),
  ))!;
  const borough = await boroughSummary(db, standing.boroughId);
  return {
    id: row.id,
    title: row.title,
    reference: row.reference,
    summary: row.summary,
    phase: row.phase as Phase,
    leadDecides: row.lead_decides === 1,
    boroughs: await participatingBoroughs(db, row.id),
    myRole: standing.role,
    createdAt: new Date(row.created_at).toISOString(),
    lastActivityAt: new Date(Math.max(row.updated_at, await lastActivity(row.id))).toISOString(),
    createdBy: row.creator_id ? { id: row.creator_id, name: row.creator_name ?? '' } : null,
    members: await members(db, row.id),
    me: describeStanding(standing, borough.name),
  };
}

export async function participatingBoroughs(db: Queries, procurementId: string): Promise<ParticipatingBorough[]> {
  const order = { lead: 0, partner: 1, observer: 2 } as const;
  const rows = await db.all(
    db.kysely
      .selectFrom('procurement_boroughs as pb')
      .innerJoin('boroughs as b', 'b.id', 'pb.borough_id')
      .select(['b.id', 'b.name', 'b.official_name', 'pb.role'])
      .where('pb.procurement_id', '=', procurementId),
  );
  return rows
    .map((row) => ({ id: row.id, name: row.name, officialName: row.official_name, role: row.role }))
    .sort((a, b) => order[a.role] - order[b.role] || a.name.localeCompare(b.name));
}

/**
 * Each member's colour in the procurement: in the order they were added (then by user
 * id), each takes their preferred colour or, if someone before them has it, the next one
 * free (shared/presence.ts), so nobody shares one while colours last and people keep
 * theirs as others join. Their live presence carries the same colour (live-access.ts).
 */
export async function memberColours(db: Queries, procurementId: string): Promise<Map<string, string>> {
  const rows = await db.all(
    db.kysely
      .selectFrom('procurement_members')
      .select('user_id')
      .where('procurement_id', '=', procurementId)
      .orderBy('added_at')
      .orderBy('user_id'),
  );
  return assignColours(rows.map((r) => r.user_id));
}

export async function members(db: Queries, procurementId: string): Promise<Member[]> {
  const colours = await memberColours(db, procurementId);
  const rows = await db.all(
    db.kysely
      .selectFrom('procurement_members as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .innerJoin('boroughs as b', 'b.id', 'm.borough_id')
      .select([
        'u.id',
        'u.display_name',
        'u.email',
        'b.id as borough_id',
        'b.name as borough_name',
        'b.official_name',
        'm.role',
        'm.is_borough_lead',
      ])
      .where('m.procurement_id', '=', procurementId)
      .orderBy('b.name')
      .orderBy('u.display_name'),
  );
  return rows.map((row) => ({
    userId: row.id,
    name: row.display_name,
    email: row.email,
    borough: { id: row.borough_id, name: row.borough_name, officialName: row.official_name },
    role: row.role,
    isBoroughLead: row.is_borough_lead === 1,
    colour: colours.get(row.id) ?? presenceColour(row.id),
  }));
}

/** The creator's borough leads; the creator owns it and speaks for their borough. */
export async function createProcurement(
  db: Database,
  user: User,
  input: Required<CreateProcurementRequest>,
  initialDocument: InitialDocument,
  seedDocumentLog: SeedDocumentLog,
): Promise<string> {
  const id = newId();
  const now = db.now();
  const firstState = initialDocument({ id, title: input.title, leadBoroughId: user.boroughId });
  await db.transaction(async (tx) => {
    await tx.run(
      tx.kysely.insertInto('procurements').values({
        id,
        title: input.title,
        reference: input.reference,
        summary: input.summary,
        phase: input.phase,
        created_by: user.id,
        created_at: now,
        updated_at: now,
      }),
    );
    await tx.run(
      tx.kysely
        .insertInto('procurement_boroughs')
        .values({ procurement_id: id, borough_id: user.boroughId, role: 'lead', added_by: user.id, added_at: now }),
    );
    await tx.run(
      tx.kysely.insertInto('procurement_members').values({
        procurement_id: id,
        user_id: user.id,
        borough_id: user.boroughId,
        role: 'owner',
        is_borough_lead: 1,
        added_by: user.id,
        added_at: now,
      }),
    );
    await seedDocumentLog(tx, id, firstState);
    await recordAudit(tx, { procurementId: id, actorId: user.id, action: 'procurement.created', detail: { title: input.title } });
  });
  return id;
}

export async function updateProcurement(db: Database, member: Membership, patch: UpdateProcurementRequest): Promise<void> {
  requirePermission(member, 'manageDetails');
  const { procurementId, user } = member;
  const changes = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
  await db.transaction(async (tx) => {
    await tx.run(
      tx.kysely
        .updateTable('procurements')
        .set({ ...changes, updated_at: tx.now() })
        .where('id', '=', procurementId),
    );
    await recordAudit(tx, { procurementId, actorId: user.id, action: 'procurement.updated', detail: changes });
  });
}

/**
 * Turns on or off "partner boroughs suggest; the lead borough accepts": the lead
 * borough's owners choose. The caller re-checks the live connections, whose rights change.
 */
export async function setLeadDecides(db: Database, member: Membership, leadDecides: boolean): Promise<void> {
  requirePermission(member, 'chooseWhoDecides');
  const { procurementId, user } = member;
  await db.transaction(async (tx) => {
    await tx.run(
      tx.kysely
        .updateTable('procurements')
        .set({ lead_decides: leadDecides ? 1 : 0, updated_at: tx.now() })
        .where('id', '=', procurementId),
    );
    await recordAudit(tx, { procurementId, actorId: user.id, action: 'procurement.who-decides', detail: { leadDecides } });
  });
}
