/**
 * Presence in one room: who is here, their cursors and selections (y-protocols'
 * awareness), with the server's word on who each one is.
 *
 * Each connection controls exactly one presence id: the first id it sends that nobody
 * else holds, and that is not someone else's (a client id someone else writes under or
 * showed presence under). Entries for other ids are ignored: the y-websocket client echoes
 * everyone's presence back, and a forger would send them on purpose. Who the person is
 * comes from the grant, never from the client.
 */
import { CloseCode } from '../../../shared/close-codes.js';
import { errorMessage } from '../log.js';
import type { Connection } from './connection.js';
import type { CollabLimits } from './limits.js';
import { decodeAwarenessUpdate, encodeAwarenessMessage, encodeAwarenessUpdate, type AwarenessEntry } from './protocol.js';

interface PresenceEntry {
  clock: number;
  state: Record<string, unknown> | null;
  connection: Connection;
}

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
    if (own.length === 0 || !connection.takeAwarenessToken('own')) return;
    const changed: AwarenessEntry[] = [];
    for (const entry of own) {
      const current = this.entries.get(entry.clientId);
      const newer =
        !current || current.clock < entry.clock || (current.clock === entry.clock && entry.state === null && current.state !== null);
      if (!newer) continue;
      const state = entry.state === null ? null : stampPresence(entry.state, connection.grant.presence);
      this.entries.set(entry.clientId, { clock: entry.clock, state, connection });
      changed.push({ clientId: entry.clientId, clock: entry.clock, state });
    }
    if (changed.length === 0) return;
    // Sent to the sender too: the client's watchdog reconnects after 30 s without a message.
    const message = encodeAwarenessMessage(encodeAwarenessUpdate(changed));
    for (const other of room) other.send(message);
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
    for (const [clientId, entry] of this.entries) {
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
    const message = encodeAwarenessMessage(encodeAwarenessUpdate([{ clientId, clock: entry.clock + 1, state: null }]));
    for (const other of room) other.send(message);
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
