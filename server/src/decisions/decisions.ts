/**
 * Decisions as formal acts. A decision's words live in the live document; its status and
 * each borough's position on it are SQL rows with who and when, appended, never edited.
 *
 * The rule, in one place (`reconcile`): a borough's position is about the option proposed
 * (the decision's chosen option) as it stood when the position was recorded. The
 * decision is agreed when every lead and partner borough supports the proposal as it
 * stands; it is then recorded as agreed by nobody in particular (the rule, not a
 * person). When a borough stops supporting it, or the proposal changes or is reworded,
 * the agreement lapses, recorded the same way with the reason ("Agreement lapsed: Camden
 * no longer supports it"), and every borough is asked again. Only a borough lead marks a
 * decision superseded, or reopens it.
 */
import type { DecisionRecord, RecordPositionRequest, SetDecisionStatusRequest } from '../../../shared/decisions.js';
import { recordAudit } from '../audit.js';
import type { Database, Queries } from '../db/queries.js';
import { withinTransaction } from '../db/within-transaction.js';
import { Conflict } from '../errors.js';
import { requirePermission, type Membership } from '../procurements/access.js';
import { participatingBoroughs } from '../procurements/procurements.js';
import type { Proposal } from './proposal.js';

type Status = DecisionRecord['status'];

interface PositionRow {
  decision_id: string;
  position: 'support' | 'object' | 'abstain';
  comment: string;
  recorded_at: number;
  user_id: string;
  display_name: string;
  borough_id: string;
  name: string;
  official_name: string;
  option_id: string | null;
  option_title: string;
  option_digest: string;
}

/**
 * Each decision's record (every decision of the document, and any with rows whose
 * decision was since removed), positions marked current or not against today's proposals.
 */
export async function decisionRecords(
  db: Queries,
  procurementId: string,
  proposals: ReadonlyMap<string, Proposal | null>,
): Promise<DecisionRecord[]> {
  const statuses = await db.all(
    db.kysely
      .selectFrom('decision_status as s')
      .leftJoin('users as u', 'u.id', 's.changed_by')
      .select(['s.decision_id', 's.status', 's.note', 's.changed_at', 's.option_id', 'u.id as user_id', 'u.display_name'])
      .where('s.procurement_id', '=', procurementId)
      .orderBy('s.id'),
  );
  const records = new Map<string, DecisionRecord>();
  const recordFor = (decisionId: string) => {
    let record = records.get(decisionId);
    if (!record) {
      record = {
        decisionId,
        status: 'open',
        statusNote: '',
        statusChangedBy: null,
        statusChangedAt: null,
        agreedOptionId: null,
        positions: [],
      };
      records.set(decisionId, record);
    }
    return record;
  };
  // Every decision of the document has a record, in the document's order.
  for (const decisionId of proposals.keys()) recordFor(decisionId);
  // Rows are in order, so the last one written for each decision is the current one.
  for (const s of statuses) {
    Object.assign(recordFor(s.decision_id), {
      status: s.status,
      statusNote: s.note,
      statusChangedBy: s.user_id ? { id: s.user_id, name: s.display_name ?? '' } : null,
      statusChangedAt: new Date(s.changed_at).toISOString(),
      agreedOptionId: s.status === 'agreed' ? s.option_id : null,
    });
  }
  for (const [decisionId, positions] of await latestPositions(db, procurementId)) {
    const proposal = proposals.get(decisionId) ?? null;
    recordFor(decisionId).positions = positions.map((p) => ({
      borough: { id: p.borough_id, name: p.name, officialName: p.official_name },
      position: p.position,
      optionId: p.option_id,
      optionTitle: p.option_title,
      comment: p.comment,
      recordedBy: { id: p.user_id, name: p.display_name },
      recordedAt: new Date(p.recorded_at).toISOString(),
      current: isCurrent(p, proposal),
    }));
  }
  return [...records.values()];
}

