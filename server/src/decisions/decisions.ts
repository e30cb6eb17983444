/**
 * Decisions as formal acts. A decision's words live in the live document; its status and
 * each borough's position on it are SQL rows with who and when, appended, never edited.
 *
 * Only a borough's lead records its position, and only for a lead or partner borough
 * (observers watch). A decision can be marked agreed only while every lead and partner
 * borough supports it; if one stops supporting it, the agreement lapses back to proposed.
 */
import type { DecisionRecord, RecordPositionRequest, SetDecisionStatusRequest } from '../../../shared/api.js';
import type { Db } from '../db/database.js';
import { Conflict } from '../errors.js';
import { requirePermission, type Membership } from '../procurements/access.js';
import { recordAudit } from '../audit.js';
import { participatingBoroughs } from '../procurements/procurements.js';

type Status = DecisionRecord['status'];

export function decisionRecords(db: Db, procurementId: string): DecisionRecord[] {
  const statuses = db.all(
    db.kysely
      .selectFrom('decision_status as s')
      .leftJoin('users as u', 'u.id', 's.changed_by')
      .select(['s.decision_id', 's.status', 's.note', 's.changed_at', 'u.id as user_id', 'u.display_name'])
      .where('s.procurement_id', '=', procurementId)
      .orderBy('s.id'),
  );
  const positions = db.all(
    db.kysely
      .selectFrom('decision_positions as p')
      .innerJoin('users as u', 'u.id', 'p.recorded_by')
      .innerJoin('boroughs as b', 'b.id', 'p.borough_id')
      .select([
        'p.decision_id',
        'p.position',
        'p.comment',
        'p.recorded_at',
        'u.id as user_id',
        'u.display_name',
        'b.id as borough_id',
        'b.name',
        'b.official_name',
      ])
      .where('p.procurement_id', '=', procurementId)
      .orderBy('p.id'),
  );
  const records = new Map<string, DecisionRecord>();
  const recordFor = (decisionId: string) => {
    let record = records.get(decisionId);
    if (!record) {
      record = { decisionId, status: 'open', statusNote: '', statusChangedBy: null, statusChangedAt: null, positions: [] };
      records.set(decisionId, record);
    }
    return record;
  };
  // Rows are in order, so the last one written for each key is the current one.
  for (const s of statuses) {
    Object.assign(recordFor(s.decision_id), {
      status: s.status,
      statusNote: s.note,
      statusChangedBy: s.user_id ? { id: s.user_id, name: s.display_name ?? '' } : null,
      statusChangedAt: new Date(s.changed_at).toISOString(),
    });
  }
  const current = new Map<string, DecisionRecord['positions'][number]>();
  for (const p of positions) {
    current.set(`${p.decision_id} ${p.borough_id}`, {
      borough: { id: p.borough_id, name: p.name, officialName: p.official_name },
      position: p.position,
      comment: p.comment,
      recordedBy: { id: p.user_id, name: p.display_name },
      recordedAt: new Date(p.recorded_at).toISOString(),
    });
  }
  for (const [key, position] of current) recordFor(key.split(' ')[0]!).positions.push(position);
  return [...records.values()];
}

function currentStatus(db: Db, procurementId: string, decisionId: string): Status {
  return (
    db.first(
      db.kysely
        .selectFrom('decision_status')
        .select('status')
        .where('procurement_id', '=', procurementId)
        .where('decision_id', '=', decisionId)
        .orderBy('id', 'desc')
        .limit(1),
    )?.status ?? 'open'
  );
}

/** Lead and partner boroughs that do not currently support the decision. */
function notSupporting(db: Db, procurementId: string, decisionId: string): string[] {
  const record = decisionRecords(db, procurementId).find((r) => r.decisionId === decisionId);
  const supports = new Set(record?.positions.filter((p) => p.position === 'support').map((p) => p.borough.id));
  return participatingBoroughs(db, procurementId)
    .filter((b) => b.role !== 'observer' && !supports.has(b.id))
    .map((b) => b.name);
}

function writeStatus(db: Db, procurementId: string, decisionId: string, status: Status, note: string, userId: string | null): void {
  db.run(
    db.kysely.insertInto('decision_status').values({
      procurement_id: procurementId,
      decision_id: decisionId,
      status,
      note,
      changed_by: userId,
      changed_at: db.now(),
    }),
  );
}

export function recordPosition(db: Db, member: Membership, decisionId: string, input: Required<RecordPositionRequest>): void {
  requirePermission(member, 'speakForBorough');
  const { procurementId, user, boroughId } = member;
  db.transaction(() => {
    db.run(
      db.kysely.insertInto('decision_positions').values({
        procurement_id: procurementId,
        decision_id: decisionId,
        borough_id: boroughId,
        position: input.position,
        comment: input.comment,
        recorded_by: user.id,
        recorded_at: db.now(),
        option_id: null,
        option_title: '',
        option_digest: '',
      }),
    );
    recordAudit(db, {
      procurementId,
      actorId: user.id,
      action: 'decision.position',
      detail: { decisionId, boroughId: boroughId, ...input },
    });
    if (input.position !== 'support' && currentStatus(db, procurementId, decisionId) === 'agreed') {
      const borough = participatingBoroughs(db, procurementId).find((b) => b.id === boroughId)?.name ?? boroughId;
      writeStatus(db, procurementId, decisionId, 'proposed', `Agreement lapsed: ${borough} no longer supports it.`, user.id);
    }
  });
}

export function setDecisionStatus(db: Db, member: Membership, decisionId: string, input: Required<SetDecisionStatusRequest>): void {
  requirePermission(member, 'setDecisionStatus');
  const { procurementId, user } = member;
  db.transaction(() => {
    if (input.status === 'agreed') {
      const missing = notSupporting(db, procurementId, decisionId);
      if (missing.length > 0) {
        throw new Conflict(`It can be marked agreed only when every borough supports it. Not yet supporting: ${missing.join(', ')}.`);
      }
    }
    writeStatus(db, procurementId, decisionId, input.status, input.note, user.id);
    recordAudit(db, { procurementId, actorId: user.id, action: 'decision.status', detail: { decisionId, ...input } });
  });
}
