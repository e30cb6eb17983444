/**
 * Reading a procurement's record: a page of acts in plain English, filtered inside the
 * query, and the whole record as the file a borough downloads to verify it.
 */
import { sql, type RawBuilder } from 'kysely';
import { actsOfKind, kindOfAct, type ActKind, type RecordPage } from '../../../shared/record.js';
import type { Queries } from '../db/queries.js';
import { describeAct, type StoredAct } from './describe.js';
import { recordKeyOf } from './keyed-database.js';
import { publicRecordKey, type PublicRecordKey } from './signing.js';

/** The filters, already checked (shared/record.ts `recordQuery`). */
export interface RecordFilters {
  page: number;
  pageSize: number;
  kind?: ActKind;
  borough?: string;
  person?: string;
  from?: string;
  to?: string;
}

const dayStart = (day: string) => `${day}T00:00:00.000Z`;
const nextDayStart = (day: string) => new Date(Date.parse(dayStart(day)) + 86_400_000).toISOString();

/**
 * A field of the stored entry's JSON, by its path (`['actor', 'id']`), as text; SQL null
 * where the entry has none or JSON null. The entry is kept as the exact text that was
 * hashed, so each dialect reads inside it with its own JSON functions.
 */
function entryField<T extends string | null = string | null>(db: Queries, ...path: string[]): RawBuilder<T> {
  return db.dialect === 'sqlite'
    ? sql<T>`json_extract(entry, ${`$.${path.join('.')}`})`
    : sql<T>`(entry::jsonb #>> ${`{${path.join(',')}}`})`;
}

/** `expression IN (values…)` with the values as one parameter (see `Queries.inList`). */
function oneOf(db: Queries, expression: RawBuilder<unknown>, values: readonly string[]): RawBuilder<boolean> {
  return db.dialect === 'sqlite'
    ? sql<boolean>`${expression} IN (SELECT value FROM json_each(${JSON.stringify(values)}))`
    : sql<boolean>`${expression} = ANY(${[...values]})`;
}

/** One page of acts, newest first, with what the filters can offer. */
export async function recordPage(db: Queries, procurementId: string, filters: RecordFilters): Promise<RecordPage> {
  const ofProcurement = db.kysely.selectFrom('record_entries').where('procurement_id', '=', procurementId);
  const action = entryField<string>(db, 'action');
  let matching = ofProcurement;
  if (filters.kind) {
    const actions = (await db.all(ofProcurement.select(action.as('action')).distinct())).map((row) => row.action);
    matching = matching.where(oneOf(db, action, actsOfKind(filters.kind, actions)));
  }
  if (filters.borough) matching = matching.where(entryField(db, 'actor', 'borough'), '=', filters.borough);
  if (filters.person) matching = matching.where(entryField(db, 'actor', 'id'), '=', filters.person);
  // Times are ISO strings in UTC, so they compare as text; days are UTC days, as in the history.
  if (filters.from) matching = matching.where(entryField(db, 'at'), '>=', dayStart(filters.from));
  if (filters.to) matching = matching.where(entryField(db, 'at'), '<', nextDayStart(filters.to));

  const total = Number((await db.first(matching.select(({ fn }) => fn.countAll().as('n'))))?.n ?? 0);
  const rows = await db.all(
    matching
      .select(['position', 'entry', 'hash'])
      .orderBy('position', 'desc')
      .limit(filters.pageSize)
      .offset((filters.page - 1) * filters.pageSize),
  );
  const acts = rows.map((row) => {
    const act = JSON.parse(row.entry) as StoredAct;
    return {
      position: row.position,
      at: act.at,
      actor: act.actor,
      action: act.action,
      kind: kindOfAct(act.action),
      sentence: describeAct(act),
      hash: row.hash,
    };
  });
  const actors = await db.all(
    ofProcurement
      .select([
        entryField<string>(db, 'actor', 'id').as('id'),
        entryField(db, 'actor', 'name').as('name'),
        entryField(db, 'actor', 'borough').as('borough'),
        entryField(db, 'actor', 'boroughName').as('boroughName'),
      ])
      .where(entryField(db, 'actor', 'id'), 'is not', null)
      .orderBy('position', 'desc'),
  );
  const recordKey = recordKeyOf(db);
  const people = new Map<string, RecordPage['people'][number]>();
  const boroughs = new Map<string, string>();
  for (const actor of actors) {
    // Newest first: a person is listed by the name they have most recently acted under.
    if (!people.has(actor.id)) people.set(actor.id, { id: actor.id, name: actor.name ?? actor.id, boroughName: actor.boroughName });
    if (actor.borough && !boroughs.has(actor.borough)) boroughs.set(actor.borough, actor.boroughName ?? actor.borough);
  }
  const head = await db.first(ofProcurement.select(['position', 'hash']).orderBy('position', 'desc').limit(1));
  const signed = head
    ? await db.first(
        db.kysely
          .selectFrom('record_heads')
          .select('signed_at')
          .where('procurement_id', '=', procurementId)
          .where('position', '=', head.position)
          .orderBy('signed_at', 'desc')
          .limit(1),
      )
    : undefined;
  return {
    acts,
    total,
    page: filters.page,
    pageSize: filters.pageSize,
    people: [...people.values()].sort((a, b) => a.name.localeCompare(b.name, 'en-GB')),
    boroughs: [...boroughs].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name, 'en-GB')),
    head: head ? { ...head, signedAt: signed ? new Date(signed.signed_at).toISOString() : null } : null,
    keyId: recordKey ? publicRecordKey(recordKey).keyId : '',
  };
}