/** A position still stands for the proposal as it is now (an abstention stands while anything is proposed). */
function isCurrent(position: Pick<PositionRow, 'position' | 'option_id' | 'option_digest'>, proposal: Proposal | null): boolean {
  if (!proposal) return false;
  if (position.position === 'abstain') return position.option_id === null || position.option_id === proposal.optionId;
  return position.option_id === proposal.optionId && position.option_digest === proposal.digest;
}

/** Each decision's latest position per borough. */
async function latestPositions(db: Queries, procurementId: string, decisionId?: string): Promise<Map<string, PositionRow[]>> {
  let query = db.kysely
    .selectFrom('decision_positions as p')
    .innerJoin('users as u', 'u.id', 'p.recorded_by')
    .innerJoin('boroughs as b', 'b.id', 'p.borough_id')
    .select([
      'p.decision_id',
      'p.position',
      'p.comment',
      'p.recorded_at',
      'p.option_id',
      'p.option_title',
      'p.option_digest',
      'u.id as user_id',
      'u.display_name',
      'b.id as borough_id',
      'b.name',
      'b.official_name',
    ])
    .where('p.procurement_id', '=', procurementId)
    .orderBy('p.id');
  if (decisionId) query = query.where('p.decision_id', '=', decisionId);
  const latest = new Map<string, PositionRow>();
  for (const row of await db.all(query)) latest.set(`${row.decision_id} ${row.borough_id}`, row);
  const byDecision = new Map<string, PositionRow[]>();
  for (const row of latest.values()) byDecision.set(row.decision_id, [...(byDecision.get(row.decision_id) ?? []), row]);
  return byDecision;
}

async function lastStatus(db: Queries, procurementId: string, decisionId: string): Promise<{ status: Status; optionId: string | null }> {
  const row = await db.first(
    db.kysely
      .selectFrom('decision_status')
      .select(['status', 'option_id'])
      .where('procurement_id', '=', procurementId)
      .where('decision_id', '=', decisionId)
      .orderBy('id', 'desc')
      .limit(1),
  );
  return { status: row?.status ?? 'open', optionId: row?.option_id ?? null };
}

async function writeStatus(
  db: Queries,
  procurementId: string,
  decisionId: string,
  change: { status: Status; note: string; by: string | null; optionId?: string | null },
): Promise<void> {
  await db.run(
    db.kysely.insertInto('decision_status').values({
      procurement_id: procurementId,
      decision_id: decisionId,
      status: change.status,
      note: change.note,
      changed_by: change.by,
      changed_at: db.now(),
      option_id: change.optionId ?? null,
    }),
  );
}

/** The status the rule gives a decision now, and why it differs from `last` when it does. */
async function ruleStatus(
  db: Queries,
  procurementId: string,
  decisionId: string,
  proposal: Proposal | null,
  last: { status: Status; optionId: string | null },
): Promise<{ status: Status; optionId: string | null; note: string }> {
  const buying = (await participatingBoroughs(db, procurementId)).filter((b) => b.role !== 'observer');
  const positions = (await latestPositions(db, procurementId, decisionId)).get(decisionId) ?? [];
  const supporting = new Set(positions.filter((p) => p.position === 'support' && isCurrent(p, proposal)).map((p) => p.borough_id));
  const notSupporting = buying.filter((b) => !supporting.has(b.id));
  const titled = (title: string) => `“${title || 'an untitled option'}”`;
  if (proposal && buying.length > 0 && notSupporting.length === 0) {
    return { status: 'agreed', optionId: proposal.optionId, note: `Agreed: every borough taking part supports ${titled(proposal.title)}.` };
  }
  const status: Status = proposal ? 'proposed' : 'open';
  let note = '';
  if (last.status === 'agreed') {
    if (!proposal) note = 'Agreement lapsed: no option is proposed any more.';
    else if (proposal.optionId !== last.optionId) note = `Agreement lapsed: the proposal changed to ${titled(proposal.title)}.`;
    else if (positions.some((p) => p.position === 'support' && p.option_id === proposal.optionId && !isCurrent(p, proposal))) {
      note = `Agreement lapsed: ${titled(proposal.title)} was changed, so every borough is asked again.`;
    } else {
      const names = notSupporting.map((b) => b.name).join(' and ');
      note = `Agreement lapsed: ${names} no longer ${notSupporting.length === 1 ? 'supports' : 'support'} it.`;
    }
  }
  return { status, optionId: null, note };
}

