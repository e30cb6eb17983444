/**
 * A room: one live document, the connections in it and their presence.
 *
 * Updates are not applied when they arrive. They wait in the room's inbox until the
 * engine's flush at the end of the event-loop turn, which (1) applies and checks them,
 * (2) commits all of them in one transaction, and only then (3) sends them on. Sync
 * step 1 requests and joins wait in the same inbox, so every answer reflects committed
 * state only: nobody ever receives a change that is not on disk.
 *
 * The document is kept causally complete and honest. An update that Yjs cannot apply,
 * that writes under another user's Yjs client id, or that leaves too much out-of-order
 * data is refused: its connection is closed, and because a refused update may already
 * have touched the in-memory document, the document is reloaded from the store (the
 * truth) and the rest of the batch is applied again.
 */
import * as Y from 'yjs';
import { CloseCode } from '../../../shared/close-codes.js';
import type { Clock } from '../clock.js';
import { errorMessage, type Logger } from '../log.js';
import type { Connection, Writer } from './connection.js';
import type { CollabLimits } from './limits.js';
import {
  decodeAwarenessUpdate,
  decodeMessage,
  encodeAwarenessMessage,
  encodeAwarenessUpdate,
  encodeLiveEvent,
  encodePermissionDenied,
  encodeSaved,
  encodeSyncMessage,
  ProtocolError,
  SyncStep,
  type AwarenessEntry,
} from './protocol.js';
import { checkAuthorship, type AuthorshipVerdict } from './authorship.js';
import type { ClientClaim, DocumentAppend, DocumentStore, LoggedUpdate, StoredDocument } from './store.js';

/** Something waiting for the next flush. */
type InboxItem =
  | {
      kind: 'update';
      writer: Writer;
      update: Uint8Array;
      frame: Uint8Array | null;
      /** It came as a sync step 2 rather than as an update message. */
      syncStep?: boolean;
      done?: (error?: Error) => void;
    }
  | { kind: 'sync-step-1'; connection: Connection; stateVector: Uint8Array }
  | { kind: 'join'; connection: Connection };

type ReplyItem = Exclude<InboxItem, { kind: 'update' }>;
type UpdateItem = Extract<InboxItem, { kind: 'update' }>;

interface AcceptedUpdate {
  writer: Writer;
  update: Uint8Array;
  /** The frame as received, forwarded as it is when it was a plain update message. */
  frame: Uint8Array | null;
  seq: number;
  done?: (error?: Error) => void;
}

/** A batch applied to the document and waiting for its commit. */
export interface PreparedBatch {
  room: Room;
  append: DocumentAppend;
  accepted: AcceptedUpdate[];
  replies: ReplyItem[];
  /** Messages per connection that this batch settles, acknowledged once it is committed. */
  settled: Map<Connection, { updates: number; syncSteps: number }>;
}

/**
 * Told of every transaction applied from a writer, before it is committed, with the log
 * position it will have if it is. (A batch that is applied again after a refusal tells
 * again; only what `onCommit` later reports was kept.)
 */
export type AppliedListener = (room: string, transaction: Y.Transaction, seq: number) => void;

interface PresenceEntry {
  clock: number;
  state: Record<string, unknown> | null;
  connection: Connection;
}

export interface RoomHost {
  readonly limits: CollabLimits;
  readonly log: Logger;
  readonly store: DocumentStore;
  readonly clock: Clock;
  /** Asks for a flush at the end of this turn. */
  scheduleFlush(room: Room): void;
  /** The room became empty (or could not recover) and may leave memory. */
  roomIdle(room: Room): void;
  /** The room could not reload its document: it must be dropped. */
  roomBroken(room: Room, error: unknown): void;
  /** A writer's transaction was applied (and awaits its commit). */
  applied(room: string, transaction: Y.Transaction, seq: number): void;
}

