/**
 * Presence in one room: who is here, their cursors and selections (y-protocols'
 * awareness), with the server's word on who each one is.
 *
 * Each connection controls exactly one presence id: the first id it sends that nobody
 * else holds, and that is not someone else's (a client id someone else writes under or
 * showed presence under). Entries for other ids are ignored: the y-websocket client echoes
 * everyone's presence back, and a forger would send them on purpose. Who the person is
 * comes from the grant, never from the client.
 *
 * With several servers, each passes what it accepted to the others (`relay`) with the
 * user behind each client id, and shows what they relay to its own connections. A
 * relayed entry never displaces one shown here, nor takes a client id that belongs to
 * someone else; it goes when its server says so, or 30 s after it was last renewed (the
 * client renews every 15 s), so a server that dies takes its people's presence with it.
 */
import { CloseCode } from '../../../shared/close-codes.js';
import { errorMessage } from '../log.js';
import type { Connection } from './connection.js';
import type { CollabLimits } from './limits.js';
import { decodeAwarenessUpdate, encodeAwarenessMessage, encodeAwarenessUpdate, type AwarenessEntry } from './protocol.js';

interface PresenceEntry {
  clock: number;
  state: Record<string, unknown> | null;
  /** The connection here that shows it; null for presence relayed by another server. */
  connection: Connection | null;
  /** When a relayed entry last arrived (ms). */
  relayedAt: number;
  /** The state as last passed on to everyone (JSON), and when (ms): for a connection's own entries. */
  passedOn?: { json: string; at: number };
}

/** The user behind each client id of some presence entries. */
export type PresenceOwners = [clientId: number, userId: string | null][];

/** Relayed presence not renewed for this long is gone (y-protocols' own timeout). */
const relayedPresenceLifetimeMs = 30_000;

/**
 * A presence sent again unchanged is passed on only this long after it last was. Editors
 * send their unchanged cursor again on every change from others (so with five people
 * typing, each of twenty people present sends dozens a second, and each would reach
 * everyone); what matters of them is the renewal, which y-protocols needs at least every
 * 30 s and clients send after 15 s of quiet (checked every 3 s): 5 + 18 s leaves room.
 */
const unchangedPassedOnEveryMs = 5_000;

export class RoomPresence {
  private readonly entries = new Map<number, PresenceEntry>();
  /**
   * Who showed presence under each client id while the room has been open. A client id
   * is its person's from the moment others can see it: nobody else may then write or
   * show presence under it, even in the moment its person reconnects.
   */
  private readonly owners = new Map<number, string | null>();

