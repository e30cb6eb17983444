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
import type { Db } from '../db/database.js';
import { errorMessage, type Logger } from '../log.js';
import { changedWithin } from '../workspace/within-root.js';
import { reconcile } from './decisions.js';
import { proposalsIn } from './proposal.js';

export function startAgreementWatch(
  db: Db,
  engine: CollabEngine,
  notify: (procurementId: string, event: LiveEvent) => void,
  log: Logger,
): () => void {
  const touched = new Set<string>();
  const offApplied = engine.onApplied((room, transaction) => {
    if (!touched.has(room) && changedWithin(transaction, roots.decisions)) touched.add(room);
  });
  const offCommit = engine.onCommit((room) => {
    if (!touched.delete(room)) return;
    const doc = engine.documentOf(room);
    if (!doc) return;
    try {
      const changed: string[] = [];
      db.transaction(() => {
        for (const [decisionId, proposal] of proposalsIn(doc)) if (reconcile(db, room, decisionId, proposal)) changed.push(decisionId);
      });
      for (const decisionId of changed) notify(room, { type: 'decisions-changed', decisionId });
    } catch (error) {
      log.error('agreement-check-failed', { room, error: errorMessage(error) });
    }
  });
  return () => {
    offApplied();
    offCommit();
  };
}