/** Builds a document from what the store holds. Throws if the stored data cannot apply. */
export function documentFromStore(stored: StoredDocument): Y.Doc {
  // History is rebuilt from this document's deleted content, so it is never garbage-collected.
  const doc = new Y.Doc({ gc: false });
  if (stored.checkpoint) Y.applyUpdate(doc, stored.checkpoint.state);
  if (stored.tail.length === 1) Y.applyUpdate(doc, stored.tail[0]!);
  else if (stored.tail.length > 1) Y.applyUpdate(doc, Y.mergeUpdates(stored.tail));
  return doc;
}

/**
 * A writer's updates of one turn merged into one at most: merging grows faster than
 * linearly with the number merged, so long bursts are merged in runs.
 */
const mergeChunk = 64;

export class Room {
  /** The live document, built from the store when first needed (see `doc`). */
  private built: Y.Doc | null = null;
  private stored: StoredDocument | null;
  /**
   * While the document is exactly its checkpoint (nothing after it in the log, nothing
   * changed since), its stored bytes and state vector: newcomers are answered from
   * them without building the document, which is most of the cost of opening a room.
   */
  private pristine: { state: Uint8Array; stateVector: Uint8Array } | null;
  readonly connections = new Set<Connection>();
  private readonly presence = new Map<number, PresenceEntry>();
  /**
   * Who showed presence under each client id while the room has been open. A client id
   * is its person's from the moment others can see it: nobody else may then write or
   * show presence under it, even in the moment its person reconnects.
   */
  private readonly presenceOwners = new Map<number, string | null>();
  private inbox: InboxItem[] = [];
  private lastSeq: number;
  private checkpointSeq: number;
  private tailBytes: number;
  /** Size of the latest checkpoint's state: with `tailBytes`, about the document's size. */
  private checkpointBytes: number;
  /** The people here were told the document is nearing its size limit. */
  private toldNearlyFull = false;
  /** The whole document encoded, for newcomers with nothing, while it is unchanged. */
  private fullState: { seq: number; update: Uint8Array } | null = null;
  private clientOwners: Map<number, string | null>;
  private retainedBytes: number;
  private bytesSinceRetained: number;
  /** Set while a flush of this room is between apply and commit. */
  private flushing = false;

  constructor(
    private readonly host: RoomHost,
    readonly name: string,
    stored: StoredDocument,
  ) {
    this.stored = stored;
    this.pristine =
      stored.checkpoint?.stateVector && stored.tail.length === 0
        ? { state: stored.checkpoint.state, stateVector: stored.checkpoint.stateVector }
        : null;
    if (!this.pristine) this.built = documentFromStore(stored);
    this.lastSeq = stored.lastSeq;
    this.checkpointSeq = stored.checkpoint?.seq ?? 0;
    this.tailBytes = stored.tailBytes;
    this.checkpointBytes = stored.checkpoint?.state.byteLength ?? 0;
    this.clientOwners = stored.clientOwners;
    this.retainedBytes = stored.retained?.bytes ?? 0;
    this.bytesSinceRetained = stored.bytesSinceRetained;
  }

  /** About the document's size in bytes (its checkpoint and the log since). */
  get documentBytes(): number {
    return this.checkpointBytes + this.tailBytes;
  }

  /** The live document (built from the stored state on first use). */
  get doc(): Y.Doc {
    if (!this.built) {
      this.built = documentFromStore(this.stored!);
      this.stored = null;
    }
    return this.built;
  }

  /** The last log position committed for this document. */
  get seq(): number {
    return this.lastSeq;
  }

  get busy(): boolean {
    return this.flushing || this.inbox.length > 0;
  }

  join(connection: Connection): void {
    this.connections.add(connection);
    this.enqueue({ kind: 'join', connection });
    for (const frame of connection.release()) {
      if (connection.closed) break;
      this.receive(connection, frame);
    }
  }

