/**
 * Formal acts, recorded with who and when. An act about a procurement is also appended
 * to that procurement's record of formal acts (record/chain.ts), in the caller's
 * transaction; so are a borough's single sign-on changes, in every procurement the
 * borough takes part in, since they decide who can act for it there.
 */
import type { Queries } from './db/queries.js';
import { withinTransaction } from './db/within-transaction.js';
import { appendToRecord } from './record/chain.js';

/** Acts about a whole borough that each of its procurements keeps on record. */
const boroughWideActs = new Set(['borough.sso-connected', 'borough.sso-changed', 'borough.sso-disconnected']);

/**
 * Records an act. `db` is the caller's transaction (the act stands or falls with the
 * change it records), or the database, when the act is all there is to write.
 */
export function recordAudit(
  db: Queries,
  event: { procurementId: string | null; actorId: string | null; action: string; detail?: Record<string, unknown> },
): Promise<void> {
  const detail = event.detail ?? {};
  return withinTransaction(db, async (tx) => {
    await tx.run(
      tx.kysely.insertInto('audit_events').values({
        procurement_id: event.procurementId,
        actor_id: event.actorId,
        action: event.action,
        detail: JSON.stringify(detail),
        at: tx.now(),
      }),
    );
    for (const procurementId of await procurementsOnRecord(tx, event.procurementId, event.action, detail)) {
      await appendToRecord(tx, { procurementId, actorId: event.actorId, action: event.action, detail });
    }
  });
}

async function procurementsOnRecord(
  db: Queries,
  procurementId: string | null,
  action: string,
  detail: Record<string, unknown>,
): Promise<string[]> {
  if (procurementId) return [procurementId];
  if (!boroughWideActs.has(action) || typeof detail.boroughId !== 'string') return [];
  const rows = await db.all(
    db.kysely.selectFrom('procurement_boroughs').select('procurement_id').where('borough_id', '=', detail.boroughId),
  );
  return rows.map((row) => row.procurement_id);
}
