/**
 * Where live documents are kept: an append-only log of updates per document, full-state
 * checkpoints at log positions, and the owner of each Yjs client id.
 *
 * The room writes and loads through this interface only, and every other reader of the
 * log (history, exports, the procurement list) reads it here too: no SQL on the log's
 * tables lives anywhere else, so another store (Postgres through Kysely's Postgres
 * dialect, say) replaces SQLite in one module. Every implementation must pass the suite
 * in `server/test/support/store-contract.ts`.
 */
import type { Queries } from '../db/queries.js';

/** One accepted update, numbered in its document's log. */
export interface LoggedUpdate {
  seq: number;
  update: Uint8Array;
  /** The authenticated user whose connection sent it; null for server-made changes. */
  authorId: string | null;
  receivedAt: number;
}

/** A Yjs client id seen for the first time, and the user it now belongs to. */
export interface ClientClaim {
  clientId: number;
  userId: string | null;
  firstSeq: number;
}

/**
 * What one document adds to the log in one commit. The updates are numbered one after
 * another from where the writer expects them (just after the last position it holds),
 * and each claim's `firstSeq` in that same numbering; the store may place them later.
 */
export interface DocumentAppend {
  document: string;
  updates: LoggedUpdate[];
  claims: ClientClaim[];
}

/**
 * Where one document's updates went. The document's last position before them was
 * `firstSeq - 1`: positions between the writer's own last and that were written by
 * others (other servers), and the writer reads them from the log.
 */
export interface PlacedAppend {
  document: string;
  /** The position given to the append's first update; the others follow it in order. */
  firstSeq: number;
}

/** What a room needs to come back to life: the latest checkpoint plus the log after it. */
export interface StoredDocument {
  /** `stateVector` is the checkpoint's, when it was recorded. */
  checkpoint: { seq: number; state: Uint8Array; stateVector: Uint8Array | null } | null;
  /** Updates after the checkpoint, in log order. */
  tail: Uint8Array[];
  tailBytes: number;
  /** The last log position (0 for a document never written). */
  lastSeq: number;
  /** Owner of each Yjs client id that has written to this document. */
  clientOwners: Map<number, string | null>;
  /** Position and size of the newest checkpoint kept for history, if any. */
  retained: { seq: number; bytes: number } | null;
  /** Bytes of log written after the newest retained checkpoint. */
  bytesSinceRetained: number;
}

export interface DocumentStore {
  load(document: string): Promise<StoredDocument>;
  /**
   * Appends the updates and claims of several documents durably, all or nothing, and
   * says where each document's updates went (in the order of `appends`). When the promise
   * rejects, nothing of the call was written.
   *
   * Each document's updates take the next free positions, whatever they are: writers of
   * one document queue (on one server or several) and none is ever refused for coming
   * second. Yjs updates commute, so the log only needs one order that every reader
   * sees alike, not the order in which a writer applied them. Updates and claims move
   * together: a claim's `firstSeq` moves as far as its updates did.
   *
   * `alongside` is the server's own writes that belong with these updates (the record
   * of a formal act the change is), given the queries of the transaction it runs in and
   * where the updates went. A store in the server's own database runs it inside the same
   * transaction, so that either both are kept or neither; one in another database runs
   * it in a transaction of the app's database just after its commit.
   */
  append(appends: readonly DocumentAppend[], alongside?: AlongsideWrites): Promise<PlacedAppend[]>;
  /**
   * Records the full state at `seq`. The previous checkpoint that was not retained is
   * dropped; retained ones stay for history.
   */
  writeCheckpoint(document: string, seq: number, state: Uint8Array, stateVector: Uint8Array, retained: boolean): Promise<void>;

  // ---- reading the log -------------------------------------------------------------

  /** The last log position of a document; 0 when it has never been written. */
  latestSeq(document: string): Promise<number>;
  /** When the newest entry at or before `seq` was written (ms); null when there is none. */
  writtenAt(document: string, seq: number): Promise<number | null>;
  /** Who wrote each of these positions, and when; positions not in the log are left out. */
  entries(document: string, seqs: readonly number[]): Promise<Map<number, LogEntry>>;
  /** Up to `limit` log entries after `afterSeq`, in log order. */
  readLog(document: string, afterSeq: number, limit: number): Promise<LoggedUpdate[]>;
  /** The client ids first claimed after `afterSeq` (what a room catching up on the log learns). */
  claimsAfter(document: string, afterSeq: number): Promise<ClientClaim[]>;
  /**
   * What rebuilds the document as it was at `seq`: the newest checkpoint at or before it,
   * and the updates after that checkpoint up to `seq`, in order.
   */
  loadAt(document: string, seq: number): Promise<{ checkpoint: { seq: number; state: Uint8Array } | null; updates: Uint8Array[] }>;
}

/** The server's own writes that belong with a commit of the log (see `DocumentStore.append`). */
export type AlongsideWrites = (tx: Queries, placed: readonly PlacedAppend[]) => Promise<void>;

/** Who wrote one log position, and when. */
export interface LogEntry {
  authorId: string | null;
  receivedAt: number;
}

/**
 * Checks that each append's updates are numbered one after another (their numbering is
 * the writer's expectation only, see `DocumentAppend`); throws, before anything is
 * written, when one is not.
 */
export function checkNumbering(appends: readonly DocumentAppend[]): void {
  for (const { document, updates } of appends) {
    const first = updates[0]?.seq ?? 0;
    updates.forEach((update, i) => {
      if (update.seq !== first + i) {
        throw new Error(`the updates of ${document} must be numbered one after another (${first + i} expected, ${update.seq} given)`);
      }
    });
  }
}

/** How far an append's updates and claims move when they follow a document's last position `lastSeq`. */
export function shiftAfter(append: DocumentAppend, lastSeq: number): number {
  const first = append.updates[0]?.seq;
  return first === undefined ? 0 : lastSeq + 1 - first;
}
