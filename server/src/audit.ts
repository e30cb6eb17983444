/** Formal acts on a procurement, recorded with who and when. */
import type { Db } from './db/database.js';

export function recordAudit(
  db: Db,
  event: { procurementId: string | null; actorId: string | null; action: string; detail?: Record<string, unknown> },
): void {
  db.run(
    db.kysely.insertInto('audit_events').values({
      procurement_id: event.procurementId,
      actor_id: event.actorId,
      action: event.action,
      detail: JSON.stringify(event.detail ?? {}),
      at: db.now(),
    }),
  );
}
