/**
 * A room: one live document, the connections in it and their presence.
 *
 * Updates are not applied when they arrive. They wait in the room's inbox until the
 * engine's flush at the end of the event-loop turn, which (1) applies and checks them,
 * (2) commits all of them in one transaction, and only then (3) sends them on. Sync
 * step 1 requests and joins wait in the same inbox, so every answer reflects committed
 * state only: nobody ever receives a change that is not on disk.
 *
 * The document is kept causally complete and honest (apply-batch.ts): an update that
 * carries or waits on someone else's data is refused before it touches the document; one
 * that Yjs cannot apply, or that leaves too much out-of-order data, is refused after it
 * may have touched it, and then the document is reloaded from the store (the truth) and
 * the rest of the batch is applied again. Presence is presence.ts; where the document
 * stands in the log, and when to checkpoint it, is room-log.ts.
 *
 * With several servers, the store puts a batch after whatever other servers committed
 * meanwhile, so a room may hold its own positions ahead of others' it has not read yet.
 * It reads those in its next flush (catchUp), and its record of the last position it
 * holds only moves over positions it has applied.
 */
import * as Y from 'yjs';
import { CloseCode } from '../../../shared/close-codes.js';
import type { Clock } from '../clock.js';
import { errorMessage, type Logger } from '../log.js';
import {
  applyBatch,
  type AcceptedUpdate,
  type AppliedBatch,
  type InboxItem,
  type ReplyItem,
  type SuggestOnlyCheck,
} from './apply-batch.js';
import type { UpdateDeletions } from './authorship.js';
import type { Connection, Writer } from './connection.js';
import type { CollabLimits } from './limits.js';
import { RoomPresence, type PresenceOwners } from './presence.js';
import {
  decodeMessage,
  encodeAwarenessMessage,
  encodeAwarenessUpdate,
  encodeLiveEvent,
  encodeSaved,
  encodeSyncMessage,
  ProtocolError,
  SyncStep,
  type AwarenessEntry,
} from './protocol.js';
import type { CommitRelay } from './bus.js';
import type { CollabMetrics } from './metrics.js';
import { caughtUpFromLog, LogFollower, type LogGap } from './log-follower.js';
import { LogPosition } from './room-log.js';
import type { DocumentStore, LoggedUpdate, StoredDocument } from './store.js';

/** A batch applied to a room's document and waiting for its commit. */
export interface PreparedBatch extends AppliedBatch {
  room: Room;
  /** When the oldest of its items arrived (`performance.now()`), for the in-server time. */
  waitingSince: number;
}

/** An update this server committed: where the log put it, and the position its applied listeners were told. */
export interface CommittedUpdate extends LoggedUpdate {
  appliedAs: number;
}

/**
 * Told of every transaction applied from a writer, before it is committed, with the log
 * position it is known by until then: `onCommit` reports it with that `appliedAs` (its
 * `seq` is later when other servers committed to the document first). A batch that is
 * applied again after a refusal tells again; only what `onCommit` later reports was kept.
 */
export type AppliedListener = (
  room: string,
  transaction: Y.Transaction,
  seq: number,
  known: KnownPositions,
  /**
   * Every deletion the writer's update carried. Those the document already held show
   * what the writer still saw: someone else's deletion that had not reached them. Null
   * for a sync step, which carries every deletion the writer's copy holds.
   */
  writerDeletions: UpdateDeletions | null,
) => void;

/**
 * The log positions a room's document held when a writer's transaction was applied to
 * it: what the writer could have seen. With several servers, another server may commit a
 * position before this one that this document did not hold yet (a concurrent change).
 */
export interface KnownPositions {
  has(seq: number): boolean;
}

