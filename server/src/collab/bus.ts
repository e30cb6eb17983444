/**
 * The bus between servers that share one document log: after each commit a server says
 * which document reached which log position, with the committed updates themselves
 * when they are small, and the others take those from the message or fetch what they
 * lack from the log. A message is sent only after the commit, so it carries nothing
 * uncommitted; it only hurries a server along, so a lost message delays an update and
 * never loses it (the engine also checks open rooms against the store now and then).
 */
import type { ClientClaim, LoggedUpdate } from './store.js';

/** The updates of one commit to a document, as the log holds them, and the client ids they claimed. */
export interface CommitRelay {
  updates: LoggedUpdate[];
  claims: ClientClaim[];
}

/**
 * Called when another server (or this one) committed a document up to `seq`; `commit`
 * is what that commit wrote, when the message carried it.
 */
export type CommittedListener = (document: string, seq: number, commit?: CommitRelay) => void;

/**
 * Presence (who is here, their cursors) that one server passes to the others for a
 * document: the entries it accepted from its own connections, already checked and
 * stamped with who each person is, and the user behind each client id. Presence is
 * never stored: a lost message is mended by the client's renewal within 15 s.
 */
export interface PresenceRelay {
  document: string;
  /** The sending server (each server ignores its own relays). */
  from: string;
  /** A y-protocols awareness update; empty when this is only a question. */
  update: Uint8Array;
  /** The user behind each client id in `update` (null: a test's anonymous writer). */
  owners: [clientId: number, userId: string | null][];
  /** Asks the other servers for everyone present in the document (a room opened here). */
  query: boolean;
}

export type PresenceListener = (relay: PresenceRelay) => void;

/**
 * Anything else one server tells the others at once (what changed in SQL, whose access
 * ended), as JSON. The bus only carries it; what the kinds mean belongs to the app
 * (live-relay.ts). Like presence it is never stored: each kind also has a slower way
 * round (the periodic checks of sessions and access), so a lost message only delays.
 */
export interface BusEvent {
  kind: string;
  /** The sending server (each server ignores its own events). */
  from: string;
  body: Record<string, unknown>;
}

export type BusEventListener = (event: BusEvent) => void;

export interface DocumentBus {
  /**
   * Says that `document` is committed up to `seq`, with what the commit wrote (sent only
   * when small). Never throws; a failed send is only logged.
   */
  publish(document: string, seq: number, commit?: CommitRelay): void;
  /** Whether messages can be sent and received now. */
  readonly connected: boolean;
  /** Listens to every server's commits (this server's own included). */
  onCommitted(listener: CommittedListener): void;
  /** Passes presence on to the other servers. Never throws. */
  publishPresence(relay: PresenceRelay): void;
  /** Listens to every server's presence relays (this server's own included). */
  onPresence(listener: PresenceListener): void;
  /** Tells the other servers something. Never throws. */
  publishEvent(event: BusEvent): void;
  /** Listens to every server's events (this server's own included). */
  onEvent(listener: BusEventListener): void;
  close(): Promise<void>;
}
