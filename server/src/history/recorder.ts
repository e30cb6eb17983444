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
 * is filled at once. Writes take turns, one at a time (the queued commits, or one
 * document's catch-up), so the rows of one never interleave with another's; each
 * person's borough is looked up before the transaction, which runs only its queries.
 * Several servers sharing one database each record their own commits and catch up the
 * rest, possibly the same document at once: each transaction reads how far the history
 * has got and writes only what follows (see writeNew), so every update is in it once.
 * Each version keeps what it did to each requirement, paragraph and entry (see
 * describe.ts), on both paths, for its summary.
 */
import { BoroughsOverTime } from '../account-boroughs/boroughs-over-time.js';
import type { Selectable } from 'kysely';
import * as Y from 'yjs';
import type { CollabEngine, CommittedUpdate } from '../collab/engine.js';
import type { Writer } from '../collab/connection.js';
import type { DocumentStore } from '../collab/store.js';
import type { Database, Queries } from '../db/queries.js';
import type { HistoryVersionsTable } from '../db/schema.js';
import { errorMessage, type Logger } from '../log.js';
import { describeTransaction, type ChangeDescription } from './describe.js';
import { emptyGrouping, VersionGrouper, type GroupingState, type LoggedChange, type VersionRow } from './grouping.js';
import { stateAt } from './reconstruct.js';

interface Progress {
  lastSeq: number;
  grouping: GroupingState & { sv: Record<string, number> };
}

type DescribedChange = LoggedChange & { description: ChangeDescription };

/** A committed update as the live path saw it, before its author's borough is looked up. */
interface QueuedUpdate {
  seq: number;
  authorId: string | null;
  receivedAt: number;
  bytes: number;
  info: { description: ChangeDescription; restoreOf: number | null } | undefined;
}

/** How long committed updates wait to have their history rows written, together (ms). */
const drainDelayMs = 100;

export class HistoryRecorder {
  private readonly described = new Map<string, Map<number, { description: ChangeDescription; restoreOf: number | null }>>();
  /** Committed updates waiting for the end of the turn, with what was described of them. */
  private queue: { document: string; updates: QueuedUpdate[] }[] = [];
  private drainScheduled = false;
  private readonly boroughs: BoroughsOverTime;
  private readonly stop: (() => void)[] = [];
  /** The write running now (a drain or a catch-up); the next one waits for it, so they never interleave. */
  private writing: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: Database,
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
      engine.onCommit((room, updates) => this.recordCommitted(room, updates)),
    );
  }

  /** Stops listening, and writes what is still queued. */
  async dispose(): Promise<void> {
    for (const stop of this.stop) stop();
    await this.drain();
  }

  /** Queues a commit's updates, in the order of the commits, to be written shortly. */
  private recordCommitted(document: string, updates: readonly CommittedUpdate[]): void {
    const forRoom = this.described.get(document);
    this.queue.push({
      document,
      updates: updates.map((u) => ({
        seq: u.seq,
        authorId: u.authorId,
        receivedAt: u.receivedAt,
        bytes: u.update.byteLength,
        info: forRoom?.get(u.appliedAs),
      })),
    });
    if (forRoom) {
      const last = updates[updates.length - 1]!.appliedAs;
      for (const seq of forRoom.keys()) if (seq <= last) forRoom.delete(seq);
      if (forRoom.size === 0) this.described.delete(document);
    }
    if (this.drainScheduled) return;
    this.drainScheduled = true;
    // Written a little later, many commits at once, away from the next edit's way;
    // every history read writes what is queued first.
    setTimeout(() => {
      this.drainScheduled = false;
      void this.drain();
    }, drainDelayMs).unref();
  }

  /** Writes what is queued: every document's rows in one transaction, after any write running now. */
  private drain(): Promise<void> {
    return this.serially(() =>
      this.drainNow().catch((error: unknown) => this.log.error('history-record-failed', { error: errorMessage(error) })),
    );
  }

  private async drainNow(): Promise<void> {
    const queued = this.queue;
    this.queue = [];
    if (queued.length === 0) return;
    const byDocument = new Map<string, (DescribedChange | null)[]>();
    await this.boroughs.refresh();
    for (const { document, updates } of queued) {
      const changes = byDocument.get(document) ?? [];
      for (const update of updates) changes.push(update.info ? await this.describedChange(update, update.info) : null);
      byDocument.set(document, changes);
    }
    const gaps = await this.db.derivedTransaction(async (tx) => {
      const found: string[] = [];
      for (const [document, changes] of byDocument) {
        const complete = changes.every((c) => c !== null);
        if (!complete || (await this.writeNew(tx, document, changes)) === 'gap') found.push(document);
      }
      return found;
    });
    for (const document of gaps) {
      this.catchUp(document).catch((error: unknown) =>
        this.log.error('history-catch-up-failed', { room: document, error: errorMessage(error) }),
      );
    }
  }

  /** Fills the history tables up to the end of the log, replaying what is missing. */
  async catchUp(document: string): Promise<void> {
    await this.drain();
    await this.serially(() => this.replay(document));
  }

  /** Runs `write` once every write begun before it has ended. */
  private serially<T>(write: () => Promise<T>): Promise<T> {
    const run = this.writing.then(write);
    this.writing = run.catch(() => {});
    return run;
  }

  private async replay(document: string): Promise<void> {
    const progress = await this.progress(this.db, document);
    const last = await this.store.latestSeq(document);
    if (progress.lastSeq >= last) return;
    const started = performance.now();
    const doc = await stateAt(this.store, document, progress.lastSeq);
    if (Object.keys(progress.grouping.sv).length === 0) {
      progress.grouping.sv = Object.fromEntries(Y.decodeStateVector(Y.encodeStateVector(doc)));
    }
    let current = progress;
    /** How far the log has been applied to `doc` (the history may be further on: see writeNew). */
    let read = progress.lastSeq;
    try {
      // In pages, until the end of the log (changes committed meanwhile included).
      for (;;) {
        const rows = await this.store.readLog(document, read, 1000);
        if (rows.length === 0) break;
        await this.boroughs.refresh();
        const chunk: DescribedChange[] = [];
        for (const row of rows) {
          let transaction: Y.Transaction | null = null;
          Y.transact(doc, (tr) => {
            transaction = tr;
            Y.applyUpdate(doc, row.update);
          });
          const description = describeTransaction(transaction!);
          const update = { seq: row.seq, authorId: row.authorId, receivedAt: row.receivedAt, bytes: row.update.byteLength };
          chunk.push(await this.describedChange(update, { description, restoreOf: null }));
        }
        const written = await this.db.derivedTransaction((tx) => this.writeNew(tx, document, chunk, progress));
        // Never a gap: the chunk follows on from where the history stood when the replay began.
        if (written !== 'gap') current = written;
        read = rows.at(-1)!.seq;
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

  /** A change with what was described of it, and its author's borough then (looked up outside any transaction). */
  private async describedChange(
    update: Omit<QueuedUpdate, 'info'>,
    info: { description: ChangeDescription; restoreOf: number | null },
  ): Promise<DescribedChange> {
    return {
      seq: update.seq,
      authorId: update.authorId,
      // The borough they were in when they wrote it, even if their account was corrected since.
      boroughId: update.authorId ? await this.boroughs.at(update.authorId, update.receivedAt) : null,
      receivedAt: update.receivedAt,
      bytes: update.bytes,
      ...info,
      areas: info.description.areas,
      changes: info.description.changes,
      quiet: info.description.anchorsOnly,
    };
  }

  private async progress(db: Queries, document: string): Promise<Progress> {
    const row = await db.first(db.kysely.selectFrom('history_progress').select(['last_seq', 'grouping']).where('document', '=', document));
    const grouping = row ? (JSON.parse(row.grouping) as Partial<Progress['grouping']>) : {};
    return { lastSeq: row?.last_seq ?? 0, grouping: { ...emptyGrouping(), sv: {}, ...grouping } };
  }

  /**
   * Writes the rows of those of `changes` (consecutive) that the history does not hold
   * yet, reading how far it has got in this very transaction: another server may have
   * recorded some or all of them meanwhile (its own commits, or a catch-up of the same
   * log), and the transaction then sees its rows, or is refused and run again. Returns
   * where the history now stands, or 'gap' when changes before or among these are missing.
   * `start` is the progress the caller began from; its state vector stands in for an
   * empty one (a history recorded before state vectors were kept) when nobody moved on.
   */
  private async writeNew(tx: Queries, document: string, changes: readonly DescribedChange[], start?: Progress): Promise<Progress | 'gap'> {
    let progress = await this.progress(tx, document);
    if (start && progress.lastSeq === start.lastSeq) progress = start;
    const unwritten = changes.filter((c) => c.seq > progress.lastSeq);
    if (unwritten.length === 0) return progress;
    // With several servers, this server's commits have the others' in between.
    if (unwritten.some((c, i) => c.seq !== progress.lastSeq + 1 + i)) return 'gap';
    return this.writeRows(tx, document, progress, unwritten);
  }

  /** Writes the rows for a run of consecutive changes (inside the caller's transaction). */
  private async writeRows(tx: Queries, document: string, progress: Progress, changes: DescribedChange[]): Promise<Progress> {
    const openRow = await tx.first(
      tx.kysely.selectFrom('history_versions').selectAll().where('document', '=', document).orderBy('version', 'desc').limit(1),
    );
    const grouper = new VersionGrouper(openRow ? fromRow(openRow) : null, progress.grouping, this.pauseMs);
    const sv = new Map(Object.entries(progress.grouping.sv).map(([k, v]) => [Number(k), v]));
    const save = async (v: VersionRow) => {
      const row = {
        first_seq: v.firstSeq,
        last_seq: v.lastSeq,
        started_at: v.startedAt,
        ended_at: v.endedAt,
        authors: JSON.stringify(v.authors),
        boroughs: JSON.stringify(v.boroughs),
        areas: JSON.stringify(v.areas),
        updates: v.updates,
        bytes: v.bytes,
        restore_of: v.restoreOf,
        end_state_vector: Y.encodeStateVector(sv),
        changes: v.changes ? JSON.stringify(v.changes) : null,
      };
      await tx.run(
        tx.kysely
          .insertInto('history_versions')
          .values({ document, version: v.version, ...row })
          .onConflict((oc) => oc.columns(['document', 'version']).doUpdateSet(row)),
      );
    };
    let lastSeq = progress.lastSeq;
    for (const change of changes) {
      // A version closed by this change is final: saved with the state vector as it ended.
      const closed = grouper.add(change);
      if (closed) await save(closed);
      for (const r of change.description.insertions) {
        await tx.run(
          tx.kysely
            .insertInto('history_insertions')
            .values({ document, client: r.client, clock_start: r.start, clock_end: r.end, seq: change.seq })
            .onConflict((oc) => oc.doNothing()),
        );
        if ((sv.get(r.client) ?? 0) < r.end) sv.set(r.client, r.end);
      }
      for (const r of change.description.deletions) {
        await tx.run(
          tx.kysely
            .insertInto('history_deletions')
            .values({ document, seq: change.seq, client: r.client, clock_start: r.start, clock_end: r.end })
            .onConflict((oc) => oc.doNothing()),
        );
      }
      lastSeq = change.seq;
    }
    if (grouper.open) await save(grouper.open);
    const grouping = JSON.stringify({ ...grouper.state, sv: Object.fromEntries(sv) });
    await tx.run(
      tx.kysely
        .insertInto('history_progress')
        .values({ document, last_seq: lastSeq, grouping })
        .onConflict((oc) => oc.column('document').doUpdateSet({ last_seq: lastSeq, grouping })),
    );
    return { lastSeq, grouping: JSON.parse(grouping) as Progress['grouping'] };
  }
}

function fromRow(row: Selectable<HistoryVersionsTable>): VersionRow {
  return {
    version: row.version,
    firstSeq: row.first_seq,
    lastSeq: row.last_seq,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    authors: JSON.parse(row.authors) as VersionRow['authors'],
    boroughs: JSON.parse(row.boroughs) as VersionRow['boroughs'],
    areas: JSON.parse(row.areas) as VersionRow['areas'],
    updates: row.updates,
    bytes: row.bytes,
    restoreOf: row.restore_of ?? null,
    changes: typeof row.changes === 'string' ? (JSON.parse(row.changes) as VersionRow['changes']) : null,
  };
}
