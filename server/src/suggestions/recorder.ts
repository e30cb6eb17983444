/**
 * Keeps the record of decisions on suggested changes, and tells people about them.
 *
 * Each applied transaction is read as it is applied (decided.ts: what it decided, what
 * it began); once its update is committed, the decisions are written with the log
 * position and the writer as decider, and "For you" learns of suggestions waiting for a
 * decision and of decisions on someone's suggestion. An update that is refused after it
 * was applied is never committed, and the same position is then read again.
 */
import type { Writer } from '../collab/connection.js';
import type { CollabEngine } from '../collab/engine.js';
import type { KnownPositions } from '../collab/room.js';
import type { Database, Queries } from '../db/queries.js';
import { notifySuggestionDecided, notifySuggestionWaiting } from '../for-you/notifications.js';
import { recordAudit } from '../audit.js';
import { errorMessage, type Logger } from '../log.js';
import { begunSuggestions, decidedSuggestions, type DecidedSuggestion } from './decided.js';
import { RecentChanges } from './recent-changes.js';

interface Read {
  decidedBy: string | null;
  decided: DecidedSuggestion[];
  begun: ReturnType<typeof begunSuggestions>;
  /** The log positions the document held when the writer decided. */
  known: KnownPositions;
}

export class SuggestionRecorder {
  private readonly read = new Map<string, Map<number, Read>>();
  private readonly stop: (() => void)[] = [];
  /** The records being written, one after another in the order of the commits. */
  private writing: Promise<void> = Promise.resolve();
  /** What each writer may not have seen yet. */
  private readonly recent = new RecentChanges();

  constructor(
    private readonly db: Database,
    engine: CollabEngine,
    private readonly log: Logger,
    /** Someone in this procurement may have something new in "For you". */
    private readonly forYouChanged: (procurementId: string) => void,
  ) {
    this.stop.push(
      engine.onApplied((room, transaction, seq, known, writerDeletions) => {
        let forRoom = this.read.get(room);
        if (!forRoom) this.read.set(room, (forRoom = new Map<number, Read>()));
        const decided = decidedSuggestions(transaction, this.recent.writerView(room, transaction, writerDeletions));
        this.recent.add(room, transaction);
        const begun = begunSuggestions(transaction);
        if (decided.length === 0 && begun.length === 0) {
          forRoom.delete(seq);
          return;
        }
        const writer = transaction.origin as Writer | null;
        forRoom.set(seq, { decidedBy: writer?.userId ?? null, decided, begun, known });
      }),
      engine.onCommit((room, updates) => {
        const forRoom = this.read.get(room);
        if (!forRoom) return;
        const committed = updates.flatMap((update) => {
          const read = forRoom.get(update.appliedAs);
          forRoom.delete(update.appliedAs);
          return read ? [{ ...read, seq: update.seq, at: update.receivedAt }] : [];
        });
        if (committed.length === 0) return;
        this.writing = this.writing.then(() => this.record(room, committed));
      }),
    );
  }

  /** Stops listening; resolves once the records already begun are written. */
  async dispose(): Promise<void> {
    for (const stop of this.stop) stop();
    await this.writing;
  }

  private async record(procurementId: string, committed: (Read & { seq: number; at: number })[]): Promise<void> {
    try {
      const told = await this.db.transaction((tx) => recordIn(tx, procurementId, committed));
      if (told) this.forYouChanged(procurementId);
    } catch (error) {
      this.log.error('suggestion-record-failed', { room: procurementId, error: errorMessage(error) });
    }
  }
}

/**
 * Whether a decision stays off the record because someone decided the same suggestion at
 * the same moment, in a change the writer had not seen: one this writer's document did
 * not hold yet (another server committed it first), or one read from the text as the
 * writer saw it (decided.ts). Decided the same way, it is on record once, by whoever's
 * record is written first. Decided the other way, the decision that took the words out
 * holds, since the merged text has lost them: it goes on record, and one that kept them
 * does not. A decision the writer could see before deciding again (an undone
 * acceptance, then a rejection) is a decision of its own.
 */
async function heldByDecisionAtOnce(
  tx: Queries,
  procurementId: string,
  decision: DecidedSuggestion,
  known: KnownPositions,
): Promise<boolean> {
  const earlier = await tx.all(
    tx.kysely
      .selectFrom('suggestion_decisions')
      .select(['seq', 'outcome'])
      .where('procurement_id', '=', procurementId)
      .where('suggestion_id', '=', decision.suggestionId),
  );
  const atOnce = decision.afterUnseenDecision ? earlier : earlier.filter((row) => !known.has(row.seq));
  // Read as the writer saw it with nothing on record to have been unseen: an old deletion sent again.
  if (atOnce.length === 0) return decision.afterUnseenDecision;
  return atOnce.some((row) => row.outcome === decision.outcome) || !decision.removed;
}

/** Writes the decisions and tells "For you"; returns whether anyone was told. */
async function recordIn(tx: Queries, procurementId: string, committed: (Read & { seq: number; at: number })[]): Promise<boolean> {
  let told = false;
  for (const { decidedBy, decided, begun, known, seq, at } of committed) {
    for (const decision of decided) {
      if (await heldByDecisionAtOnce(tx, procurementId, decision, known)) continue;
      await tx.run(
        tx.kysely.insertInto('suggestion_decisions').values({
          procurement_id: procurementId,
          suggestion_id: decision.suggestionId,
          kind: decision.kind,
          outcome: decision.outcome,
          summary: decision.summary,
          place: decision.where,
          suggested_by: decision.suggestedBy,
          suggested_at: decision.suggestedAt,
          decided_by: decidedBy,
          decided_at: at,
          seq,
        }),
      );
      // On record in the same transaction as its row, said as it was decided.
      await recordAudit(tx, {
        procurementId,
        actorId: decidedBy,
        action: `suggestion.${decision.outcome}`,
        detail: {
          suggestionId: decision.suggestionId,
          kind: decision.kind,
          summary: decision.summary,
          place: decision.where,
          userId: decision.suggestedBy,
          change: seq,
        },
      });
      if (decidedBy) {
        told =
          (await notifySuggestionDecided(tx, {
            procurementId,
            suggestionId: decision.suggestionId,
            suggestedBy: decision.suggestedBy,
            decidedBy,
            detail: { where: decision.where, outcome: decision.outcome, summary: decision.summary },
          })) || told;
      }
    }
    for (const suggestion of begun) told = (await notifySuggestionWaiting(tx, { procurementId, ...suggestion })) || told;
  }
  return told;
}
