/**
 * Gives requirements their numbers on the server (see shared/requirement-numbering.ts).
 * After a commit that changed the specification's structure (not mere typing), the
 * room's document is scanned; new numbers are recorded in SQL and written into the
 * document as a server-made change, through the same commit-then-broadcast path.
 */
import * as Y from 'yjs';
import { requirementElements, roots, specificationOf } from '../../../shared/doc-layout.js';
import { itemKey, planRequirementNumbers, type NumberPlan, type NumberRecord } from '../../../shared/requirement-numbering.js';
import type { CollabEngine } from '../collab/engine.js';
import type { Database, Queries } from '../db/queries.js';
import { errorMessage, type Logger } from '../log.js';
import { withinRoot } from './within-root.js';

export function startRequirementNumbering(db: Database, engine: CollabEngine, log: Logger): () => void {
  const structureChanged = new Set<string>();
  const running = new Set<string>();

  const offApplied = engine.onApplied((room, transaction) => {
    if (structureChanged.has(room)) return;
    const specification = transaction.doc.share.get(roots.specification);
    if (!specification) return;
    for (const type of transaction.changed.keys()) {
      // Typing changes only Y.XmlText; elements added, moved or removed, or their
      // attributes changed, show on their parent or on the element itself. Changes to the
      // notes, the decisions or any other root never hold a requirement.
      if (!(type instanceof Y.Text) && withinRoot(type, specification)) {
        structureChanged.add(room);
        return;
      }
    }
  });

  const offCommit = engine.onCommit((room) => {
    if (running.has(room) || !structureChanged.has(room)) return;
    running.add(room);
    setImmediate(() => void numberWhileChanged(room));
  });

  async function numberWhileChanged(room: string): Promise<void> {
    // Changes that arrive while numbering runs are numbered in the next round.
    while (structureChanged.delete(room)) {
      try {
        await number(room);
      } catch (error) {
        log.error('numbering-failed', { room, error: errorMessage(error) });
      }
    }
    running.delete(room);
  }

  async function number(room: string): Promise<void> {
    const doc = engine.documentOf(room);
    if (!doc) return;
    const known = await numbersOf(db, room);
    const planned = planRequirementNumbers(specificationOf(doc), known);
    if (isEmpty(planned)) return;
    const now = db.now();
    const plan = await db.transaction(async (tx) => {
      // The record as this transaction reads it: another server may have given numbers
      // since the plan was made (then it is made again), and two transactions that both
      // read the record and write to it cannot both commit on PostgreSQL (the second is
      // run again, and reads the first's numbers). On one server nobody else numbers.
      const current = await numbersOf(tx, room);
      const plan = sameRecord(current, known) ? planned : planRequirementNumbers(specificationOf(doc), current);
      for (const r of plan.records) {
        await tx.run(
          tx.kysely
            .insertInto('requirement_numbers')
            .values({ procurement_id: room, number: r.number, element_client: r.client, element_clock: r.clock, assigned_at: now })
            .onConflict((oc) => oc.columns(['procurement_id', 'number']).doUpdateSet({ element_client: r.client, element_clock: r.clock })),
        );
      }
      return plan;
    });
    if (plan.assign.length === 0) return;
    const update = numberingUpdate(
      doc,
      plan.assign.map((a) => ({ key: itemKey(a.element), number: a.number })),
    );
    if (update) await engine.submit(room, update, null, { reason: 'numbering' });
    log.info('requirements-numbered', { room, numbers: plan.assign.map((a) => a.number).join(',') });
  }

  return () => {
    offApplied();
    offCommit();
  };
}

/** The record of the procurement's numbers: which element carries each. */
async function numbersOf(db: Queries, room: string): Promise<NumberRecord[]> {
  const rows = await db.all(
    db.kysely.selectFrom('requirement_numbers').select(['number', 'element_client', 'element_clock']).where('procurement_id', '=', room),
  );
  return rows.map((r) => ({ number: r.number, client: r.element_client, clock: r.element_clock }));
}

function sameRecord(a: readonly NumberRecord[], b: readonly NumberRecord[]): boolean {
  if (a.length !== b.length) return false;
  const byNumber = new Map(a.map((r) => [r.number, r]));
  return b.every((r) => {
    const other = byNumber.get(r.number);
    return other !== undefined && other.client === r.client && other.clock === r.clock;
  });
}

function isEmpty(plan: NumberPlan): boolean {
  return plan.assign.length === 0 && plan.records.length === 0;
}

/** The change that sets the numbers, made on a copy of the document under a fresh client id. */
function numberingUpdate(doc: Y.Doc, assignments: { key: string; number: number }[]): Uint8Array | null {
  const copy = new Y.Doc({ gc: false });
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  const byKey = new Map(requirementElements(specificationOf(copy)).map((e) => [itemKey(e), e]));
  let update: Uint8Array | null = null;
  copy.on('update', (u: Uint8Array) => (update = u));
  copy.transact(() => {
    for (const { key, number } of assignments) byKey.get(key)?.setAttribute('number', number as unknown as string);
  });
  copy.destroy();
  return update;
}
