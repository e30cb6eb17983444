/**
 * Named versions (immutable marks on the log) and sign-offs of the specification by a
 * borough's lead: formal acts in SQL with who, when, and the specification's content
 * hash, so "changed since you signed" is a comparison of hashes.
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import type * as Y from 'yjs';
import type {
  NamedVersion,
  NamedVersions,
  SignOffRequest,
  SignoffRecord,
  SignoffState,
  WithdrawSignoffRequest,
} from '../../../shared/history.js';
import { specificationOf } from '../../../shared/doc-layout.js';
import type { Queries } from '../db/queries.js';
import { withinTransaction } from '../db/within-transaction.js';
import { Conflict, NotFound } from '../errors.js';
import { newId } from '../ids.js';
import { specificationText } from './specification-text.js';
import { requirePermission, type Membership } from '../procurements/access.js';
import { recordAudit } from '../audit.js';
import { recordHead } from '../record/chain.js';
import { participatingBoroughs } from '../procurements/procurements.js';

/** The specification's content (structure, attributes and formatted text; not comment anchors), hashed. */
export function specificationHash(doc: Y.Doc): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(specificationText(specificationOf(doc)))));
}

/**
 * Names a version, on record. Like the sign-offs below, it writes in a transaction of its
 * own when given the database, or joins the caller's when given its handle.
 */
export async function nameVersion(
  db: Queries,
  member: Membership,
  input: { seq: number; name: string; note: string },
  hashAt: (seq: number) => string,
): Promise<NamedVersion> {
  requirePermission(member, 'nameVersion');
  const { procurementId, user } = member;
  const id = newId();
  const hash = hashAt(input.seq);
  await withinTransaction(db, async (tx) => {
    await tx.run(
      tx.kysely.insertInto('named_versions').values({
        id,
        procurement_id: procurementId,
        seq: input.seq,
        name: input.name,
        note: input.note,
        specification_hash: hash,
        created_by: user.id,
        created_at: tx.now(),
      }),
    );
    await recordAudit(tx, { procurementId, actorId: user.id, action: 'version.named', detail: { id, ...input } });
  });
  return (await namedVersions(db, procurementId, () => '')).named.find((n) => n.id === id)!;
}

/**
 * Signs a named version off for the member's borough: once per borough and version, and
 * only for the content the person was shown (its hash must match the version's).
 */
export async function signOff(db: Queries, member: Membership, namedVersionId: string, input: SignOffRequest): Promise<void> {
  requirePermission(member, 'speakForBorough');
  const { procurementId, user, boroughId } = member;
  const named = await namedVersionRow(db, procurementId, namedVersionId);
  if (input.specificationHash !== named.specification_hash) {
    throw new Conflict('What you were shown is not this version’s content. Reload the page and check it again before signing off.');
  }
  await withinTransaction(db, async (tx) => {
    const standing = await standingSignoff(tx, named.id, boroughId);
    if (standing) {
      throw new Conflict(
        `${standing.borough_name} has already signed off “${named.name}” (${standing.signer}). Withdraw that sign-off first to sign again.`,
      );
    }
    // The record as the borough saw it, before its own sign-off: its proof that what
    // came before was never rewritten.
    const seen = await recordHead(tx, procurementId);
    await tx.run(
      tx.kysely.insertInto('signoffs').values({
        procurement_id: procurementId,
        named_version_id: named.id,
        borough_id: boroughId,
        specification_hash: named.specification_hash,
        signed_by: user.id,
        signed_at: tx.now(),
        withdrawn_at: null,
        withdrawn_by: null,
        withdrawal_reason: '',
        record_position: seen.position,
        record_hash: seen.hash,
      }),
    );
    await recordAudit(tx, {
      procurementId,
      actorId: user.id,
      action: 'specification.signed-off',
      detail: { namedVersionId, boroughId, recordPosition: seen.position, recordHash: seen.hash },
    });
  });
}

/** Withdraws the member's borough's standing sign-off of a named version, with the reason on record. */
export async function withdrawSignoff(
  db: Queries,
  member: Membership,
  namedVersionId: string,
  input: WithdrawSignoffRequest,
): Promise<void> {
  requirePermission(member, 'speakForBorough');
  const { procurementId, user, boroughId } = member;
  const named = await namedVersionRow(db, procurementId, namedVersionId);
  await withinTransaction(db, async (tx) => {
    const standing = await standingSignoff(tx, named.id, boroughId);
    if (!standing) throw new Conflict(`Your borough has not signed off “${named.name}”, so there is nothing to withdraw.`);
    await tx.run(
      tx.kysely
        .updateTable('signoffs')
        .set({ withdrawn_at: tx.now(), withdrawn_by: user.id, withdrawal_reason: input.reason })
        .where('id', '=', standing.id),
    );
    await recordAudit(tx, {
      procurementId,
      actorId: user.id,
      action: 'specification.signoff-withdrawn',
      detail: { namedVersionId, boroughId, reason: input.reason },
    });
  });
}

