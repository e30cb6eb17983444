/**
 * One procurement's live document in the browser: the Y.Doc, its websocket to the
 * server, its copy on this device, and an honest connection state.
 *
 * "Saved" means the server has committed every change made here. The server tells each
 * connection how many of its update messages (and sync step 2 messages) it has
 * committed; this side counts what it sent, so it knows when nothing is outstanding.
 * Changes made while offline are kept in IndexedDB and sent in the sync step 2 that
 * opens the next connection.
 */
import * as decoding from 'lib0/decoding';
import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { closeCodeName, closeReason, CloseCode, isFinalClose } from '../../../shared/close-codes.js';
import { liveMessageType, type LiveEvent } from '../../../shared/live-messages.js';
import { frameBatchedWebSocket, type BatchRunner } from './frame-batched-socket.js';
import { localCopyName } from './local-copies.js';
import { writeLocalCopyWhenIdle } from './local-copy-when-idle.js';

export type ConnectionState =
  | { kind: 'connecting' }
  | { kind: 'saving' }
  | { kind: 'saved' }
  | { kind: 'read-only' }
  | { kind: 'offline'; unsaved: boolean; reason: string | null }
  | { kind: 'closed'; code: number; message: string };

export interface LiveUser {
  id: string;
  name: string;
  borough: string;
  color: string;
}

export interface LiveDocumentOptions {
  procurementId: string;
  user: LiveUser;
  readOnly: boolean;
  /** Something kept in SQL changed (positions, members…): fetch it again. */
  onEvent?: (event: LiveEvent) => void;
  /** The server closed the connection for a reason the page must act on. */
  onClosed?: (code: number) => void;
}

type MessageHandler = (encoder: unknown, decoder: decoding.Decoder, provider: WebsocketProvider, emitSynced: boolean, type: number) => void;

/** How long saving must take before the page says "Saving…". */
const showSavingAfterMs = 700;

export class LiveDocument {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  readonly local: IndexeddbPersistence;
  private readonly stopLocalCopy: () => void;
  private readonly listeners = new Set<() => void>();
  private state: ConnectionState = { kind: 'connecting' };
  private shown: ConnectionState = this.state;
  private showSavingTimer: ReturnType<typeof setTimeout> | null = null;
  private readOnly: boolean;
  private sentUpdates = 0;
  private savedUpdates = 0;
  private syncStepSaved = false;
  private changedOffline = false;
  private lastCloseReason: string | null = null;

