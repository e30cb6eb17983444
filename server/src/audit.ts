/**
 * Formal acts, recorded with who and when. An act about a procurement is also appended
 * to that procurement's record of formal acts (record/chain.ts), in the caller's
 * transaction; so are a borough's single sign-on changes, in every procurement the
 * borough takes part in, since they decide who can act for it there.
 */
import type { Db } from './db/database.js';
import { appendToRecord } from './record/chain.js';

/** Acts about a whole borough that each of its procurements keeps on record. */
const boroughWideActs = new Set(['borough.sso-connected', 'borough.sso-changed', 'borough.sso-disconnected']);

export function recordAudit(
  db: Db,
  event: { procurementId: string | null; actorId: string | null; action: string; detail?: Record<string, unknown> },
): void {
  const detail = event.detail ?? {};
  db.transaction(() => {
    db.run(
      db.kysely.insertInto('audit_events').values({
        procurement_id: event.procurementId,
        actor_id: event.actorId,
        action: event.action,
        detail: JSON.stringify(detail),
        at: db.now(),
      }),
    );
    for (const procurementId of procurementsOnRecord(db, event.procurementId, event.action, detail)) {
      appendToRecord(db, { procurementId, actorId: event.actorId, action: event.action, detail });
    }
  });
}

function procurementsOnRecord(db: Db, procurementId: string | null, action: string, detail: Record<string, unknown>): string[] {
  if (procurementId) return [procurementId];
  if (!boroughWideActs.has(action) || typeof detail.boroughId !== 'string') return [];
  return db
    .all(db.kysely.selectFrom('procurement_boroughs').select('procurement_id').where('borough_id', '=', detail.boroughId))
    .map((row) => row.procurement_id);
}