  /** Handles one frame of a joined connection; a bad frame closes that connection only. */
  receive(connection: Connection, frame: Uint8Array): void {
    if (connection.closed) return;
    let message;
    try {
      message = decodeMessage(frame);
    } catch (error) {
      if (error instanceof ProtocolError) connection.refuse(error.code, error.message);
      else connection.refuse(CloseCode.internalError, errorMessage(error));
      return;
    }
    switch (message.kind) {
      case 'sync-step-1':
        this.enqueue({ kind: 'sync-step-1', connection, stateVector: message.stateVector });
        return;
      case 'sync-step-2':
        this.enqueue({ kind: 'update', writer: connection, update: message.update, frame: null, syncStep: true });
        return;
      case 'update':
        this.enqueue({ kind: 'update', writer: connection, update: message.update, frame });
        return;
      case 'awareness':
        this.receiveAwareness(connection, message.update);
        return;
      case 'query-awareness':
        connection.send(encodeAwarenessMessage(encodeAwarenessUpdate(this.presenceSnapshot())));
        return;
    }
  }

  /** Queues an update written by the server on a user's behalf; resolves once committed. */
  submit(writer: Writer, update: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => {
      this.enqueue({
        kind: 'update',
        writer,
        update,
        frame: null,
        done: (error) => (error ? reject(error) : resolve()),
      });
    });
  }

  private enqueue(item: InboxItem): void {
    this.inbox.push(item);
    this.host.scheduleFlush(this);
  }

  /**
   * Applies the waiting updates and checks each one. Returns the batch to commit, or
   * null when there was nothing to do. Never throws.
   */
  async prepare(): Promise<PreparedBatch | null> {
    if (this.inbox.length === 0) return null;
    const items = this.inbox;
    this.inbox = [];
    this.flushing = true;
    for (;;) {
      const outcome = this.applyItems(items);
      if (outcome) return outcome;
      // A refused update may have touched the document: rebuild it from the store and
      // apply the batch again without the refused connections.
      const reloaded = await this.reload();
      if (!reloaded) {
        this.flushing = false;
        for (const item of items) if (item.kind === 'update') item.done?.(new Error('document unavailable'));
        return null;
      }
    }
  }

  /** Null when a refused update tainted the document. */
  private applyItems(items: InboxItem[]): PreparedBatch | null {
    const accepted: AcceptedUpdate[] = [];
    const replies: ReplyItem[] = [];
    const settled = new Map<Connection, { updates: number; syncSteps: number }>();
    const claims = new Map<number, ClientClaim>();
    let seq = this.lastSeq;
    let batchBytes = 0;
    const receivedAt = this.host.clock.now();
    // What each writer sent this turn, in order, in runs of at most `mergeChunk`: each run
    // is applied, logged and sent on as one update. A burst then costs one transaction,
    // one log row and one message per run instead of per keystroke. (Different writers'
    // updates in one turn are concurrent, so grouping them by writer changes nothing.)
    const runs: { writer: Writer; items: UpdateItem[] }[] = [];
    const openRun = new Map<Writer, { writer: Writer; items: UpdateItem[] }>();
    for (const item of items) {
      if (item.kind !== 'update') {
        replies.push(item);
        continue;
      }
      const { writer } = item;
      if (writer.refused) {
        item.done?.(new Error('refused'));
        continue;
      }
      if (isConnection(writer) && writer.mode === 'read-only') {
        this.refuseReadOnlyWrite(writer, item.update);
        continue;
      }
      let run = openRun.get(writer);
      if (!run || run.items.length >= mergeChunk) {
        run = { writer, items: [] };
        runs.push(run);
        openRun.set(writer, run);
      }
      run.items.push(item);
    }
    for (const { writer, items: run } of runs) {
      const done = (error?: Error) => {
        for (const item of run) item.done?.(error);
      };
      if (writer.refused) {
        done(new Error('refused'));
        continue;
      }
      let update: Uint8Array;
      try {
        update = run.length === 1 ? run[0]!.update : Y.mergeUpdates(run.map((item) => item.update));
      } catch (error) {
        writer.refuse(CloseCode.invalidUpdate, `updates do not merge: ${errorMessage(error)}`);
        done(new Error('refused'));
        continue;
      }
      if (this.documentBytes + batchBytes + update.byteLength > this.host.limits.maxDocumentBytes) {
        writer.refuse(CloseCode.documentTooLarge, `the document would pass ${this.host.limits.maxDocumentBytes} bytes`);
        done(new Error('refused'));
        continue;
      }
      const verdict = this.applyOne(writer, update, claims, seq + 1);
      if (verdict === 'tainted') return null;
      if (verdict === 'refused') {
        done(new Error('refused'));
        continue;
      }
      if (isConnection(writer)) {
        const counts = settled.get(writer) ?? { updates: 0, syncSteps: 0 };
        for (const item of run) {
          if (item.syncStep) counts.syncSteps++;
          else counts.updates++;
        }
        settled.set(writer, counts);
      }
      if (verdict === 'unchanged') {
        done();
        continue;
      }
      accepted.push({ writer, update, frame: run.length === 1 ? run[0]!.frame : null, seq: ++seq, done });
      batchBytes += update.byteLength;
    }
    const updates: LoggedUpdate[] = accepted.map((a) => ({
      seq: a.seq,
      update: a.update,
      authorId: a.writer.userId,
      receivedAt,
    }));
    const append = { document: this.name, updates, claims: [...claims.values()] };
    return { room: this, append, accepted, replies, settled };
  }

  /**
   * Checks whose data one update carries (see authorship.ts), then applies it in its own
   * transaction. 'refused': refused before it touched the document. 'tainted': refused
   * after it may have changed the document.
   */
  private applyOne(
    writer: Writer,
    update: Uint8Array,
    claims: Map<number, ClientClaim>,
    seq: number,
  ): 'changed' | 'unchanged' | 'refused' | 'tainted' {
    // An empty update (a newcomer's sync step 2 with nothing to add) changes nothing.
    if (update.length === 2 && update[0] === 0 && update[1] === 0) return 'unchanged';
    let authorship: AuthorshipVerdict;
    try {
      authorship = checkAuthorship(this.doc, update, writer.userId, {
        ownerOf: (clientId) => (this.clientOwners.has(clientId) ? this.clientOwners.get(clientId) : claims.get(clientId)?.userId),
        presenceOf: (clientId) => this.presenceOwners.get(clientId),
      });
    } catch (error) {
      writer.refuse(CloseCode.invalidUpdate, `update does not decode: ${errorMessage(error)}`);
      return 'refused';
    }
    if (!authorship.ok) {
      writer.refuse(CloseCode.forgedAuthor, authorship.detail);
      return 'refused';
    }
    const store = this.doc.store;
    const pendingBefore = store.pendingStructs?.update;
    const pendingDsBefore = store.pendingDs;
    let transaction: Y.Transaction | null = null;
    try {
      Y.transact(
        this.doc,
        (tr) => {
          transaction = tr;
          Y.applyUpdate(this.doc, update);
        },
        writer,
      );
    } catch (error) {
      writer.refuse(CloseCode.invalidUpdate, `update does not apply: ${errorMessage(error)}`);
      return 'tainted';
    }
    for (const clientId of authorship.claims) {
      if (!claims.has(clientId)) claims.set(clientId, { clientId, userId: writer.userId, firstSeq: seq });
    }
    const tr = transaction as Y.Transaction | null;
    if (!tr) return 'unchanged';
    let wroteContent = false;
    for (const [clientId, clock] of tr.afterState) {
      if (clock > (tr.beforeState.get(clientId) ?? 0)) wroteContent = true;
    }
    const pendingBytes = (store.pendingStructs?.update.byteLength ?? 0) + (store.pendingDs?.byteLength ?? 0);
    if (pendingBytes > this.host.limits.maxPendingBytes) {
      writer.refuse(CloseCode.tooMuchPending, `${pendingBytes} bytes of out-of-order data`);
      return 'tainted';
    }
    const pendingChanged = store.pendingStructs?.update !== pendingBefore || store.pendingDs !== pendingDsBefore;
    if (!wroteContent && tr.deleteSet.clients.size === 0 && !pendingChanged && authorship.claims.length === 0) return 'unchanged';
    this.host.applied(this.name, tr, seq);
    return 'changed';
  }

  /**
   * Read-only connections never change the document. Their sync step 2 is usually empty
   * (nothing the server lacks); when it or an update carries something new, the client
   * is told once that its writes are refused.
   */
  private refuseReadOnlyWrite(connection: Connection, update: Uint8Array): void {
    if (connection.toldReadOnly || connection.readOnlyChecks >= 10) return;
    connection.readOnlyChecks++;
    let novel: boolean;
    try {
      novel = !Y.snapshotContainsUpdate(Y.snapshot(this.doc), update);
    } catch {
      novel = true;
    }
    if (!novel) return;
    connection.toldReadOnly = true;
    connection.send(encodePermissionDenied('read-only: your changes are not saved'));
    this.host.log.info('read-only-write-refused', { room: this.name, user: connection.userId, connection: connection.id });
  }

  /** The batch is durable: advance the log, send it on, answer waiting requests. */
  committed(batch: PreparedBatch): void {
    this.flushing = false;
    for (const accepted of batch.accepted) {
      this.tailBytes += accepted.update.byteLength;
      this.bytesSinceRetained += accepted.update.byteLength;
    }
    if (batch.accepted.length > 0) {
      this.lastSeq = batch.accepted[batch.accepted.length - 1]!.seq;
      this.pristine = null;
      this.fullState = null;
    }
    for (const claim of batch.append.claims) this.clientOwners.set(claim.clientId, claim.userId);
    this.broadcast(batch.accepted);
    for (const [connection, counts] of batch.settled) {
      connection.savedUpdates += counts.updates;
      connection.savedSyncSteps += counts.syncSteps;
      if (connection.grant.extensions) connection.send(encodeSaved(connection.savedUpdates, connection.savedSyncSteps));
    }
    for (const accepted of batch.accepted) accepted.done?.();
    this.answer(batch.replies);
    if (!this.toldNearlyFull && this.nearlyFull) {
      this.toldNearlyFull = true;
      this.sendToAll(this.sizeEvent());
    }
    this.maybeCheckpoint();
  }

  private get nearlyFull(): boolean {
    const { maxDocumentBytes, documentSizeWarning } = this.host.limits;
    return this.documentBytes >= maxDocumentBytes * documentSizeWarning;
  }

  private sizeEvent(): Uint8Array {
    return encodeLiveEvent({ type: 'document-size', bytes: this.documentBytes, limit: this.host.limits.maxDocumentBytes });
  }

  /**
   * The commit failed: nothing of the batch was sent to anyone. The document is rebuilt
   * from the store and the senders are closed so their clients send again.
   */
  async failed(batch: PreparedBatch, error: unknown): Promise<void> {
    const senders = new Set<Writer>(batch.accepted.map((a) => a.writer));
    for (const writer of senders) writer.refuse(CloseCode.notSaved, `commit failed: ${errorMessage(error)}`);
    for (const accepted of batch.accepted) accepted.done?.(new Error(`not saved: ${errorMessage(error)}`));
    const reloaded = await this.reload();
    this.flushing = false;
    if (reloaded) this.answer(batch.replies);
  }

  private async reload(): Promise<boolean> {
    try {
      const stored = await this.host.store.load(this.name);
      const doc = documentFromStore(stored);
      this.built?.destroy();
      this.built = doc;
      this.stored = null;
      this.pristine = null;
      this.lastSeq = stored.lastSeq;
      this.checkpointSeq = stored.checkpoint?.seq ?? 0;
      this.tailBytes = stored.tailBytes;
      this.checkpointBytes = stored.checkpoint?.state.byteLength ?? 0;
      this.fullState = null;
      this.clientOwners = stored.clientOwners;
      this.retainedBytes = stored.retained?.bytes ?? 0;
      this.bytesSinceRetained = stored.bytesSinceRetained;
      this.host.log.info('room-reloaded', { room: this.name, seq: this.lastSeq });
      return true;
    } catch (error) {
      this.host.roomBroken(this, error);
      return false;
    }
  }

  /** Sends each accepted update (a writer's run, merged) to every connection but its writer. */
  private broadcast(accepted: AcceptedUpdate[]): void {
    if (this.connections.size === 0) return;
    for (const { writer, update, frame } of accepted) {
      const message = frame ?? encodeSyncMessage(SyncStep.update, update);
      for (const connection of this.connections) if (connection !== writer) connection.send(message);
    }
  }

  private answer(replies: ReplyItem[]): void {
    for (const reply of replies) {
      const { connection } = reply;
      if (connection.closed) continue;
      if (reply.kind === 'join') {
        connection.send(encodeSyncMessage(SyncStep.step1, this.pristine?.stateVector ?? Y.encodeStateVector(this.doc)));
        const states = this.presenceSnapshot();
        if (states.length > 0) connection.send(encodeAwarenessMessage(encodeAwarenessUpdate(states)));
        if (connection.grant.extensions && this.nearlyFull) connection.send(this.sizeEvent());
        continue;
      }
      let update: Uint8Array;
      if (reply.stateVector.length === 1 && reply.stateVector[0] === 0) {
        // Someone with nothing yet gets the whole document: straight from the store if
        // unchanged, or encoded once per change however many ask.
        if (this.pristine) update = this.pristine.state;
        else {
          if (this.fullState?.seq !== this.lastSeq) this.fullState = { seq: this.lastSeq, update: Y.encodeStateAsUpdate(this.doc) };
          update = this.fullState.update;
        }
      } else {
        try {
          update = Y.encodeStateAsUpdate(this.doc, reply.stateVector);
        } catch (error) {
          connection.refuse(CloseCode.malformedMessage, `state vector does not decode: ${errorMessage(error)}`);
          continue;
        }
      }
      // Small answers (an up-to-date client, a reconnect) are free; large ones are budgeted.
      if (update.byteLength > this.host.limits.syncAnswerFreeBytes && !connection.takeSyncAnswerToken()) {
        connection.refuse(CloseCode.tooFrequent, 'asked for the whole document far too often');
        continue;
      }
      connection.send(encodeSyncMessage(SyncStep.step2, update));
    }
  }

  /** Writes a load checkpoint when the log since the last one has grown enough. */
  private maybeCheckpoint(): void {
    const { checkpointEveryUpdates, checkpointEveryBytes } = this.host.limits;
    if (this.lastSeq - this.checkpointSeq < checkpointEveryUpdates && this.tailBytes < checkpointEveryBytes) return;
    void this.checkpoint();
  }

  /**
   * Records the full state at the current log position. Kept (for rebuilding history
   * from the log) when at least its own size of log has passed since the last kept one,
   * so kept checkpoints grow with the log, not its square.
   */
  async checkpoint(): Promise<void> {
    if (this.lastSeq === this.checkpointSeq || this.flushing) return;
    const seq = this.lastSeq;
    const state = Y.encodeStateAsUpdate(this.doc);
    const stateVector = Y.encodeStateVector(this.doc);
    const retain = this.bytesSinceRetained >= Math.max(this.host.limits.retainMinBytes, this.retainedBytes);
    try {
      await this.host.store.writeCheckpoint(this.name, seq, state, stateVector, retain);
      this.checkpointSeq = seq;
      this.tailBytes = 0;
      this.checkpointBytes = state.byteLength;
      if (retain) {
        this.retainedBytes = state.byteLength;
        this.bytesSinceRetained = 0;
      }
    } catch (error) {
      // The log still holds everything; the next checkpoint will try again.
      this.host.log.warn('checkpoint-failed', { room: this.name, seq, error: errorMessage(error) });
    }
  }

  // ---- presence -------------------------------------------------------------------

  /**
   * Presence. Each connection controls exactly one presence id: the first id it sends
   * that nobody else holds. Entries for other ids are ignored: the y-websocket client
   * echoes everyone's presence back, and a forger would send them on purpose. Who the
   * person is comes from the grant, never from the client.
   */
  private receiveAwareness(connection: Connection, update: Uint8Array): void {
    if (update.byteLength > this.host.limits.maxAwarenessBytes) {
      connection.refuse(CloseCode.awarenessRefused, `presence of ${update.byteLength} bytes`);
      return;
    }
    if (!connection.takeAwarenessToken('any')) return;
    let entries: AwarenessEntry[];
    try {
      entries = decodeAwarenessUpdate(update);
    } catch (error) {
      connection.refuse(CloseCode.malformedMessage, errorMessage(error));
      return;
    }
    const own: AwarenessEntry[] = [];
    for (const entry of entries) {
      const holder = this.presence.get(entry.clientId)?.connection;
      if (holder && holder !== connection) continue;
      if (connection.awarenessClientId === null) {
        if (entry.state === null || !this.mayShowPresenceAs(connection, entry.clientId)) continue;
        connection.awarenessClientId = entry.clientId;
        this.presenceOwners.set(entry.clientId, connection.userId);
      } else if (entry.clientId !== connection.awarenessClientId) {
        continue;
      }
      own.push(entry);
    }
    if (own.length === 0 || !connection.takeAwarenessToken('own')) return;
    const changed: AwarenessEntry[] = [];
    for (const entry of own) {
      const current = this.presence.get(entry.clientId);
      const newer =
        !current || current.clock < entry.clock || (current.clock === entry.clock && entry.state === null && current.state !== null);
      if (!newer) continue;
      const state = entry.state === null ? null : stampPresence(entry.state, connection.grant.presence);
      this.presence.set(entry.clientId, { clock: entry.clock, state, connection });
      changed.push({ clientId: entry.clientId, clock: entry.clock, state });
    }
    if (changed.length === 0) return;
    // Sent to the sender too: the client's watchdog reconnects after 30 s without a message.
    const message = encodeAwarenessMessage(encodeAwarenessUpdate(changed));
    for (const other of this.connections) other.send(message);
  }

  /** A client id someone else writes or showed presence under is not yours to show. */
  private mayShowPresenceAs(connection: Connection, clientId: number): boolean {
    const owner = this.clientOwners.has(clientId) ? this.clientOwners.get(clientId) : this.presenceOwners.get(clientId);
    return owner === undefined || owner === connection.userId;
  }

  private presenceSnapshot(): AwarenessEntry[] {
    const entries: AwarenessEntry[] = [];
    for (const [clientId, entry] of this.presence) {
      if (entry.state !== null) entries.push({ clientId, clock: entry.clock, state: entry.state });
    }
    return entries;
  }

  /** A connection left: drop it and tell the others its presence is gone. */
  leave(connection: Connection): void {
    if (!this.connections.delete(connection)) return;
    const clientId = connection.awarenessClientId;
    const entry = clientId === null ? undefined : this.presence.get(clientId);
    if (clientId !== null && entry && entry.connection === connection) {
      this.presence.delete(clientId);
      if (entry.state !== null) {
        const message = encodeAwarenessMessage(encodeAwarenessUpdate([{ clientId, clock: entry.clock + 1, state: null }]));
        for (const other of this.connections) other.send(message);
      }
    }
    if (this.connections.size === 0) this.host.roomIdle(this);
  }

  /** Sends one of the server's extra messages to everyone in the room who asked for them. */
  sendToAll(message: Uint8Array): void {
    for (const connection of this.connections) if (connection.grant.extensions) connection.send(message);
  }

  /** Number of presence entries held (for leak checks and metrics). */
  get presenceCount(): number {
    return this.presence.size;
  }

  destroy(): void {
    this.built?.destroy();
    this.built = null;
    this.stored = null;
    this.presence.clear();
  }
}

function isConnection(writer: Writer): writer is Connection {
  return 'socket' in writer;
}

/** The server's word on who this is replaces the client's `user` field. */
function stampPresence(state: Record<string, unknown>, presence: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!presence) return state;
  return { ...state, user: presence };
}