  constructor(private readonly options: LiveDocumentOptions) {
    this.readOnly = options.readOnly;
    this.local = new IndexeddbPersistence(localCopyName(options.user.id, options.procurementId), this.doc);
    this.stopLocalCopy = writeLocalCopyWhenIdle(this.local, this.doc);
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/collab`;
    // `client=jointly`: this client understands the server's extra messages (saved, events).
    // What arrives within a frame is applied as one change, with the provider as its
    // origin as y-websocket's own handling gives it (so it is never sent back).
    const inOneChange: BatchRunner = (handleAll) => this.doc.transact(handleAll, this.provider);
    this.provider = new WebsocketProvider(url, options.procurementId, this.doc, {
      maxBackoffTime: 5000,
      params: { client: 'jointly' },
      WebSocketPolyfill: frameBatchedWebSocket(inOneChange, () => !this.provider.synced),
    });
    const handlers = this.provider.messageHandlers as unknown as MessageHandler[];
    handlers[liveMessageType.saved] = (_encoder, decoder) => {
      this.savedUpdates = decoding.readVarUint(decoder);
      if (decoding.readVarUint(decoder) > 0) this.syncStepSaved = true;
      this.update();
    };
    handlers[liveMessageType.event] = (_encoder, decoder) => {
      try {
        options.onEvent?.(JSON.parse(decoding.readVarString(decoder)) as LiveEvent);
      } catch {
        // An event this version does not understand: nothing to do.
      }
    };
    this.provider.awareness.setLocalStateField('user', {
      name: options.user.name,
      borough: options.user.borough,
      color: options.user.color,
    });
    this.provider.on('status', ({ status }) => {
      if (status === 'connected') {
        this.sentUpdates = 0;
        this.savedUpdates = 0;
        this.syncStepSaved = false;
        this.lastCloseReason = null;
      }
      this.update();
    });
    this.provider.on('sync', () => this.update());
    this.provider.on('connection-close', (event) => {
      if (!event) return;
      const name = closeCodeName(event.code);
      this.lastCloseReason = name ? closeReason[name] : null;
      if (isFinalClose(event.code)) {
        this.state = { kind: 'closed', code: event.code, message: name ? closeReason[name] : 'The connection was closed.' };
        this.show();
      }
      if (isFinalClose(event.code) || event.code === CloseCode.rightsChanged) options.onClosed?.(event.code);
    });
    this.doc.on('update', this.onUpdate);
    window.addEventListener('beforeunload', this.onBeforeUnload);
  }

  private readonly onUpdate = (_update: Uint8Array, origin: unknown) => {
    if (origin === this.provider || origin === this.local) return;
    // The provider sent this change just now if it is connected; otherwise it waits.
    if (this.provider.wsconnected) this.sentUpdates++;
    else this.changedOffline = true;
    this.update();
  };

  private readonly onBeforeUnload = (event: BeforeUnloadEvent) => {
    if (this.state.kind === 'saving' || (this.state.kind === 'offline' && this.state.unsaved)) {
      event.preventDefault();
    }
  };

  /** Rights changed: the next connection is read-only, or read-write. */
  setReadOnly(readOnly: boolean): void {
    this.readOnly = readOnly;
    this.update();
  }

  /** The state as the page shows it (see `show`). */
  getState = (): ConnectionState => this.shown;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private update(): void {
    if (this.state.kind === 'closed') return;
    const { wsconnected, synced } = this.provider;
    let next: ConnectionState;
    if (!wsconnected) {
      next =
        this.state.kind === 'connecting' && !this.changedOffline && !this.lastCloseReason
          ? { kind: 'connecting' }
          : { kind: 'offline', unsaved: this.changedOffline || this.sentUpdates > this.savedUpdates, reason: this.lastCloseReason };
    } else if (this.readOnly) {
      next = synced ? { kind: 'read-only' } : { kind: 'connecting' };
    } else if (!synced || !this.syncStepSaved || this.sentUpdates > this.savedUpdates) {
      next = { kind: 'saving' };
    } else {
      this.changedOffline = false;
      next = { kind: 'saved' };
    }
    this.state = next;
    this.show();
  }

  /**
   * What the page shows follows the state, except that a change is shown as "Saving…"
   * only when saving takes a while. Each keystroke is saved within milliseconds: showing it
   * would flicker, make screen readers announce the status on every key, and re-render the
   * page (React walks the whole focused editor on each render).
   */
  private show(): void {
    const next = this.state;
    if (next.kind === 'saving' && this.shown.kind === 'saved') {
      // Counted from the first unsaved change: typing on does not put it off.
      this.showSavingTimer ??= setTimeout(() => {
        this.showSavingTimer = null;
        this.shown = this.state;
        this.emit();
      }, showSavingAfterMs);
      return;
    }
    if (this.showSavingTimer) clearTimeout(this.showSavingTimer);
    this.showSavingTimer = null;
    if (JSON.stringify(next) === JSON.stringify(this.shown)) return;
    this.shown = next;
    this.emit();
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }

  destroy(): void {
    if (this.showSavingTimer) clearTimeout(this.showSavingTimer);
    window.removeEventListener('beforeunload', this.onBeforeUnload);
    this.doc.off('update', this.onUpdate);
    this.provider.destroy();
    this.stopLocalCopy();
    void this.local.destroy();
    this.doc.destroy();
    this.listeners.clear();
  }
}