/** The downloadable record: everything needed to check it, with Node alone. */
export interface RecordFile {
  format: 'jointly-record-of-formal-acts/1';
  procurement: { id: string; title: string; reference: string };
  downloadedAt: string;
  key: PublicRecordKey;
  entries: { position: number; entry: string; previousHash: string; hash: string }[];
  signedHeads: { position: number; hash: string; signedAt: string; keyId: string; signature: string }[];
  /** The head each borough saw when it signed off a version. */
  signOffs: { borough: string; namedVersionId: string; signedAt: string; position: number; hash: string }[];
}

export async function recordFile(db: Queries, procurementId: string): Promise<RecordFile> {
  const recordKey = recordKeyOf(db);
  if (!recordKey) throw new Error('The record cannot be downloaded without the deployment’s key.');
  const procurement = await db.first(
    db.kysely.selectFrom('procurements').select(['id', 'title', 'reference']).where('id', '=', procurementId),
  );
  const entries = await db.all(
    db.kysely
      .selectFrom('record_entries')
      .select(['position', 'entry', 'previous_hash', 'hash'])
      .where('procurement_id', '=', procurementId)
      .orderBy('position'),
  );
  const heads = await db.all(
    db.kysely
      .selectFrom('record_heads')
      .select(['position', 'hash', 'signed_at', 'key_id', 'signature'])
      .where('procurement_id', '=', procurementId)
      .orderBy('position'),
  );
  const signOffs = await db.all(
    db.kysely
      .selectFrom('signoffs')
      .select(['borough_id', 'named_version_id', 'signed_at', 'record_position', 'record_hash'])
      .where('procurement_id', '=', procurementId)
      .where('record_hash', 'is not', null)
      .orderBy('id'),
  );
  return {
    format: 'jointly-record-of-formal-acts/1',
    procurement: { id: procurementId, title: procurement?.title ?? '', reference: procurement?.reference ?? '' },
    downloadedAt: new Date(db.now()).toISOString(),
    key: publicRecordKey(recordKey),
    entries: entries.map((e) => ({ position: e.position, entry: e.entry, previousHash: e.previous_hash, hash: e.hash })),
    signedHeads: heads.map((h) => ({
      position: h.position,
      hash: h.hash,
      signedAt: new Date(h.signed_at).toISOString(),
      keyId: h.key_id,
      signature: h.signature,
    })),
    signOffs: signOffs.map((s) => ({
      borough: s.borough_id,
      namedVersionId: s.named_version_id,
      signedAt: new Date(s.signed_at).toISOString(),
      position: s.record_position ?? 0,
      hash: s.record_hash ?? '',
    })),
  };
}
