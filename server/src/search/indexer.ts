/**
 * Keeps the search index in step with the procurements.
 *
 * Live: after a commit to a procurement's document, its pieces are read again from the
 * live document (from the log if nobody has it open any more: indexing never opens a
 * room) and brought into its rows in one transaction, a short moment later (one re-index
 * for a burst of typing, however long; an edit is findable within a second).
 * Comments are indexed as their routes change them. At start, every procurement whose
 * index is older than its log is rebuilt from the log (read through the document
 * store), and every procurement's comments are indexed again, so nothing written while
 * the index was behind (a crash, an older version of the server) stays unfindable.
 * Re-indexing a whole procurement is simple and correct: there is no partial state to
 * get wrong, and 300 requirements take a few milliseconds (see scripts/bench/search.ts).
 */
import type { CollabEngine } from '../collab/engine.js';
import type { DocumentStore } from '../collab/store.js';
import type { Database } from '../db/queries.js';
import { stateAt } from '../history/reconstruct.js';
import { errorMessage, type Logger } from '../log.js';
import { commentPieces } from './comment-pieces.js';
import { documentPieces } from './document-pieces.js';
import type { SearchIndex, SearchPiece } from './search-index.js';

/** How long after a commit a procurement is re-indexed (ms): long enough to gather a burst of typing. */
export const reindexDelayMs = 400;

export interface SearchIndexerOptions {
  index: SearchIndex;
  engine: CollabEngine;
  store: DocumentStore;
  db: Database;
  log: Logger;
  delayMs?: number;
}

export class SearchIndexer {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** The work running or queued for each procurement, so that its re-indexes never overlap. */
  private readonly work = new Map<string, Promise<void>>();
  private readonly offCommit: () => void;
  private readonly offCaughtUp: () => void;
  private readonly delayMs: number;
  private caughtUp: Promise<void> = Promise.resolve();

  constructor(private readonly options: SearchIndexerOptions) {
    this.delayMs = options.delayMs ?? reindexDelayMs;
    this.offCommit = options.engine.onCommit((room) => this.documentChanged(room));
    // Other servers' edits to a room open here: whichever server holds them last indexes them.
    this.offCaughtUp = options.engine.onCaughtUp((room) => this.documentChanged(room));
  }

  /** Catches up every procurement whose index is behind its log, and every one's comments. */
  catchUp(): Promise<void> {
    this.caughtUp = this.runCatchUp().catch((error: unknown) =>
      this.options.log.error('search-catch-up-failed', { error: errorMessage(error) }),
    );
    return this.caughtUp;
  }

  /** A document was written without the live engine (a new procurement's first state). */
  documentChanged(procurementId: string): void {
    this.schedule(procurementId);
  }

  /** A thread's comments changed (added, edited, deleted, or the thread went). */
  commentsChanged(procurementId: string, threadId: string): Promise<void> {
    const { db, index } = this.options;
    return this.enqueue(procurementId, async () =>
      index.replaceThread(procurementId, threadId, await commentPieces(db, procurementId, threadId)),
    );
  }

  /** Runs every re-index that is waiting now, and resolves when all work has finished. */
  async flush(): Promise<void> {
    await this.caughtUp;
    for (const [room, timer] of this.timers) {
      clearTimeout(timer);
      this.timers.delete(room);
      void this.reindex(room);
    }
    while (this.work.size > 0) await Promise.all(this.work.values());
  }

  /** Stops listening and writes what is waiting. */
  async stop(): Promise<void> {
    this.offCommit();
    this.offCaughtUp();
    await this.flush();
  }

  private schedule(room: string): void {
    if (this.timers.has(room)) return;
    const timer = setTimeout(() => {
      this.timers.delete(room);
      void this.reindex(room);
    }, this.delayMs);
    timer.unref();
    this.timers.set(room, timer);
  }

  /** Re-indexes a procurement's document as it is now. */
  private reindex(room: string): Promise<void> {
    return this.enqueue(room, () => this.indexDocument(room));
  }

  /**
   * Indexes a procurement's document: from the live room when it is open, else rebuilt
   * from the log, so that indexing never opens a room nor keeps one in memory. An open
   * room's document holds everything up to its own position, which (with several
   * servers) may be behind the log's; the index records the position its pieces are sure
   * to hold, and keeps the newest of the servers' re-indexes.
   */
  private async indexDocument(room: string): Promise<void> {
    const { engine, store, index } = this.options;
    const open = engine.openDocument(room);
    if (open) return index.replaceDocument(room, documentPieces(open.doc), open.seq);
    const seq = await store.latestSeq(room);
    await index.replaceDocument(room, await this.piecesAt(room, seq), seq);
  }

  /** The pieces of a procurement's document at a log position, rebuilt from the log. */
  private async piecesAt(room: string, seq: number): Promise<SearchPiece[]> {
    const doc = await stateAt(this.options.store, room, seq);
    try {
      return documentPieces(doc);
    } finally {
      doc.destroy();
    }
  }

  private enqueue(room: string, run: () => Promise<void>): Promise<void> {
    const previous = this.work.get(room) ?? Promise.resolve();
    const next = previous
      .then(run)
      .catch((error: unknown) => this.options.log.error('search-index-failed', { room, error: errorMessage(error) }));
    this.work.set(room, next);
    void next.finally(() => {
      if (this.work.get(room) === next) this.work.delete(room);
    });
    return next;
  }

  private async runCatchUp(): Promise<void> {
    const { index, store, db, log } = this.options;
    const started = performance.now();
    let documents = 0;
    const procurements = await index.procurements();
    for (const { procurementId, indexedSeq } of procurements) {
      await this.enqueue(procurementId, async () => {
        await index.replaceComments(procurementId, await commentPieces(db, procurementId));
        const latest = await store.latestSeq(procurementId);
        if (indexedSeq >= latest) return;
        await this.indexDocument(procurementId);
        documents++;
      });
    }
    log.info('search-caught-up', { procurements: procurements.length, documents, ms: Math.round(performance.now() - started) });
  }
}