export interface RoomHost {
  readonly limits: CollabLimits;
  readonly metrics: CollabMetrics;
  readonly log: Logger;
  readonly store: DocumentStore;
  readonly clock: Clock;
  readonly suggestOnlyCheck: SuggestOnlyCheck | null;
  /** Asks for a flush at the end of this turn. */
  scheduleFlush(room: Room): void;
  /** The room became empty (or could not recover) and may leave memory. */
  roomIdle(room: Room): void;
  /** The room could not reload its document: it must be dropped. */
  roomBroken(room: Room, error: unknown): void;
  /** A writer's transaction was applied (and awaits its commit). */
  applied(room: string, transaction: Y.Transaction, seq: number, known: KnownPositions, writerDeletions: UpdateDeletions | null): void;
  /** The room applied what other servers committed, and now holds everything up to `seq`. */
  caughtUp(room: string, seq: number): void;
  /** Presence accepted here, for the other servers (several servers only). */
  relayPresence(room: string, entries: AwarenessEntry[], owners: PresenceOwners): void;
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
  private readonly presence: RoomPresence;
  private inbox: InboxItem[] = [];
  /** When the first of the waiting items arrived (`performance.now()`). */
  private waitingSince = 0;
  private readonly log: LogPosition;
  /** Owner of each Yjs client id that has written to the document. */
  private clientOwners: Map<number, string | null>;
  /** The people here were told the document is nearing its size limit. */
  private toldNearlyFull = false;
  /** The whole document encoded, for newcomers with nothing, while it is unchanged. */
  private fullState: { seq: number; update: Uint8Array } | null = null;
  /** Set while a flush of this room is between apply and commit, or catching up. */
  private flushing = false;
  /** Set while the document or its log is being read from the store, which then replaces or extends it. */
  private readingStore = false;
  /** Where other servers have taken the log (with several servers). */
  private readonly follower: LogFollower;
  /**
   * This room's own commits that the log placed after positions other servers took and
   * this room has not read yet: applied and sent on, but beyond `log.lastSeq` until the
   * gap before them is read (empty with one server).
   */
  private readonly heldAhead = new Set<number>();

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
    this.log = new LogPosition(stored);
    this.clientOwners = stored.clientOwners;
    this.follower = new LogFollower(host.store, name);
    this.presence = new RoomPresence(
      host.limits,
      (clientId) => this.clientOwners.get(clientId),
      (entries, owners) => host.relayPresence(name, entries, owners),
      () => host.clock.now(),
    );
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
    return this.log.lastSeq;
  }

  /** The last position whose update this room's document holds, gap or not: where its next batch is expected to go. */
  private get heldTo(): number {
    let held = this.log.lastSeq;
    for (const seq of this.heldAhead) if (seq > held) held = seq;
    return held;
  }

  /** The positions the document holds now: all up to the log's, and this server's own commits beyond it. */
  private knownPositions(): KnownPositions {
    const upTo = this.log.lastSeq;
    const ahead = new Set(this.heldAhead);
    return { has: (seq) => seq <= upTo || ahead.has(seq) };
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
        this.presence.receive(connection, message.update, this.connections);
        return;
      case 'query-awareness':
        connection.send(encodeAwarenessMessage(encodeAwarenessUpdate(this.presence.snapshot())));
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
    if (this.inbox.length === 0) this.waitingSince = performance.now();
    this.inbox.push(item);
    this.host.scheduleFlush(this);
  }

  /**
   * Applies the waiting updates and checks each one. Returns the batch to commit, or
   * null when there was nothing to do. Never throws.
   */
  async prepare(): Promise<PreparedBatch | null> {
    if (this.follower.behind(this.log.lastSeq)) {
      this.flushing = true;
      await this.catchUp();
      this.flushing = false;
      if (this.log.checkpointDue(this.host.limits)) void this.checkpoint();
    }
    if (this.inbox.length === 0) return null;
    const items = this.inbox;
    const waitingSince = this.waitingSince;
    this.inbox = [];
    this.flushing = true;
    for (;;) {
      const known = this.knownPositions();
      const outcome = applyBatch(
        {
          name: this.name,
          doc: this.doc,
          limits: this.host.limits,
          log: this.host.log,
          lastSeq: this.heldTo,
          documentBytes: this.log.documentBytes,
          contentOwnerOf: (clientId) => this.clientOwners.get(clientId),
          presenceOwnerOf: (clientId) => this.presence.ownerOf(clientId),
          suggestOnlyCheck: this.host.suggestOnlyCheck,
          applied: (transaction, seq, writerDeletions) => this.host.applied(this.name, transaction, seq, known, writerDeletions),
          now: () => this.host.clock.now(),
        },
        items,
      );
      if (outcome) return { ...outcome, room: this, waitingSince };
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

  /**
   * The batch is durable, its updates moved `shift` positions on from where the room
   * expected them (by the positions other servers took first): advance the log, send it
   * on, answer waiting requests. Returns the updates as committed.
   */
  committed(batch: PreparedBatch, shift: number): CommittedUpdate[] {
    this.flushing = false;
    const updates = batch.append.updates.map((u) => ({ ...u, seq: u.seq + shift, appliedAs: u.seq }));
    if (updates.length > 0) {
      const bytes = updates.reduce((sum, u) => sum + u.update.byteLength, 0);
      if (this.heldAhead.size === 0 && updates[0]!.seq === this.log.lastSeq + 1) this.log.committed(updates.at(-1)!.seq, bytes);
      else {
        // Other servers committed the positions before these: they are held ahead until
        // the next flush reads those. The batch is sent on now all the same: it is
        // committed, and a client that gets an earlier position after it merges it in
        // (updates commute, and Yjs holds back any part that arrives before what it needs).
        for (const u of updates) this.heldAhead.add(u.seq);
        this.follower.heard(updates.at(-1)!.seq, this.log.lastSeq);
        this.host.scheduleFlush(this);
      }
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
    if (this.log.checkpointDue(this.host.limits)) void this.checkpoint();
    return updates;
  }

  private get nearlyFull(): boolean {
    const { maxDocumentBytes, documentSizeWarning } = this.host.limits;
    return this.log.documentBytes >= maxDocumentBytes * documentSizeWarning;
  }

  private sizeEvent(): Uint8Array {
    return encodeLiveEvent({ type: 'document-size', bytes: this.log.documentBytes, limit: this.host.limits.maxDocumentBytes });
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

  /**
   * The document was committed up to `seq` somewhere (another server, said the bus or the
   * periodic check), with what that commit wrote when the message carried it: the next
   * flush takes what this room lacks.
   */
  heardOf(seq: number, commit?: CommitRelay): void {
    const news = this.follower.heard(seq, this.log.lastSeq, commit);
    // What the messages brought, when it fills the gap, goes to everyone here at once:
    // it is committed, so it need not wait for this server's own commits in flight.
    if (commit && !this.readingStore) {
      const { gap, complete } = this.follower.relayedAfter(this.log.lastSeq);
      if (complete) return this.takeIn(gap);
    }
    // Still behind after a failed read: the periodic check tries again.
    if (news || this.follower.behind(this.log.lastSeq)) this.host.scheduleFlush(this);
  }

  /**
   * Applies what other servers committed after this room's last position and sends it to
   * everyone here: all of it from their commit messages or read from the store, so it is
   * committed. A failure leaves the room where it was, to try again at the next message or
   * check. Never throws.
   */
  private async catchUp(): Promise<void> {
    const from = this.log.lastSeq;
    this.readingStore = true;
    try {
      this.takeIn(await this.follower.readAfter(from));
    } catch (error) {
      this.host.log.warn('catch-up-failed', { room: this.name, from, error: errorMessage(error) });
    } finally {
      this.readingStore = false;
    }
  }

  /** Applies and sends on the log after this room's last position. */
  private takeIn({ updates, claims, fromMessagesUpTo }: LogGap): void {
    if (updates.length === 0) return;
    const from = this.log.lastSeq;
    // This room's own commits among them are in the document and were sent already.
    const others = updates.filter((u) => !this.heldAhead.has(u.seq));
    const fromMessages = others.filter((u) => u.seq <= fromMessagesUpTo).length;
    this.host.metrics.fromOtherServers.fromMessages += fromMessages;
    this.host.metrics.fromOtherServers.fromStore += others.length - fromMessages;
    const doc = this.doc;
    for (const { update } of others) Y.applyUpdate(doc, update, caughtUpFromLog);
    for (const claim of claims) this.clientOwners.set(claim.clientId, claim.userId);
    const to = updates.at(-1)!.seq;
    this.log.committed(
      to,
      updates.reduce((bytes, u) => bytes + u.update.byteLength, 0),
    );
    for (const seq of this.heldAhead) if (seq <= to) this.heldAhead.delete(seq);
    this.pristine = null;
    this.fullState = null;
    this.broadcastCommitted(others);
    this.host.log.debug('room-caught-up', { room: this.name, from, to });
    this.host.caughtUp(this.name, to);
  }

  private broadcastCommitted(updates: readonly LoggedUpdate[]): void {
    for (const { update } of updates) {
      const message = encodeSyncMessage(SyncStep.update, update);
      for (const connection of this.connections) connection.send(message);
    }
  }

  private async reload(): Promise<boolean> {
    this.readingStore = true;
    try {
      const stored = await this.host.store.load(this.name);
      const doc = documentFromStore(stored);
      this.built?.destroy();
      this.built = doc;
      this.stored = null;
      this.pristine = null;
      this.fullState = null;
      this.log.reset(stored);
      this.heldAhead.clear();
      this.clientOwners = stored.clientOwners;
      this.host.log.info('room-reloaded', { room: this.name, seq: this.log.lastSeq });
      return true;
    } catch (error) {
      this.host.roomBroken(this, error);
      return false;
    } finally {
      this.readingStore = false;
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
        const states = this.presence.snapshot();
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
          if (this.fullState?.seq !== this.log.lastSeq) this.fullState = { seq: this.log.lastSeq, update: Y.encodeStateAsUpdate(this.doc) };
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

  /**
   * Records the full state at the current log position, kept for history when the log
   * since the last kept one is long enough (see LogPosition.retainNext).
   */
  async checkpoint(): Promise<void> {
    const seq = this.log.lastSeq;
    // Own commits held ahead of a gap are in the document but not up to `seq`: the
    // checkpoint waits until the gap is read, so that it holds exactly the log up to `seq`.
    if (seq === this.log.checkpointSeq || this.flushing || this.heldAhead.size > 0) return;
    const state = Y.encodeStateAsUpdate(this.doc);
    const stateVector = Y.encodeStateVector(this.doc);
    const retain = this.log.retainNext(this.host.limits);
    try {
      await this.host.store.writeCheckpoint(this.name, seq, state, stateVector, retain);
      this.log.checkpointWritten(seq, state.byteLength, retain);
    } catch (error) {
      // The log still holds everything; the next checkpoint will try again.
      this.host.log.warn('checkpoint-failed', { room: this.name, seq, error: errorMessage(error) });
    }
  }

  /** A connection left: drop it and tell the others its presence is gone. */
  leave(connection: Connection): void {
    if (!this.connections.delete(connection)) return;
    this.presence.left(connection, this.connections);
    if (this.connections.size === 0) this.host.roomIdle(this);
  }

  /** Sends one of the server's extra messages to everyone in the room who asked for them. */
  sendToAll(message: Uint8Array): void {
    for (const connection of this.connections) if (connection.grant.extensions) connection.send(message);
  }

  /** Presence that another server accepted from its connections: shown to everyone here. */
  presenceRelayed(update: Uint8Array, owners: ReadonlyMap<number, string | null>): void {
    this.presence.receiveRelayed(update, owners, this.connections);
  }

  /** The presence of this server's own connections here, for another server that asks. */
  ownPresence(): { entries: AwarenessEntry[]; owners: PresenceOwners } {
    return this.presence.ownSnapshot();
  }

  /** Number of presence entries held (for leak checks and metrics). */
  get presenceCount(): number {
    return this.presence.count;
  }

  destroy(): void {
    this.built?.destroy();
    this.built = null;
    this.stored = null;
    this.presence.clear();
  }
}
