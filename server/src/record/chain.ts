/**
 * Appending to a procurement's record of formal acts. The caller's transaction (writers
 * take turns, across processes and servers too) reads the head, writes the next entry
 * chained to it, and signs the new head: two acts can never both take the same
 * position, and an act that fails takes its entry with it.
 */
import { createHash } from 'node:crypto';
import type { Queries } from '../db/queries.js';
import { withinTransaction } from '../db/within-transaction.js';
import { canonicalJson, type JsonValue } from './canonical-json.js';
import { signHead } from './signing.js';

/** The "previous hash" of a record's first entry. */
export const firstPreviousHash = '0'.repeat(64);

/** An act as the rest of the server reports it. */
export interface Act {
  procurementId: string;
  actorId: string | null;
  action: string;
  detail: Record<string, unknown>;
}

/** SHA-256 (hex) of the previous hash followed by the entry's exact text. */
export function entryHash(previousHash: string, entry: string): string {
  return createHash('sha256').update(previousHash, 'utf8').update(entry, 'utf8').digest('hex');
}

/** The latest entry's position and hash, or position 0 with the first previous hash. */
export async function recordHead(db: Queries, procurementId: string): Promise<{ position: number; hash: string }> {
  const head = await db.first(
    db.kysely
      .selectFrom('record_entries')
      .select(['position', 'hash'])
      .where('procurement_id', '=', procurementId)
      .orderBy('position', 'desc')
      .limit(1),
  );
  return head ?? { position: 0, hash: firstPreviousHash };
}

/**
 * Appends `act` to its procurement's record and signs the new head; returns the head.
 * `db` is the caller's transaction, or the database (then the append is one of its own).
 */
export function appendToRecord(db: Queries, act: Act): Promise<{ position: number; hash: string }> {
  return withinTransaction(db, async (tx) => {
    const head = await recordHead(tx, act.procurementId);
    const position = head.position + 1;
    const entry = canonicalJson({
      procurement: act.procurementId,
      position,
      at: new Date(tx.now()).toISOString(),
      actor: await actorAsThen(tx, act.actorId),
      action: act.action,
      details: await withNames(tx, act.detail),
    });
    const hash = entryHash(head.hash, entry);
    await tx.run(
      tx.kysely.insertInto('record_entries').values({ procurement_id: act.procurementId, position, entry, previous_hash: head.hash, hash }),
    );
    await signHead(tx, act.procurementId, position, hash);
    return { position, hash };
  });
}

/** Who acted, with the name and borough they had at the time (null: the service itself). */
async function actorAsThen(db: Queries, actorId: string | null): Promise<JsonValue> {
  if (!actorId) return null;
  const actor = await db.first(
    db.kysely
      .selectFrom('users')
      .innerJoin('boroughs', 'boroughs.id', 'users.borough_id')
      .select(['users.id', 'users.display_name', 'users.borough_id', 'boroughs.name as borough_name'])
      .where('users.id', '=', actorId),
  );
  if (!actor) return { id: actorId, name: null, borough: null, boroughName: null };
  return { id: actor.id, name: actor.display_name, borough: actor.borough_id, boroughName: actor.borough_name };
}

/**
 * The act's details with the names of the people, boroughs and versions they mention,
 * as they were then: the entry reads on its own, years later, without the database.
 */
async function withNames(db: Queries, detail: Record<string, unknown>): Promise<JsonValue> {
  const named: Record<string, unknown> = { ...detail };
  const userId = typeof detail.userId === 'string' ? detail.userId : null;
  if (userId) {
    const user = await db.first(db.kysely.selectFrom('users').select('display_name').where('id', '=', userId));
    if (user) named.userName = user.display_name;
  }
  for (const [idKey, nameKey] of [
    ['boroughId', 'boroughName'],
    ['from', 'fromName'],
    ['to', 'toName'],
  ] as const) {
    const id = detail[idKey];
    if (typeof id !== 'string') continue;
    const borough = await db.first(db.kysely.selectFrom('boroughs').select('name').where('id', '=', id));
    if (borough) named[nameKey] = borough.name;
  }
  const versionId = typeof detail.namedVersionId === 'string' ? detail.namedVersionId : null;
  if (versionId) {
    const version = await db.first(db.kysely.selectFrom('named_versions').select('name').where('id', '=', versionId));
    if (version) named.versionName = version.name;
  }
  // Plain JSON only: dates become strings, functions and undefined vanish.
  return JSON.parse(JSON.stringify(named)) as JsonValue;
}
