/** Bounds the live engine enforces on every connection and room. */
export interface CollabLimits {
  /** Largest message accepted (bytes); bigger ones close the connection (1009). */
  maxMessageBytes: number;
  /** Frames held per connection while its room loads: total bytes, and count. */
  maxWaitingBytes: number;
  maxWaitingMessages: number;
  /** Out-of-order data (missing its dependencies) a document may hold, in bytes. */
  maxPendingBytes: number;
  /** Unsent bytes per connection before it is dropped as too slow. */
  maxBufferedBytes: number;
  /** Largest presence message, and the rate each connection may send them at. */
  maxAwarenessBytes: number;
  awarenessPerSecond: number;
  awarenessBurst: number;
  /** Presence messages dropped in a row before the connection is closed. */
  maxAwarenessDropped: number;
  /** How long a room with nobody in it stays in memory (ms). */
  roomGraceMs: number;
  /** A load checkpoint is written after this many updates or bytes of log. */
  checkpointEveryUpdates: number;
  checkpointEveryBytes: number;
  /**
   * A checkpoint is kept for history once at least this much log, and at least as much
   * as the last kept checkpoint's size, has been written since it: kept checkpoints then
   * never take more room than the log itself.
   */
  retainMinBytes: number;
  /** Keep-alive ping interval (ms); a peer that misses a whole interval is closed. */
  pingIntervalMs: number;
  /** Live connections one person may have open at once (each tab is one). */
  maxConnectionsPerUser: number;
  /**
   * Large answers to sync step 1 per connection (each may hold the whole document): a
   * burst, then one more every `syncAnswerEveryMs`. Answers up to `syncAnswerFreeBytes`
   * (an up-to-date client, a reconnect) do not count.
   */
  syncAnswerBurst: number;
  syncAnswerEveryMs: number;
  syncAnswerFreeBytes: number;
  /** Refusals of one person's input within the window before they are turned away for a while. */
  maxRefusalsPerUser: number;
  refusalWindowMs: number;
  refusalBlockMs: number;
  /** A document's size limit in bytes: documents keep deleted text for the history, so they only grow. */
  maxDocumentBytes: number;
  /** Share of the size limit at which the people in the document are told it is filling up. */
  documentSizeWarning: number;
}

export const defaultLimits: CollabLimits = {
  maxMessageBytes: 8 * 1024 * 1024,
  maxWaitingBytes: 16 * 1024 * 1024,
  maxWaitingMessages: 1000,
  maxPendingBytes: 1024 * 1024,
  maxBufferedBytes: 32 * 1024 * 1024,
  maxAwarenessBytes: 32 * 1024,
  awarenessPerSecond: 30,
  awarenessBurst: 60,
  maxAwarenessDropped: 300,
  roomGraceMs: 10_000,
  checkpointEveryUpdates: 500,
  checkpointEveryBytes: 1024 * 1024,
  retainMinBytes: 256 * 1024,
  pingIntervalMs: 30_000,
  maxConnectionsPerUser: 20,
  syncAnswerBurst: 10,
  syncAnswerEveryMs: 6_000,
  syncAnswerFreeBytes: 64 * 1024,
  maxRefusalsPerUser: 3,
  refusalWindowMs: 10 * 60_000,
  refusalBlockMs: 60_000,
  maxDocumentBytes: 64 * 1024 * 1024,
  documentSizeWarning: 0.8,
};
