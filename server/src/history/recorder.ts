/**
 * Keeps the history tables in step with the update log.
 *
 * Live: each applied transaction is described (see describe.ts) and, once its update is
 * committed, its insertions, deletions and version are queued and written shortly after,
 * many commits of every document in one transaction. These rows are derived from the log, so
 * they are written without waiting for the disk (synchronous=NORMAL for that
 * transaction only): a power cut can lose the last of them but never the log, and a
 * gap is filled by `catchUp`, which replays the missing part of the log (read through
 * the document store). Every history read awaits it first; a gap found at commit time
 * is filled at once. One catch-up runs per document at a time, and while it runs the
 * live path leaves that document to it. Each version keeps what it did to each
 * requirement, paragraph and entry (see describe.ts), on both paths, for its summary.
 */
import { BoroughsOverTime } from '../account-boroughs/boroughs-over-time.js';
import * as Y from 'yjs';
import type { CollabEngine, CommittedUpdate } from '../collab/engine.js';
import type { Writer } from '../collab/connection.js';
import type { DocumentStore } from '../collab/store.js';
import type { Db } from '../db/database.js';
import { errorMessage, type Logger } from '../log.js';
import { describeTransaction, type ChangeDescription } from './describe.js';
import { emptyGrouping, noThingChanges, VersionGrouper, type GroupingState, type LoggedChange, type VersionRow } from './grouping.js';
import { stateAt } from './reconstruct.js';

interface Progress {
  lastSeq: number;
  grouping: GroupingState & { sv: Record<string, number> };
}

type DescribedChange = LoggedChange & { description: ChangeDescription };

/** How long committed updates wait to have their history rows written, together (ms). */
const drainDelayMs = 100;

export class HistoryRecorder {
  private readonly described = new Map<string, Map<number, { description: ChangeDescription; restoreOf: number | null }>>();
  /** Committed updates waiting for the end of the turn, with what was described of them. */
  private queue: { document: string; changes: (DescribedChange | null)[] }[] = [];
  private drainScheduled = false;
  private readonly boroughs: BoroughsOverTime;
  private readonly stop: (() => void)[] = [];
  /** The catch-up running for each document, which later ones wait for. */
  private readonly catchingUp = new Map<string, Promise<void>>();

  constructor(
    private readonly db: Db,
    private readonly store: DocumentStore,
    engine: CollabEngine,
    private readonly log: Logger,
    private readonly pauseMs: number,
  ) {
    this.boroughs = new BoroughsOverTime(db);
    this.stop.push(
      engine.onApplied((room, transaction, seq) => {
        let forRoom = this.described.get(room);
        if (!forRoom) this.described.set(room, (forRoom = new Map<number, { description: ChangeDescription; restoreOf: number | null }>()));
        const origin = transaction.origin as Writer | null;
        const restoreOf = origin?.kind === 'server' && origin.change.reason === 'restore' ? origin.change.restoreOf : null;
        forRoom.set(seq, { description: describeTransaction(transaction), restoreOf });
      }),
      engine.onCommit((room, updates) => {
        try {
          this.recordCommitted(room, updates);
        } catch (error) {
          this.log.error('history-record-failed', { room, error: errorMessage(error) });
        }
      }),
    );
  }

  /** Writes what is still queued, and stops listening. */
  dispose(): void {
    this.drain();
    for (const stop of this.stop) stop();
  }

  private recordCommitted(document: string, updates: readonly CommittedUpdate[]): void {
    const forRoom = this.described.get(document);
    this.boroughs.refresh();
    const changes = updates.map((update) => {
      const info = forRoom?.get(update.appliedAs);
      if (!info) return null;
      return {
        ...this.change(update.seq, update.authorId, update.receivedAt, update.update.byteLength),
        ...info,
        areas: info.description.areas,
        changes: info.description.changes,
        quiet: info.description.anchorsOnly,
      };
    });
    if (forRoom) {
      const last = updates[updates.length - 1]!.appliedAs;
      for (const seq of forRoom.keys()) if (seq <= last) forRoom.delete(seq);
      if (forRoom.size === 0) this.described.delete(document);
    }
    this.queue.push({ document, changes });
    if (this.drainScheduled) return;
    this.drainScheduled = true;
    // Written a little later, many commits at once, away from the next edit's way;
    // every history read writes what is queued first.
    setTimeout(() => {
      this.drainScheduled = false;
      try {
        this.drain();
      } catch (error) {
        this.log.error('history-record-failed', { error: errorMessage(error) });
      }
    }, drainDelayMs).unref();
  }

