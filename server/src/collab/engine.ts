/**
 * The live engine: rooms by name, their loading, the end-of-turn flush that commits
 * every room's updates in one transaction before sending them on, revocation, and a
 * graceful stop. It knows documents, connections and users — nothing of boroughs or
 * procurements; access is decided before a connection reaches it.
 */
import { randomUUID } from 'node:crypto';
import { CloseCode } from '../../../shared/close-codes.js';
import { errorMessage, type Logger } from '../log.js';
import { Connection, type ConnectionHost, type Grant, type ServerChange, type ServerWriter } from './connection.js';
import { systemClock, type Clock } from '../clock.js';
import type { CollabLimits } from './limits.js';
import { CollabMetrics } from './metrics.js';
import type * as Y from 'yjs';
import { RepeatOffenders } from './repeat-offenders.js';
import type { SuggestOnlyCheck } from './apply-batch.js';
import type { UpdateDeletions } from './authorship.js';
import { Room, type AppliedListener, type CommittedUpdate, type KnownPositions, type PreparedBatch, type RoomHost } from './room.js';
import type { CollabSocket } from './socket.js';
import type { DocumentBus, PresenceRelay } from './bus.js';
import type { Queries } from '../db/queries.js';
import type { AlongsideWrites, DocumentStore } from './store.js';
import type { PresenceOwners } from './presence.js';
import { encodeAwarenessUpdate, type AwarenessEntry } from './protocol.js';

export type { CommittedUpdate };

/**
 * Told after each of this server's commits, for domains that follow the log (history,
 * activity): each update with its log position and the one its applied listeners were told.
 */
export type CommitListener = (document: string, updates: readonly CommittedUpdate[]) => void;

export interface CollabEngineOptions {
  store: DocumentStore;
  limits: CollabLimits;
  log: Logger;
  /** Stamps each update with when it arrived (defaults to the system's clock). */
  clock?: Clock;
  /**
   * For connections granted 'suggest-only': whether a transaction of theirs changed
   * nothing beyond their own suggestions; one that did is refused. Without it, such
   * connections are read-only.
   */
  suggestOnlyCheck?: SuggestOnlyCheck;
  /**
   * Several servers sharing one log: each commit is announced on the bus, and what other
   * servers commit is fetched from the store into the rooms open here.
   */
  bus?: DocumentBus;
  /**
   * With a log shared by several servers: how often every open room is checked against
   * the store, for commits whose message was lost (ms). Unset: never (one server).
   */
  catchUpEveryMs?: number;
}

/** What the access layer sees of a live connection, to decide revocations. */
export interface ConnectionView {
  readonly room: string;
  readonly grant: Grant;
  readonly openedAt: number;
}

export class CollabEngine implements RoomHost, ConnectionHost {
  readonly store: DocumentStore;
  readonly limits: CollabLimits;
  readonly log: Logger;
  readonly clock: Clock;
  readonly suggestOnlyCheck: SuggestOnlyCheck | null;
  readonly metrics = new CollabMetrics();
  private readonly rooms = new Map<string, Room>();
  private readonly loading = new Map<string, Promise<Room>>();
  private readonly connections = new Set<Connection>();
  private readonly dirty = new Set<Room>();
  private readonly idleTimers = new Map<Room, NodeJS.Timeout>();
  private readonly commitListeners = new Set<CommitListener>();
  private readonly appliedListeners = new Set<AppliedListener>();
  private readonly caughtUpListeners = new Set<(room: string, seq: number) => void>();
  private readonly loadedListeners = new Set<(room: string, doc: Y.Doc) => void>();
  private readonly repeatOffenders: RepeatOffenders;
  private flushScheduled = false;
  private flushing: Promise<void> | null = null;
  private stopping = false;
  private readonly bus: DocumentBus | null;
  /** Tells this server's presence relays from the others' on the bus. */
  private readonly serverId = randomUUID();
  private catchUpTimer: NodeJS.Timeout | null = null;
  private checkingRooms = false;