async function namedVersionRow(db: Queries, procurementId: string, namedVersionId: string) {
  const named = await db.first(
    db.kysely
      .selectFrom('named_versions')
      .select(['id', 'name', 'specification_hash'])
      .where('id', '=', namedVersionId)
      .where('procurement_id', '=', procurementId),
  );
  if (!named) throw new NotFound('That named version was not found.');
  return named;
}

function standingSignoff(db: Queries, namedVersionId: string, boroughId: string) {
  return db.first(
    db.kysely
      .selectFrom('signoffs as s')
      .innerJoin('users as u', 'u.id', 's.signed_by')
      .innerJoin('boroughs as b', 'b.id', 's.borough_id')
      .select(['s.id', 'b.name as borough_name', 'u.display_name as signer'])
      .where('s.named_version_id', '=', namedVersionId)
      .where('s.borough_id', '=', boroughId)
      .where('s.withdrawn_at', 'is', null),
  );
}

export async function namedVersions(
  db: Queries,
  procurementId: string,
  currentHash: () => string,
): Promise<Omit<NamedVersions, 'latestSeq'>> {
  const rows = await db.all(
    db.kysely
      .selectFrom('named_versions as n')
      .innerJoin('users as u', 'u.id', 'n.created_by')
      .select(['n.id', 'n.seq', 'n.name', 'n.note', 'n.specification_hash', 'n.created_at', 'u.id as user_id', 'u.display_name'])
      .where('n.procurement_id', '=', procurementId)
      .orderBy('n.seq', 'desc')
      .orderBy('n.created_at', 'desc'),
  );
  const signoffRows = await db.all(
    db.kysely
      .selectFrom('signoffs as s')
      .innerJoin('users as u', 'u.id', 's.signed_by')
      .innerJoin('boroughs as b', 'b.id', 's.borough_id')
      .leftJoin('users as w', 'w.id', 's.withdrawn_by')
      .select([
        's.named_version_id',
        's.borough_id',
        'b.name as borough_name',
        's.specification_hash',
        's.signed_at',
        'u.id as user_id',
        'u.display_name',
        's.id',
        's.withdrawn_at',
        's.withdrawal_reason',
        'w.id as withdrawn_by_id',
        'w.display_name as withdrawn_by_name',
      ])
      .where('s.procurement_id', '=', procurementId)
      .orderBy('s.id'),
  );
  const record = (s: (typeof signoffRows)[number]): SignoffRecord => ({
    boroughId: s.borough_id,
    boroughName: s.borough_name,
    signedBy: { id: s.user_id, name: s.display_name },
    signedAt: new Date(s.signed_at).toISOString(),
    withdrawn:
      s.withdrawn_at === null
        ? null
        : {
            by: { id: s.withdrawn_by_id ?? '', name: s.withdrawn_by_name ?? '' },
            at: new Date(s.withdrawn_at).toISOString(),
            reason: s.withdrawal_reason,
          },
  });
  const named: NamedVersion[] = rows.map((r) => ({
    id: r.id,
    seq: r.seq,
    name: r.name,
    note: r.note,
    createdBy: { id: r.user_id, name: r.display_name },
    createdAt: new Date(r.created_at).toISOString(),
    specificationHash: r.specification_hash,
    signoffs: signoffRows.filter((s) => s.named_version_id === r.id).map(record),
  }));
  const hashNow = signoffRows.length > 0 ? currentHash() : '';
  const signoffs: SignoffState[] = (await participatingBoroughs(db, procurementId))
    .filter((b) => b.role !== 'observer')
    .map((b) => {
      const latest = [...signoffRows].reverse().find((s) => s.borough_id === b.id && s.withdrawn_at === null);
      const version = latest ? named.find((n) => n.id === latest.named_version_id) : undefined;
      return {
        boroughId: b.id,
        boroughName: b.name,
        latest: latest && version ? { ...record(latest), versionId: version.id, versionName: version.name, seq: version.seq } : null,
        changedSince: !!latest && latest.specification_hash !== hashNow,
      };
    });
  return { named, signoffs };
}
