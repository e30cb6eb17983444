/**
 * Real y-websocket clients for tests (Node's `ws` as the WebSocket), and polling with a
 * deadline instead of fixed sleeps.
 */
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { encodeSyncMessage, MessageType, SyncStep } from '../../src/collab/protocol.js';
import type { RawSocket } from './raw-socket.js';

export interface TestClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Close events the provider saw, newest last. */
  closes: { code: number; reason: string }[];
  destroy(): void;
}

export interface ClientOptions {
  doc?: Y.Doc;
  headers?: Record<string, string>;
  connect?: boolean;
  /** Query parameters on the websocket address. */
  params?: Record<string, string>;
}

/** A WebSocket class that sends extra headers (cookies, Origin) with its upgrade. */
export function webSocketWithHeaders(headers: Record<string, string>): typeof WebSocket {
  return class extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, { headers });
    }
  } as typeof WebSocket;
}

export function connectClient(collabUrl: string, room: string, options: ClientOptions = {}): TestClient {
  const doc = options.doc ?? new Y.Doc();
  const provider = new WebsocketProvider(collabUrl, room, doc, {
    // Without this, two clients in one process sync through a BroadcastChannel and
    // the test proves nothing about the server.
    disableBc: true,
    WebSocketPolyfill: webSocketWithHeaders(options.headers ?? {}) as unknown as typeof globalThis.WebSocket,
    maxBackoffTime: 300,
    connect: options.connect ?? true,
    params: options.params ?? {},
  });
  const closes: { code: number; reason: string }[] = [];
  provider.on('connection-close', (event) => {
    if (event) closes.push({ code: event.code, reason: event.reason });
  });
  return {
    doc,
    provider,
    closes,
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** The clients a test file opens, so that each test's are closed after it. */
export interface ClientPool {
  /** Connects a client and keeps it, to be closed after the test. */
  connect(collabUrl: string, room: string, options?: ClientOptions): TestClient;
  /** Keeps a client made elsewhere, to be closed after the test. */
  adopt<T extends TestClient>(client: T): T;
  /** Closes every client kept so far (call it in `afterEach`). */
  closeAll(): void;
}

export function clientPool(): ClientPool {
  const open: TestClient[] = [];
  return {
    connect: (collabUrl, room, options) => {
      const client = connectClient(collabUrl, room, options);
      open.push(client);
      return client;
    },
    adopt: (client) => {
      open.push(client);
      return client;
    },
    closeAll: () => {
      for (const client of open.splice(0)) client.destroy();
    },
  };
}

export function roomName(prefix = 'room'): string {
  return `${prefix}-${randomUUID()}`;
}

/** Polls until `check` returns true (or a value that is not false/undefined). */
export async function waitFor<T>(
  check: () => T | false | undefined | null,
  { timeout = 10_000, interval = 10, what = 'condition' }: { timeout?: number; interval?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    let result: T | false | undefined | null;
    try {
      result = check();
    } catch {
      result = false;
    }
    if (result !== false && result !== undefined && result !== null) return result;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

export function waitForSync(client: TestClient, timeout = 10_000): Promise<true> {
  return waitFor(() => client.provider.synced, { timeout, what: 'the client to sync' });
}

/** The test documents' content, with map keys sorted so that equal content compares equal. */
export function contentOf(doc: Y.Doc): string {
  const map = doc.getMap('map').toJSON();
  return JSON.stringify({
    text: doc.getText('text').toString(),
    map: Object.fromEntries(
      Object.keys(map)
        .sort()
        .map((key) => [key, map[key]]),
    ),
    xml: doc.getXmlFragment('xml').toString(),
  });
}

const isSyncStep2 = (bytes: Uint8Array) => bytes[0] === MessageType.sync && bytes[1] === SyncStep.step2;

/**
 * Resolves once the server has handled everything this client sent before. A room
 * handles each connection's messages in order and answers a sync step 1 only after
 * what came before it, so the answer is a barrier: a test proves that something did
 * not happen by waiting for it, never for a fixed time.
 */
export function barrier(client: TestClient, timeout = 10_000): Promise<void> {
  const socket = client.provider.ws;
  if (!socket) return Promise.reject(new Error('the client is not connected'));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer to the barrier within ${timeout} ms`)), timeout);
    const onMessage = (event: MessageEvent) => {
      if (!isSyncStep2(new Uint8Array(event.data as ArrayBuffer))) return;
      socket.removeEventListener('message', onMessage);
      clearTimeout(timer);
      resolve();
    };
    socket.addEventListener('message', onMessage);
    socket.send(encodeSyncMessage(SyncStep.step1, Y.encodeStateVector(client.doc)) as Uint8Array<ArrayBuffer>);
  });
}

/**
 * The barrier, on a client the server may be about to close for what it sent: the close
 * (code and reason) if the server closed it first, or null once everything sent before
 * was answered.
 */
export function barrierOrClose(client: TestClient, timeout = 10_000): Promise<{ code: number; reason: string } | null> {
  const socket = client.provider.ws;
  if (!socket) return Promise.reject(new Error('the client is not connected'));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer or close within ${timeout} ms`)), timeout);
    const settle = (close: { code: number; reason: string } | null) => {
      socket.removeEventListener('message', onMessage);
      socket.removeEventListener('close', onClose);
      clearTimeout(timer);
      resolve(close);
    };
    const onMessage = (event: MessageEvent) => {
      if (isSyncStep2(new Uint8Array(event.data as ArrayBuffer))) settle(null);
    };
    const onClose = (event: CloseEvent) => settle({ code: event.code, reason: event.reason });
    socket.addEventListener('message', onMessage);
    socket.addEventListener('close', onClose);
    socket.send(encodeSyncMessage(SyncStep.step1, Y.encodeStateVector(client.doc)) as Uint8Array<ArrayBuffer>);
  });
}

/** The same barrier on a hand-driven socket. */
export async function rawBarrier(raw: RawSocket, timeout = 10_000): Promise<void> {
  const answered = raw.messages.filter(isSyncStep2).length;
  raw.send(encodeSyncMessage(SyncStep.step1, new Uint8Array([0])));
  await waitFor(() => raw.messages.filter(isSyncStep2).length > answered, { timeout, what: 'the answer to the barrier' });
}

/**
 * The barrier on a hand-driven socket that the server may be about to close: resolves
 * with the close if the server closed it for what came before, or null once it has
 * answered everything sent before (and so kept it open).
 */
export async function rawBarrierOrClose(raw: RawSocket, timeout = 10_000): Promise<{ code: number; reason: string } | null> {
  let closed: { code: number; reason: string } | null = null;
  void raw.closed.then((close) => (closed = close));
  const answered = raw.messages.filter(isSyncStep2).length;
  try {
    raw.send(encodeSyncMessage(SyncStep.step1, new Uint8Array([0])));
  } catch {
    // Already closing: the close tells.
  }
  await waitFor(() => closed !== null || raw.messages.filter(isSyncStep2).length > answered, { timeout, what: 'the answer or the close' });
  return closed;
}