  constructor(options: CollabEngineOptions) {
    this.store = options.store;
    this.limits = options.limits;
    this.log = options.log;
    this.clock = options.clock ?? systemClock;
    this.suggestOnlyCheck = options.suggestOnlyCheck ?? null;
    this.repeatOffenders = new RepeatOffenders(this.limits, this.clock);
    this.bus = options.bus ?? null;
    this.bus?.onCommitted((document, seq, commit) => this.rooms.get(document)?.heardOf(seq, commit));
    this.bus?.onPresence((relay) => this.presenceRelayed(relay));
    if (options.catchUpEveryMs) {
      this.catchUpTimer = setInterval(() => void this.checkRooms(), options.catchUpEveryMs);
      this.catchUpTimer.unref();
    }
  }

  /** Presence from another server: shown in the room if it is open here, or answered if asked for. */
  private presenceRelayed(relay: PresenceRelay): void {
    if (relay.from === this.serverId) return;
    const room = this.rooms.get(relay.document);
    if (!room) return;
    if (!relay.query) {
      room.presenceRelayed(relay.update, new Map(relay.owners));
      return;
    }
    const { entries, owners } = room.ownPresence();
    if (entries.length > 0) this.relayPresence(relay.document, entries, owners);
  }

  relayPresence(room: string, entries: AwarenessEntry[], owners: PresenceOwners): void {
    this.bus?.publishPresence({ document: room, from: this.serverId, update: encodeAwarenessUpdate(entries), owners, query: false });
  }

  /** Asks the store how far each open room's document is committed (for messages the bus lost). */
  private async checkRooms(): Promise<void> {
    if (this.checkingRooms || this.stopping) return;
    this.checkingRooms = true;
    try {
      for (const room of [...this.rooms.values()]) {
        try {
          room.heardOf(await this.store.latestSeq(room.name));
        } catch (error) {
          this.log.warn('catch-up-check-failed', { room: room.name, error: errorMessage(error) });
          return;
        }
      }
    } finally {
      this.checkingRooms = false;
    }
  }

  /** A socket that passed the authorize hook joins `roomName` with `grant`. */
  connect(socket: CollabSocket, roomName: string, grant: Grant): Connection {
    const connection = new Connection(this, socket, roomName, grant);
    if (this.stopping) {
      connection.close(CloseCode.goingAway);
      return connection;
    }
    const turnedAway = this.turnAway(grant.userId);
    if (turnedAway) {
      connection.close(turnedAway);
      return connection;
    }
    this.connections.add(connection);
    this.metrics.connectionsOpened++;
    this.openRoom(roomName).then(
      (room) => {
        if (connection.closed) return;
        this.cancelIdle(room);
        room.join(connection);
      },
      () => connection.close(CloseCode.loadFailed),
    );
    return connection;
  }

  /** A frame from a connection's socket. */
  receive(connection: Connection, frame: Uint8Array): void {
    if (connection.closed) return;
    this.metrics.framesReceived++;
    if (connection.waiting) {
      if (!connection.hold(frame)) {
        connection.refuse(CloseCode.tooMuchPending, 'too much sent before the document opened');
      }
      return;
    }
    this.rooms.get(connection.roomName)?.receive(connection, frame);
  }

  /**
   * Writes `update` into a room as `userId`, for the reason `change` says (which travels
   * as the transaction's origin to applied listeners); resolves once committed.
   */
  async submit(
    roomName: string,
    update: Uint8Array,
    userId: string | null,
    change: ServerChange,
    alongside?: (tx: Queries, seq: number) => Promise<void>,
  ): Promise<void> {
    const room = await this.openRoom(roomName);
    const writer: ServerWriter = {
      kind: 'server',
      userId,
      change,
      alongside,
      refused: false,
      refuse: (code, detail) => {
        writer.refused = true;
        this.log.warn('server-write-refused', { room: roomName, user: userId, code, detail });
      },
    };
    try {
      await room.submit(writer, update);
      if (writer.refused) throw new Error('the change was refused');
    } finally {
      if (room.connections.size === 0) this.roomIdle(room);
    }
  }