  /** Writes what is queued: every document's rows in one transaction. */
  private drain(): void {
    const queued = this.queue;
    this.queue = [];
    if (queued.length === 0) return;
    const byDocument = new Map<string, (DescribedChange | null)[]>();
    for (const { document, changes } of queued) byDocument.set(document, [...(byDocument.get(document) ?? []), ...changes]);
    const gaps: string[] = [];
    this.db.derivedTransaction(() => {
      for (const [document, changes] of byDocument) {
        // A catch-up in progress replays these from the log itself.
        if (this.catchingUp.has(document)) {
          gaps.push(document);
          continue;
        }
        const progress = this.progress(document);
        const complete = changes.every((c) => c !== null) && changes[0]!.seq === progress.lastSeq + 1;
        if (complete) this.writeRows(document, progress, changes);
        else gaps.push(document);
      }
    });
    for (const document of gaps) {
      this.catchUp(document).catch((error: unknown) =>
        this.log.error('history-catch-up-failed', { room: document, error: errorMessage(error) }),
      );
    }
  }

  /** Fills the history tables up to the end of the log, replaying what is missing. */
  catchUp(document: string): Promise<void> {
    this.drain();
    const previous = this.catchingUp.get(document) ?? Promise.resolve();
    const run = previous.then(() => this.replay(document));
    const settled = run.finally(() => {
      if (this.catchingUp.get(document) === settled) this.catchingUp.delete(document);
    });
    this.catchingUp.set(document, settled);
    return settled;
  }

  private async replay(document: string): Promise<void> {
    const progress = this.progress(document);
    const last = await this.store.latestSeq(document);
    if (progress.lastSeq >= last) return;
    const started = performance.now();
    const doc = await stateAt(this.store, document, progress.lastSeq);
    if (Object.keys(progress.grouping.sv).length === 0) {
      progress.grouping.sv = Object.fromEntries(Y.decodeStateVector(Y.encodeStateVector(doc)));
    }
    let current = progress;
    try {
      // In pages, until the end of the log (changes committed meanwhile included).
      for (;;) {
        const rows = await this.store.readLog(document, current.lastSeq, 1000);
        if (rows.length === 0) break;
        this.boroughs.refresh();
        const chunk: DescribedChange[] = [];
        for (const row of rows) {
          let transaction: Y.Transaction | null = null;
          Y.transact(doc, (tr) => {
            transaction = tr;
            Y.applyUpdate(doc, row.update);
          });
          const description = describeTransaction(transaction!);
          chunk.push({
            ...this.change(row.seq, row.authorId, row.receivedAt, row.update.byteLength),
            description,
            areas: description.areas,
            changes: description.changes,
            quiet: description.anchorsOnly,
            restoreOf: null,
          });
        }
        const from = current;
        current = this.db.derivedTransaction(() => this.writeRows(document, from, chunk));
      }
    } finally {
      doc.destroy();
    }
    this.log.info('history-caught-up', {
      room: document,
      from: progress.lastSeq,
      to: current.lastSeq,
      ms: Math.round(performance.now() - started),
    });
  }

  private change(seq: number, authorId: string | null, receivedAt: number, bytes: number): LoggedChange {
    return {
      seq,
      authorId,
      // The borough they were in when they wrote it, even if their account was corrected since.
      boroughId: authorId ? this.boroughs.at(authorId, receivedAt) : null,
      receivedAt,
      bytes,
      areas: [],
      restoreOf: null,
      changes: noThingChanges(),
    };
  }