/**
 * Brings a decision's recorded status in line with the rule (see the top of this file),
 * recording any change as the rule's (by nobody), with its reason. Runs inside the
 * caller's transaction; returns whether it recorded a change.
 */
export async function reconcile(db: Queries, procurementId: string, decisionId: string, proposal: Proposal | null): Promise<boolean> {
  const last = await lastStatus(db, procurementId, decisionId);
  if (last.status === 'superseded') return false;
  const next = await ruleStatus(db, procurementId, decisionId, proposal, last);
  if (next.status === last.status && next.optionId === last.optionId) return false;
  await writeStatus(db, procurementId, decisionId, { ...next, by: null });
  await recordAudit(db, {
    procurementId,
    actorId: null,
    action: 'decision.rule',
    detail: { decisionId, status: next.status, optionId: next.optionId, note: next.note },
  });
  return true;
}

/**
 * Records the member's borough's position on the proposal it was shown. A position needs
 * a proposal to be about; if the proposal changed meanwhile, the member is asked to look
 * again rather than have their position pinned to something they did not see. In the
 * caller's transaction when `db` is one (the demo's past), else in its own.
 */
export async function recordPosition(
  db: Queries,
  member: Membership,
  decisionId: string,
  input: RecordPositionRequest,
  proposal: Proposal | null,
): Promise<void> {
  requirePermission(member, 'speakForBorough');
  const { procurementId, user, boroughId } = member;
  if (!proposal) throw new Conflict('No option is proposed yet. Positions are recorded about a proposed option.');
  if (input.position !== 'abstain' && input.optionId !== proposal.optionId) {
    throw new Conflict('The proposed option changed while you were deciding. Look at it again, then record your borough’s position.');
  }
  const aboutOption = input.position !== 'abstain' || input.optionId !== undefined;
  await withinTransaction(db, async (tx) => {
    await tx.run(
      tx.kysely.insertInto('decision_positions').values({
        procurement_id: procurementId,
        decision_id: decisionId,
        borough_id: boroughId,
        position: input.position,
        comment: input.comment ?? '',
        recorded_by: user.id,
        recorded_at: tx.now(),
        option_id: aboutOption ? proposal.optionId : null,
        option_title: aboutOption ? proposal.title : '',
        option_digest: aboutOption ? proposal.digest : '',
      }),
    );
    await recordAudit(tx, {
      procurementId,
      actorId: user.id,
      action: 'decision.position',
      detail: {
        decisionId,
        boroughId,
        position: input.position,
        optionId: proposal.optionId,
        optionTitle: proposal.title,
        comment: input.comment ?? '',
      },
    });
    await reconcile(tx, procurementId, decisionId, proposal);
  });
}

/** A borough lead marks a decision superseded (saying by what), or reopens it. */
export async function setDecisionStatus(
  db: Database,
  member: Membership,
  decisionId: string,
  input: SetDecisionStatusRequest,
  proposal: Proposal | null,
): Promise<void> {
  requirePermission(member, 'setDecisionStatus');
  const { procurementId, user } = member;
  await db.transaction(async (tx) => {
    const last = await lastStatus(tx, procurementId, decisionId);
    if (input.change === 'supersede') {
      if (last.status === 'superseded') throw new Conflict('This decision is already marked superseded.');
      await writeStatus(tx, procurementId, decisionId, { status: 'superseded', note: input.note ?? '', by: user.id });
    } else {
      if (last.status !== 'superseded') throw new Conflict('Only a superseded decision can be reopened.');
      // Reopened to whatever the positions now say, by the person who reopened it.
      const next = await ruleStatus(tx, procurementId, decisionId, proposal, last);
      await writeStatus(tx, procurementId, decisionId, { ...next, note: input.note || 'Reopened.', by: user.id });
    }
    await recordAudit(tx, { procurementId, actorId: user.id, action: 'decision.status', detail: { decisionId, ...input } });
  });
}
