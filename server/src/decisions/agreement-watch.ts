/**
 * Keeps each decision's status true to the rule (decisions.ts) when the document
 * changes: after a commit that touched the decisions, every decision of that document is
 * reconciled with its proposal as it now stands, so choosing another option or rewording
 * the proposed one lapses an agreement at once, and everyone with the procurement open
 * is told.
 */
import { roots } from '../../../shared/doc-layout.js';
import type { LiveEvent } from '../../../shared/live-messages.js';
import type { CollabEngine } from '../collab/engine.js';
import type { Database } from '../db/queries.js';
import { errorMessage, type Logger } from '../log.js';
import { changedWithin } from '../workspace/within-root.js';
import { reconcile } from './decisions.js';
import { proposalsIn, type Proposal } from './proposal.js';

/** Starts watching; the function returned stops it, once the checks already begun have ended. */
export function startAgreementWatch(
  db: Database,
  engine: CollabEngine,
  notify: (procurementId: string, event: LiveEvent) => void,
  log: Logger,
): () => Promise<void> {
  const touched = new Set<string>();
  // One check at a time, in the order of the commits: an older proposal never lands after a newer one.
  let checks: Promise<void> = Promise.resolve();

  const check = async (room: string, proposals: Map<string, Proposal | null>): Promise<void> => {
    try {
      const changed = await db.transaction(async (tx) => {
        const reconciled: string[] = [];
        for (const [decisionId, proposal] of proposals) if (await reconcile(tx, room, decisionId, proposal)) reconciled.push(decisionId);
        return reconciled;
      });
      for (const decisionId of changed) notify(room, { type: 'decisions-changed', decisionId });
    } catch (error) {
      log.error('agreement-check-failed', { room, error: errorMessage(error) });
    }
  };

  const offApplied = engine.onApplied((room, transaction) => {
    if (!touched.has(room) && changedWithin(transaction, roots.decisions)) touched.add(room);
  });
  const offCommit = engine.onCommit((room) => {
    if (!touched.delete(room)) return;
    const doc = engine.documentOf(room);
    if (!doc) return;
    let proposals: Map<string, Proposal | null>;
    try {
      // Read now, as this commit left them: the check itself may wait for the database.
      proposals = proposalsIn(doc);
    } catch (error) {
      log.error('agreement-check-failed', { room, error: errorMessage(error) });
      return;
    }
    checks = checks.then(() => check(room, proposals));
  });
  return async () => {
    offApplied();
    offCommit();
    await checks;
  };
}
