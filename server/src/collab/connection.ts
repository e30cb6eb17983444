/**
 * One websocket connection to one room: who it is (its grant), the frames that arrived
 * before the room was ready, its presence id and rate budget, and how it is closed.
 */
import { CloseCode, closeCodeName, closeReason } from '../../../shared/close-codes.js';
import type { Queries } from '../db/queries.js';
import type { Logger } from '../log.js';
import type { CollabLimits } from './limits.js';
import { TokenBucket } from './rate-limit.js';
import type { CollabSocket } from './socket.js';

/**
 * What a connection may change: nothing, everything, or (suggest-only) only what the
 * engine's `suggestOnlyCheck` lets through: their own suggested changes.
 */
export type AccessMode = 'read-only' | 'suggest-only' | 'read-write';

/** The answer of the authorize hook for a connection that may join. */
export interface Grant {
  mode: AccessMode;
  /** The authenticated user; null only where a deployment runs without sign-in. */
  userId: string | null;
  /** Shown to others as this connection's presence, replacing what the client claims. */
  presence?: Record<string, unknown>;
  /** Labels the access layer uses to find connections again (session, borough, …). */
  tags?: Readonly<Record<string, string>>;
  /**
   * The client understands the messages this server adds to the protocol (see
   * shared/live-messages.ts); other clients are not sent them (they would log errors).
   */
  extensions?: boolean;
}

/** Why the server writes into a document itself. */
export type ServerChange =
  /** A past version put back, as a new change forward. */
  | { reason: 'restore'; restoreOf: number }
  /** Requirement numbers given by the server. */
  | { reason: 'numbering' }
  /** A person's edit handed to the server directly rather than over a socket (imports, tests). */
  | { reason: 'edit' }
  /** A comment thread anchored in, or taken out of, the text: not an edit of it. */
  | { reason: 'comment-anchor'; threadId: string }
  /** Fields that a part written by an earlier version lacks, added so people can edit them. */
  | { reason: 'layout-upgrade' };

/** The server writing into a document, as `userId` (null: as itself). */
export interface ServerWriter {
  readonly kind: 'server';
  readonly userId: string | null;
  readonly change: ServerChange;
  /**
   * The server's own writes that belong with this change, given the transaction they
   * run in and the change's log position (see `DocumentStore.append`).
   */
  readonly alongside?: (tx: Queries, seq: number) => Promise<void>;
  refused: boolean;
  refuse(code: number, detail: string): void;
}

/**
 * Who a change comes from: a person's live connection, or the server. It is also the
 * origin of the Yjs transaction that applies the change, so domains that follow the
 * log (history, numbering) know what each transaction was.
 */
export type Writer = Connection | ServerWriter;

/** What the room needs from the engine for one connection. */
export interface ConnectionHost {
  readonly limits: CollabLimits;
  readonly log: Logger;
  /** Called once when the connection is closed, whoever closed it. */
  connectionClosed(connection: Connection, code: number): void;
  /** The connection was closed because of what it sent. */
  refused(connection: Connection, code: number): void;
}

let nextConnectionId = 1;

export class Connection {
  readonly kind = 'connection';
  readonly id = nextConnectionId++;
  readonly openedAt = Date.now();
  /** Frames received before the room finished loading, delivered in order once it has. */
  waiting: Uint8Array[] | null = [];
  private waitingBytes = 0;
  closed = false;
  /** Closed by the server because of what it sent: its queued input is discarded. */
  refused = false;
  /** The single awareness client id this connection controls, once it has sent one. */
  awarenessClientId: number | null = null;
  private readonly ownPresence: TokenBucket;
  private readonly anyPresence: TokenBucket;
  /** Answers to sync step 1, each of which may encode the whole document. */
  private readonly syncAnswers: TokenBucket;
  /** Update messages and sync step 2 messages of this connection committed so far. */
  savedUpdates = 0;
  savedSyncSteps = 0;
  /** The client was told once that its writes are refused (read-only). */
  toldReadOnly = false;
  readOnlyChecks = 0;

  constructor(
    private readonly host: ConnectionHost,
    readonly socket: CollabSocket,
    readonly roomName: string,
    readonly grant: Grant,
  ) {
    const { awarenessPerSecond, awarenessBurst } = host.limits;
    this.ownPresence = new TokenBucket(awarenessPerSecond, awarenessBurst);
    this.anyPresence = new TokenBucket(awarenessPerSecond * 10, awarenessBurst * 10);
    this.syncAnswers = new TokenBucket(1000 / host.limits.syncAnswerEveryMs, host.limits.syncAnswerBurst);
  }

  /** False when this connection has asked for the document's state too often. */
  takeSyncAnswerToken(): boolean {
    return this.syncAnswers.take();
  }

  get userId(): string | null {
    return this.grant.userId;
  }

  get mode(): AccessMode {
    return this.grant.mode;
  }

  /** Holds a frame until the room is ready; false when the bound is passed. */
  hold(frame: Uint8Array): boolean {
    if (!this.waiting) return true;
    this.waitingBytes += frame.byteLength;
    this.waiting.push(frame);
    const { maxWaitingBytes, maxWaitingMessages } = this.host.limits;
    return this.waitingBytes <= maxWaitingBytes && this.waiting.length <= maxWaitingMessages;
  }

  /** Takes the held frames; from now on frames go straight to the room. */
  release(): Uint8Array[] {
    const frames = this.waiting ?? [];
    this.waiting = null;
    this.waitingBytes = 0;
    return frames;
  }

  send(message: Uint8Array): void {
    if (this.closed) return;
    try {
      this.socket.send(message);
    } catch (error) {
      this.host.log.warn('send-failed', { connection: this.id, room: this.roomName, error: String(error) });
      this.close(CloseCode.internalError);
      return;
    }
    if (this.socket.bufferedAmount > this.host.limits.maxBufferedBytes) {
      this.refuse(CloseCode.tooSlow, `send buffer at ${this.socket.bufferedAmount} bytes`);
    }
  }

  /**
   * Rate limits for presence: `ownPresence` counts messages that change this
   * connection's own presence; `anyPresence` counts every presence message, since the
   * y-websocket client also echoes everyone else's presence back to the server.
   * Returns false when this message must be dropped.
   */
  takeAwarenessToken(bucket: 'own' | 'any'): boolean {
    const tokens = bucket === 'own' ? this.ownPresence : this.anyPresence;
    if (tokens.take()) return true;
    if (tokens.refusedInARow > this.host.limits.maxAwarenessDropped) {
      this.refuse(CloseCode.tooFrequent, 'presence messages far above the rate limit');
    }
    return false;
  }

  /** Closes the connection because of its input, logging one line. */
  refuse(code: number, detail: string): void {
    if (this.closed) return;
    this.refused = true;
    this.host.refused(this, code);
    this.host.log.warn('refused', {
      room: this.roomName,
      user: this.userId,
      connection: this.id,
      code,
      why: closeCodeName(code),
      detail,
    });
    this.close(code);
  }

  /** Closes with a code from the shared module and its plain-English reason. */
  close(code: number): void {
    if (this.closed) return;
    this.closed = true;
    this.waiting = null;
    const name = closeCodeName(code);
    try {
      this.socket.close(code, name ? closeReason[name] : '');
    } catch {
      // The socket is already gone; nothing more to tell it.
    }
    this.host.connectionClosed(this, code);
  }

  /** The socket closed from the other side (or the network dropped it). */
  socketClosed(code: number): void {
    if (this.closed) return;
    this.closed = true;
    this.waiting = null;
    this.host.connectionClosed(this, code);
  }
}