  /** The room's document, loading it if needed (for reads by the server itself). */
  async openRoom(roomName: string): Promise<Room> {
    const open = this.rooms.get(roomName);
    if (open) return open;
    const pending = this.loading.get(roomName);
    if (pending) return pending;
    const load = this.loadRoom(roomName);
    this.loading.set(roomName, load);
    try {
      return await load;
    } finally {
      this.loading.delete(roomName);
    }
  }

  private async loadRoom(roomName: string): Promise<Room> {
    const started = performance.now();
    try {
      const stored = await this.store.load(roomName);
      const room = new Room(this, roomName, stored);
      this.rooms.set(roomName, room);
      // Whoever is in this document on other servers shows up here without waiting for their renewal.
      this.bus?.publishPresence({ document: roomName, from: this.serverId, update: new Uint8Array(), owners: [], query: true });
      this.metrics.roomLoads++;
      for (const listener of this.loadedListeners) {
        try {
          listener(roomName, room.doc);
        } catch (error) {
          this.log.error('loaded-listener-failed', { room: roomName, error: errorMessage(error) });
        }
      }
      this.log.debug('room-loaded', {
        room: roomName,
        seq: stored.lastSeq,
        tail: stored.tail.length,
        ms: Math.round(performance.now() - started),
      });
      return room;
    } catch (error) {
      this.metrics.roomLoadFailures++;
      this.log.error('room-load-failed', { room: roomName, error: errorMessage(error) });
      throw error;
    }
  }

  /** Closes every connection the predicate picks; returns how many. */
  closeConnections(pick: (connection: ConnectionView) => boolean, code: number): number {
    let closed = 0;
    for (const connection of [...this.connections]) {
      if (connection.closed || !pick(connectionView(connection))) continue;
      connection.close(code);
      closed++;
    }
    return closed;
  }

  /** The live connections, as the access layer may inspect them. */
  liveConnections(): ConnectionView[] {
    return [...this.connections].map(connectionView);
  }

  onCommit(listener: CommitListener): () => void {
    this.commitListeners.add(listener);
    return () => this.commitListeners.delete(listener);
  }

  /**
   * Listens to each open room taking in what other servers committed (several servers
   * only): its document changed without a commit of this server's.
   */
  onCaughtUp(listener: (room: string, seq: number) => void): () => void {
    this.caughtUpListeners.add(listener);
    return () => this.caughtUpListeners.delete(listener);
  }

  caughtUp(room: string, seq: number): void {
    for (const listener of this.caughtUpListeners) {
      try {
        listener(room, seq);
      } catch (error) {
        this.log.error('caught-up-listener-failed', { room, error: errorMessage(error) });
      }
    }
  }

  /** Listens to each room's document as it is loaded into memory (it must not change it there). */
  onLoaded(listener: (room: string, doc: Y.Doc) => void): () => void {
    this.loadedListeners.add(listener);
    return () => this.loadedListeners.delete(listener);
  }

  /** Listens to each writer's transaction as it is applied, before its commit. */
  onApplied(listener: AppliedListener): () => void {
    this.appliedListeners.add(listener);
    return () => this.appliedListeners.delete(listener);
  }

  applied(room: string, transaction: Y.Transaction, seq: number, known: KnownPositions, writerDeletions: UpdateDeletions | null): void {
    for (const listener of this.appliedListeners) {
      try {
        listener(room, transaction, seq, known, writerDeletions);
      } catch (error) {
        this.log.error('applied-listener-failed', { room, error: errorMessage(error) });
      }
    }
  }

  /**
   * Reads a room's document, opening it if needed (it leaves memory again after the
   * grace period when nobody joins). `read` must not change the document.
   */
  async readDocument<T>(roomName: string, read: (doc: Y.Doc) => T): Promise<T> {
    const room = await this.openRoom(roomName);
    try {
      return read(room.doc);
    } finally {
      if (room.connections.size === 0) this.roomIdle(room);
    }
  }

  /** The live document of a room that is open, for reading; null when nobody has it open. */
  documentOf(roomName: string): Y.Doc | null {
    return this.rooms.get(roomName)?.doc ?? null;
  }