  private progress(document: string): Progress {
    const row = this.db.prepare('SELECT last_seq, grouping FROM history_progress WHERE document = ?').get(document) as
      { last_seq: number; grouping: string } | undefined;
    const grouping = row ? (JSON.parse(row.grouping) as Partial<Progress['grouping']>) : {};
    return { lastSeq: row?.last_seq ?? 0, grouping: { ...emptyGrouping(), sv: {}, ...grouping } };
  }

  /** Writes the rows for a run of consecutive changes (inside the caller's transaction). */
  private writeRows(document: string, progress: Progress, changes: DescribedChange[]): Progress {
    const { db } = this;
    const insertRange = db.prepare(
      'INSERT OR IGNORE INTO history_insertions (document, client, clock_start, clock_end, seq) VALUES (?, ?, ?, ?, ?)',
    );
    const deleteRange = db.prepare(
      'INSERT OR IGNORE INTO history_deletions (document, seq, client, clock_start, clock_end) VALUES (?, ?, ?, ?, ?)',
    );
    const saveVersion = db.prepare(
      `INSERT OR REPLACE INTO history_versions
       (document, version, first_seq, last_seq, started_at, ended_at, authors, boroughs, areas, updates, bytes, restore_of, end_state_vector, changes)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const openRow = db.prepare('SELECT * FROM history_versions WHERE document = ? ORDER BY version DESC LIMIT 1').get(document) as
      Record<string, unknown> | undefined;
    const grouper = new VersionGrouper(openRow ? fromRow(openRow) : null, progress.grouping, this.pauseMs);
    const sv = new Map(Object.entries(progress.grouping.sv).map(([k, v]) => [Number(k), v]));
    const save = (v: VersionRow) =>
      saveVersion.run(
        document,
        v.version,
        v.firstSeq,
        v.lastSeq,
        v.startedAt,
        v.endedAt,
        JSON.stringify(v.authors),
        JSON.stringify(v.boroughs),
        JSON.stringify(v.areas),
        v.updates,
        v.bytes,
        v.restoreOf,
        Y.encodeStateVector(sv),
        v.changes ? JSON.stringify(v.changes) : null,
      );
    let lastSeq = progress.lastSeq;
    for (const change of changes) {
      // A version closed by this change is final: saved with the state vector as it ended.
      const closed = grouper.add(change);
      if (closed) save(closed);
      for (const r of change.description.insertions) {
        insertRange.run(document, r.client, r.start, r.end, change.seq);
        if ((sv.get(r.client) ?? 0) < r.end) sv.set(r.client, r.end);
      }
      for (const r of change.description.deletions) deleteRange.run(document, change.seq, r.client, r.start, r.end);
      lastSeq = change.seq;
    }
    if (grouper.open) save(grouper.open);
    const grouping = { ...grouper.state, sv: Object.fromEntries(sv) };
    db.prepare(
      `INSERT INTO history_progress (document, last_seq, grouping) VALUES (?, ?, ?)
       ON CONFLICT (document) DO UPDATE SET last_seq = excluded.last_seq, grouping = excluded.grouping`,
    ).run(document, lastSeq, JSON.stringify(grouping));
    return { lastSeq, grouping };
  }
}

function fromRow(row: Record<string, unknown>): VersionRow {
  return {
    version: row.version as number,
    firstSeq: row.first_seq as number,
    lastSeq: row.last_seq as number,
    startedAt: row.started_at as number,
    endedAt: row.ended_at as number,
    authors: JSON.parse(row.authors as string) as VersionRow['authors'],
    boroughs: JSON.parse(row.boroughs as string) as VersionRow['boroughs'],
    areas: JSON.parse(row.areas as string) as VersionRow['areas'],
    updates: row.updates as number,
    bytes: row.bytes as number,
    restoreOf: (row.restore_of as number | null) ?? null,
    changes: typeof row.changes === 'string' ? (JSON.parse(row.changes) as VersionRow['changes']) : null,
  };
}
