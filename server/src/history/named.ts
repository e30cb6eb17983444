/**
 * Named versions (immutable marks on the log) and sign-offs of the specification by a
 * borough's lead: formal acts in SQL with who, when, and the specification's content
 * hash, so "changed since you signed" is a comparison of hashes.
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import type * as Y from 'yjs';
import type { NamedVersion, NamedVersions, SignoffRecord, SignoffState } from '../../../shared/history.js';
import { specificationOf } from '../../../shared/doc-layout.js';
import type { Db } from '../db/database.js';
import { NotFound } from '../errors.js';
import { newId } from '../ids.js';
import { requirePermission, type Membership } from '../procurements/access.js';
import { recordAudit } from '../audit.js';
import { participatingBoroughs } from '../procurements/procurements.js';

/** The specification's content (structure, attributes and formatted text), hashed. */
export function specificationHash(doc: Y.Doc): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(specificationOf(doc).toString())));
}

export function nameVersion(
  db: Db,
  member: Membership,
  input: { seq: number; name: string; note: string },
  hashAt: (seq: number) => string,
): NamedVersion {
  requirePermission(member, 'nameVersion');
  const { procurementId, user } = member;
  const id = newId();
  db.transaction(() => {
    db.run(
      db.kysely.insertInto('named_versions').values({
        id,
        procurement_id: procurementId,
        seq: input.seq,
        name: input.name,
        note: input.note,
        specification_hash: hashAt(input.seq),
        created_by: user.id,
        created_at: db.now(),
      }),
    );
    recordAudit(db, { procurementId, actorId: user.id, action: 'version.named', detail: { id, ...input } });
  });
  return namedVersions(db, procurementId, () => '').named.find((n) => n.id === id)!;
}

export function signOff(db: Db, member: Membership, namedVersionId: string): void {
  requirePermission(member, 'speakForBorough');
  const { procurementId, user, boroughId } = member;
  const named = db.first(
    db.kysely
      .selectFrom('named_versions')
      .select(['id', 'specification_hash'])
      .where('id', '=', namedVersionId)
      .where('procurement_id', '=', procurementId),
  );
  if (!named) throw new NotFound('That named version was not found.');
  db.transaction(() => {
    db.run(
      db.kysely.insertInto('signoffs').values({
        procurement_id: procurementId,
        named_version_id: named.id,
        borough_id: boroughId,
        specification_hash: named.specification_hash,
        signed_by: user.id,
        signed_at: db.now(),
      }),
    );
    recordAudit(db, {
      procurementId,
      actorId: user.id,
      action: 'specification.signed-off',
      detail: { namedVersionId, boroughId: boroughId },
    });
  });
}

/** The named versions and each borough's latest sign-off (the caller adds the log's latest position). */
export function namedVersions(db: Db, procurementId: string, currentHash: () => string): Omit<NamedVersions, 'latestSeq'> {
  const rows = db.all(
    db.kysely
      .selectFrom('named_versions as n')
      .innerJoin('users as u', 'u.id', 'n.created_by')
      .select(['n.id', 'n.seq', 'n.name', 'n.note', 'n.specification_hash', 'n.created_at', 'u.id as user_id', 'u.display_name'])
      .where('n.procurement_id', '=', procurementId)
      .orderBy('n.seq', 'desc')
      .orderBy('n.created_at', 'desc'),
  );
  const signoffRows = db.all(
    db.kysely
      .selectFrom('signoffs as s')
      .innerJoin('users as u', 'u.id', 's.signed_by')
      .innerJoin('boroughs as b', 'b.id', 's.borough_id')
      .select([
        's.named_version_id',
        's.borough_id',
        'b.name as borough_name',
        's.specification_hash',
        's.signed_at',
        'u.id as user_id',
        'u.display_name',
        's.id',
      ])
      .where('s.procurement_id', '=', procurementId)
      .orderBy('s.id'),
  );
  const record = (s: (typeof signoffRows)[number]): SignoffRecord => ({
    boroughId: s.borough_id,
    boroughName: s.borough_name,
    signedBy: { id: s.user_id, name: s.display_name },
    signedAt: new Date(s.signed_at).toISOString(),
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
  const signoffs: SignoffState[] = participatingBoroughs(db, procurementId)
    .filter((b) => b.role !== 'observer')
    .map((b) => {
      const latest = [...signoffRows].reverse().find((s) => s.borough_id === b.id);
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
