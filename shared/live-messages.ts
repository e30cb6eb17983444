/**
 * Messages the server adds to the y-websocket protocol, on the same socket. The
 * y-websocket client lets an application register handlers for extra message types
 * (`provider.messageHandlers[type]`); other clients log and ignore them.
 *
 *   100 event  varstring JSON LiveEvent: something kept in SQL changed; fetch it again.
 *   101 saved  varuint updates, varuint syncSteps: how many of this connection's update
 *              messages and sync step 2 messages are now committed (cumulative, per
 *              connection), so the client can say "saved" truthfully.
 */
export const liveMessageType = { event: 100, saved: 101 } as const;

export type LiveEvent =
  | { type: 'decisions-changed'; decisionId: string }
  | { type: 'participants-changed' }
  | { type: 'procurement-changed' }
  | { type: 'versions-changed' }
  /** A comment thread was started, answered, edited, resolved, reopened or removed. */
  | { type: 'comments-changed'; threadId: string }
  /** Something for someone's "For you" list happened here (a suggestion waiting, or decided). */
  | { type: 'for-you-changed' }
  /** The document has passed the warning share of its size limit. */
  | { type: 'document-size'; bytes: number; limit: number };
