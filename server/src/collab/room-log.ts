/**
 * Where a room's document stands in its store: the last log position, the latest load
 * checkpoint and the newest one kept for history, and about how big the document is.
 * The room asks it when a checkpoint is due and whether to keep it; it never touches
 * the store itself.
 */
import type { CollabLimits } from './limits.js';
import type { StoredDocument } from './store.js';

export class LogPosition {
  /** The last log position committed. */
  lastSeq = 0;
  /** The position of the latest load checkpoint (0: none). */
  checkpointSeq = 0;
  /** Bytes of log after the latest load checkpoint. */
  private tailBytes = 0;
  /** Size of the latest checkpoint's state. */
  private checkpointBytes = 0;
  /** Size of the newest checkpoint kept for history, and bytes of log written since it. */
  private retainedBytes = 0;
  private bytesSinceRetained = 0;

  constructor(stored: StoredDocument) {
    this.reset(stored);
  }

  /** Starts again from what the store holds (after a reload). */
  reset(stored: StoredDocument): void {
    this.lastSeq = stored.lastSeq;
    this.checkpointSeq = stored.checkpoint?.seq ?? 0;
    this.tailBytes = stored.tailBytes;
    this.checkpointBytes = stored.checkpoint?.state.byteLength ?? 0;
    this.retainedBytes = stored.retained?.bytes ?? 0;
    this.bytesSinceRetained = stored.bytesSinceRetained;
  }

  /** About the document's size in bytes: its checkpoint and the log since. */
  get documentBytes(): number {
    return this.checkpointBytes + this.tailBytes;
  }

  /** Updates up to `seq`, of `bytes` in all, were committed. */
  committed(seq: number, bytes: number): void {
    this.lastSeq = seq;
    this.tailBytes += bytes;
    this.bytesSinceRetained += bytes;
  }

  /** The log since the last load checkpoint has grown enough for another. */
  checkpointDue(limits: CollabLimits): boolean {
    return this.lastSeq - this.checkpointSeq >= limits.checkpointEveryUpdates || this.tailBytes >= limits.checkpointEveryBytes;
  }

  /**
   * Whether the next checkpoint is kept for history: when at least its own size of log
   * has passed since the last kept one, so kept checkpoints grow with the log, not its
   * square.
   */
  retainNext(limits: CollabLimits): boolean {
    return this.bytesSinceRetained >= Math.max(limits.retainMinBytes, this.retainedBytes);
  }

  checkpointWritten(seq: number, stateBytes: number, retained: boolean): void {
    this.checkpointSeq = seq;
    this.tailBytes = 0;
    this.checkpointBytes = stateBytes;
    if (retained) {
      this.retainedBytes = stateBytes;
      this.bytesSinceRetained = 0;
    }
  }
}
