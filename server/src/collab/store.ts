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

/** What one document adds to the log in one commit. */
export interface DocumentAppend {
  document: string;
  updates: LoggedUpdate[];
  claims: ClientClaim[];
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
   * Appends the updates and claims of several documents durably, all or nothing.
   * When the promise rejects, nothing of the call was written.
   *
   * `alongside` are the server's own writes that belong with these updates (the record
   * of a formal act the change is), each given the queries of the transaction it runs
   * in. A store in the server's own database runs them inside the same transaction, so
   * that either both are kept or neither; one in another database runs them in a
   * transaction of the app's database just after its commit.
   */
  append(appends: readonly DocumentAppend[], alongside?: readonly AlongsideWrite[]): Promise<void>;
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

/** One of the server's own writes that belongs with a commit of the log (see `DocumentStore.append`). */
export type AlongsideWrite = (tx: Queries) => Promise<void>;

/** Who wrote one log position, and when. */
export interface LogEntry {
  authorId: string | null;
  receivedAt: number;
}

/**
 * An append whose positions do not follow the document's last one: taken already (with
 * several servers, another server wrote to the document first) or leaving a gap. Nothing
 * of the call was written; the writer catches up from the log and tries again.
 */
export class LogPositionTaken extends Error {
  constructor(
    readonly document: string,
    /** The document's last position when the append was refused. */
    readonly lastSeq: number,
    /** The position the append began at. */
    readonly attemptedSeq: number,
  ) {
    super(`document ${document} is at log position ${lastSeq}: position ${attemptedSeq} cannot be appended`);
    this.name = 'LogPositionTaken';
  }
}