  /**
   * The live document of a room that is open, with the log position it holds everything
   * up to (with several servers, the log may already be further on); null when closed.
   */
  openDocument(roomName: string): { doc: Y.Doc; seq: number } | null {
    const room = this.rooms.get(roomName);
    return room ? { doc: room.doc, seq: room.seq } : null;
  }

  /** Sends a message to every connection in a room (nothing when the room is not open). */
  sendToRoom(roomName: string, message: Uint8Array): void {
    this.rooms.get(roomName)?.sendToAll(message);
  }

  /** Counts for health and metrics. */
  get stats() {
    let presence = 0;
    for (const room of this.rooms.values()) presence += room.presenceCount;
    return {
      rooms: this.rooms.size,
      connections: this.connections.size,
      presence,
      idleTimers: this.idleTimers.size,
    };
  }

  // ---- flush: apply, commit once, then send ----------------------------------------

  scheduleFlush(room: Room): void {
    this.dirty.add(room);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      void this.flush();
    });
  }

  /**
   * Runs flushes one after another until no room has anything waiting. (The run is
   * forgotten in a callback, after it was remembered: a run that found nothing to do
   * ends at once, and must not stay remembered as running, or no flush would run again.)
   */
  private flush(): Promise<void> {
    this.flushing ??= this.flushUntilClean().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async flushUntilClean(): Promise<void> {
    while (this.dirty.size > 0) await this.flushOnce();
  }

  private async flushOnce(): Promise<void> {
    const rooms = [...this.dirty];
    this.dirty.clear();
    const batches: PreparedBatch[] = [];
    for (const room of rooms) {
      const batch = await room.prepare();
      if (batch) batches.push(batch);
    }
    const writing = batches.filter((b) => b.append.updates.length > 0);
    /** How far the store moved each batch's updates on (past what other servers committed first). */
    const shifts = new Map<PreparedBatch, number>();
    let failure: unknown = null;
    if (writing.length > 0) {
      const started = performance.now();
      try {
        const placed = await this.store.append(
          writing.map((b) => b.append),
          alongsideOf(writing),
        );
        placed.forEach(({ firstSeq }, i) => shifts.set(writing[i]!, firstSeq - writing[i]!.append.updates[0]!.seq));
        const updates = writing.reduce((n, b) => n + b.append.updates.length, 0);
        this.metrics.recordCommit(performance.now() - started, updates);
      } catch (error) {
        failure = error;
        this.metrics.recordCommitFailure();
        this.log.error('commit-failed', {
          rooms: writing.map((b) => b.append.document).join(','),
          updates: writing.reduce((n, b) => n + b.append.updates.length, 0),
          error: errorMessage(error),
        });
      }
    }
    for (const batch of batches) {
      if (failure) {
        await batch.room.failed(batch, failure);
        continue;
      }
      const shift = shifts.get(batch) ?? 0;
      const committed = batch.room.committed(batch, shift);
      if (batch.accepted.length > 0) this.metrics.inServer.record(performance.now() - batch.waitingSince);
      if (committed.length > 0) {
        this.tellCommit(batch.append.document, committed);
        // The other servers take these from the message rather than from the store.
        this.bus?.publish(batch.append.document, committed.at(-1)!.seq, {
          updates: committed.map(({ seq, update, authorId, receivedAt }) => ({ seq, update, authorId, receivedAt })),
          claims: batch.append.claims.map((claim) => ({ ...claim, firstSeq: claim.firstSeq + shift })),
        });
      }
      if (batch.room.connections.size === 0) this.roomIdle(batch.room);
    }
  }

  private tellCommit(document: string, updates: readonly CommittedUpdate[]): void {
    for (const listener of this.commitListeners) {
      try {
        listener(document, updates);
      } catch (error) {
        this.log.error('commit-listener-failed', { room: document, error: errorMessage(error) });
      }
    }
  }

  // ---- room and connection lifecycle ----------------------------------------------

  connectionClosed(connection: Connection, code: number): void {
    if (!this.connections.delete(connection)) return;
    this.metrics.connectionsClosed++;
    this.rooms.get(connection.roomName)?.leave(connection);
    this.log.debug('connection-closed', { room: connection.roomName, connection: connection.id, code });
  }

  countRefusal(code: number): void {
    this.metrics.countRefusal(code);
  }

  /** A connection was closed for what it sent (see repeat-offenders.ts). */
  refused(connection: Connection, code: number): void {
    this.metrics.countRefusal(code);
    if (this.repeatOffenders.refused(connection.userId, code)) {
      this.log.warn('person-turned-away', {
        user: connection.userId,
        room: connection.roomName,
        seconds: this.limits.refusalBlockMs / 1000,
      });
    }
  }

  /** Why a new connection of this person is refused at once, if it is. */
  private turnAway(userId: string | null): number | null {
    if (this.repeatOffenders.paused(userId)) return CloseCode.refusedForAWhile;
    if (userId !== null) {
      let open = 0;
      for (const connection of this.connections) if (connection.userId === userId) open++;
      if (open >= this.limits.maxConnectionsPerUser) return CloseCode.tooManyConnections;
    }
    return null;
  }

  roomIdle(room: Room): void {
    if (this.idleTimers.has(room) || this.rooms.get(room.name) !== room) return;
    const timer = setTimeout(() => {
      this.idleTimers.delete(room);
      void this.unloadIfIdle(room);
    }, this.limits.roomGraceMs);
    timer.unref();
    this.idleTimers.set(room, timer);
  }

  private cancelIdle(room: Room): void {
    const timer = this.idleTimers.get(room);
    if (timer) clearTimeout(timer);
    this.idleTimers.delete(room);
  }

  private async unloadIfIdle(room: Room): Promise<void> {
    if (room.connections.size > 0 || this.rooms.get(room.name) !== room) return;
    if (room.busy) {
      this.roomIdle(room);
      return;
    }
    await room.checkpoint();
    // Someone may have joined while the checkpoint was written.
    if (room.connections.size > 0 || room.busy) return;
    this.rooms.delete(room.name);
    room.destroy();
    this.log.debug('room-unloaded', { room: room.name });
  }

  roomBroken(room: Room, error: unknown): void {
    this.log.error('room-broken', { room: room.name, error: errorMessage(error) });
    if (this.rooms.get(room.name) === room) this.rooms.delete(room.name);
    this.cancelIdle(room);
    for (const connection of [...room.connections]) connection.close(CloseCode.loadFailed);
    room.destroy();
  }

  /**
   * Graceful stop: refuse new connections, commit what is waiting, checkpoint every
   * room, close every connection with 1001 ("going away").
   */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.catchUpTimer) clearInterval(this.catchUpTimer);
    await Promise.allSettled([...this.loading.values()]);
    await this.flush();
    for (const timer of this.idleTimers.values()) clearTimeout(timer);
    this.idleTimers.clear();
    for (const room of this.rooms.values()) await room.checkpoint();
    const rooms = [...this.rooms.values()];
    this.rooms.clear();
    for (const connection of [...this.connections]) connection.close(CloseCode.goingAway);
    for (const room of rooms) room.destroy();
  }
}

function connectionView(connection: Connection): ConnectionView {
  return { room: connection.roomName, grant: connection.grant, openedAt: connection.openedAt };
}

/**
 * The server's own writes that belong with the changes of these batches, each given its
 * change's log position (where the store placed it); undefined when there are none, so
 * that a plain append keeps the store's fastest path.
 */
function alongsideOf(batches: readonly PreparedBatch[]): AlongsideWrites | undefined {
  const any = batches.some((batch) => batch.accepted.some(({ writer }) => writer.kind === 'server' && writer.alongside));
  if (!any) return undefined;
  return async (tx, placed) => {
    for (const [i, batch] of batches.entries()) {
      const shift = placed[i]!.firstSeq - batch.append.updates[0]!.seq;
      for (const { writer, seq } of batch.accepted) {
        if (writer.kind === 'server' && writer.alongside) await writer.alongside(tx, seq + shift);
      }
    }
  };
}