  constructor(
    private readonly limits: CollabLimits,
    /** The user whose content is under a client id, if anyone's is. */
    private readonly contentOwnerOf: (clientId: number) => string | null | undefined,
    /** Passes accepted changes on to the other servers (none when there is one server). */
    private readonly relay: ((entries: AwarenessEntry[], owners: PresenceOwners) => void) | null = null,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The user who showed presence under `clientId` since the room opened, if anyone. */
  ownerOf(clientId: number): string | null | undefined {
    return this.owners.get(clientId);
  }

  /** Takes one presence message of `connection` and tells everyone in `room` what changed. */
  receive(connection: Connection, update: Uint8Array, room: Iterable<Connection>): void {
    if (update.byteLength > this.limits.maxAwarenessBytes) {
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
      // A relayed entry holds nothing here: its person may have moved to this server.
      const holder = this.entries.get(entry.clientId)?.connection;
      if (holder && holder !== connection) continue;
      if (connection.awarenessClientId === null) {
        if (entry.state === null || !this.mayShowAs(connection, entry.clientId)) continue;
        connection.awarenessClientId = entry.clientId;
        this.owners.set(entry.clientId, connection.userId);
      } else if (entry.clientId !== connection.awarenessClientId) {
        continue;
      }
      own.push(entry);
    }
    const now = this.now();
    const changed: AwarenessEntry[] = [];
    const updated: [number, PresenceEntry][] = [];
    for (const entry of own) {
      const current = this.entries.get(entry.clientId);
      const newer =
        !current || current.clock < entry.clock || (current.clock === entry.clock && entry.state === null && current.state !== null);
      if (!newer) continue;
      const state = entry.state === null ? null : stampPresence(entry.state, connection.grant.presence);
      const json = JSON.stringify(state);
      const passedOn = current?.connection === connection ? current.passedOn : undefined;
      const repeat = passedOn !== undefined && passedOn.json === json && now - passedOn.at < unchangedPassedOnEveryMs;
      // A repeat is kept (a newcomer gets its newest clock) but not sent: it is news to nobody.
      updated.push([
        entry.clientId,
        { clock: entry.clock, state, connection, relayedAt: 0, passedOn: repeat ? passedOn : { json, at: now } },
      ]);
      if (!repeat) changed.push({ clientId: entry.clientId, clock: entry.clock, state });
    }
    // Only what is passed on counts against the sender's allowance: its repeats must not
    // use up what its real moves need.
    if (changed.length > 0 && !connection.takeAwarenessToken('own')) return;
    for (const [clientId, next] of updated) this.entries.set(clientId, next);
    if (changed.length === 0) return;
    // Sent to the sender too: the client's watchdog reconnects after 30 s without a message.
    const message = encodeAwarenessMessage(encodeAwarenessUpdate(changed));
    for (const other of room) other.send(message);
    this.relay?.(
      changed,
      changed.map((entry) => [entry.clientId, connection.userId]),
    );
  }

  /**
   * Presence another server accepted from its connections: shown to everyone here unless
   * it would displace someone's presence here or take a client id that is someone else's.
   */
  receiveRelayed(update: Uint8Array, owners: ReadonlyMap<number, string | null>, room: Iterable<Connection>): void {
    let entries: AwarenessEntry[];
    try {
      entries = decodeAwarenessUpdate(update);
    } catch {
      return; // servers send only what they decoded themselves
    }
    const changed: AwarenessEntry[] = [];
    for (const entry of entries) {
      const owner = owners.get(entry.clientId);
      if (owner === undefined) continue;
      const current = this.entries.get(entry.clientId);
      if (current?.connection) continue;
      const contentOwner = this.contentOwnerOf(entry.clientId);
      const known = contentOwner !== undefined ? contentOwner : this.owners.get(entry.clientId);
      if (known !== undefined && known !== owner) continue;
      const newer =
        !current || current.clock < entry.clock || (current.clock === entry.clock && entry.state === null && current.state !== null);
      if (!newer) continue;
      this.entries.set(entry.clientId, { clock: entry.clock, state: entry.state, connection: null, relayedAt: this.now() });
      this.owners.set(entry.clientId, owner);
      changed.push(entry);
    }
    if (changed.length === 0) return;
    const message = encodeAwarenessMessage(encodeAwarenessUpdate(changed));
    for (const connection of room) connection.send(message);
  }

  /** The presence of this server's own connections, for another server that asks. */
  ownSnapshot(): { entries: AwarenessEntry[]; owners: PresenceOwners } {
    const entries: AwarenessEntry[] = [];
    const owners: PresenceOwners = [];
    for (const [clientId, entry] of this.entries) {
      if (!entry.connection || entry.state === null) continue;
      entries.push({ clientId, clock: entry.clock, state: entry.state });
      owners.push([clientId, entry.connection.userId]);
    }
    return { entries, owners };
  }

  /** A client id someone else writes or showed presence under is not yours to show. */
  private mayShowAs(connection: Connection, clientId: number): boolean {
    const contentOwner = this.contentOwnerOf(clientId);
    const owner = contentOwner !== undefined ? contentOwner : this.owners.get(clientId);
    return owner === undefined || owner === connection.userId;
  }

  /** Everyone's current presence, for a newcomer or a query. */
  snapshot(): AwarenessEntry[] {
    const entries: AwarenessEntry[] = [];
    const oldest = this.now() - relayedPresenceLifetimeMs;
    for (const [clientId, entry] of this.entries) {
      if (!entry.connection && entry.relayedAt < oldest) {
        this.entries.delete(clientId);
        continue;
      }
      if (entry.state !== null) entries.push({ clientId, clock: entry.clock, state: entry.state });
    }
    return entries;
  }

  /** A connection left: its presence goes, and everyone still in `room` is told. */
  left(connection: Connection, room: Iterable<Connection>): void {
    const clientId = connection.awarenessClientId;
    const entry = clientId === null ? undefined : this.entries.get(clientId);
    if (clientId === null || !entry || entry.connection !== connection) return;
    this.entries.delete(clientId);
    if (entry.state === null) return;
    const gone: AwarenessEntry = { clientId, clock: entry.clock + 1, state: null };
    const message = encodeAwarenessMessage(encodeAwarenessUpdate([gone]));
    for (const other of room) other.send(message);
    this.relay?.([gone], [[clientId, connection.userId]]);
  }

  /** Number of presence entries held (for leak checks and metrics). */
  get count(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}

/** The server's word on who this is replaces the client's `user` field. */
function stampPresence(state: Record<string, unknown>, presence: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!presence) return state;
  return { ...state, user: presence };
}
