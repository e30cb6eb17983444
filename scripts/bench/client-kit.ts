/**
 * What a workload sees of a client, whichever server it talks to, and helpers the
 * client kits share.
 */
import type WebSocket from 'ws';
import type * as Y from 'yjs';

/** A client's presence (y-protocols' Awareness, whichever copy the client uses). */
export interface BenchAwareness {
  readonly clientID: number;
  getLocalState(): Record<string, unknown> | null;
  setLocalState(state: Record<string, unknown> | null): void;
  setLocalStateField(field: string, value: unknown): void;
  getStates(): Map<number, Record<string, unknown>>;
  on(event: 'update' | 'change', listener: (changes: { added: number[]; updated: number[]; removed: number[] }) => void): void;
}

export interface BenchClient {
  readonly doc: Y.Doc;
  readonly awareness: BenchAwareness;
  /** Applies an update to the document with the yjs copy this client uses. */
  apply(update: Uint8Array): void;
  isSynced(): boolean;
  /** Resolves once the first exchange with the server is done. */
  synced(timeoutMs?: number): Promise<void>;
  /** Bytes handed to the websocket and not yet written to the network. */
  bufferedAmount(): number;
  /**
   * Holds this client's writes to its TCP socket until `uncork`, so a burst of messages
   * goes out in one system call. Each update is still its own websocket message.
   */
  cork(): void;
  uncork(): void;
  disconnect(): void;
  connect(): void;
  destroy(): void;
}

export interface ClientKit {
  /** A new room; for ours a new procurement (whose document has starter content). */
  newRoom(label: string): Promise<string>;
  connect(room: string): BenchClient;
}

/** The TCP socket under a `ws` WebSocket (a private field of that library). */
export function tcpOf(socket: WebSocket | null | undefined): { cork(): void; uncork(): void } | null {
  return (socket as unknown as { _socket?: { cork(): void; uncork(): void } } | null | undefined)?._socket ?? null;
}

export function waitForEvent(done: () => boolean, subscribe: (fire: () => void) => void, timeoutMs: number): Promise<void> {
  if (done()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no sync within ${timeoutMs} ms`)), timeoutMs);
    subscribe(() => {
      if (!done()) return;
      clearTimeout(timer);
      resolve();
    });
  });
}
