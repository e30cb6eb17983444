/**
 * y-websocket's WebsocketProvider (the project's own, 3.x) against our server (signed
 * in, with Origin and cookie on the upgrade) or against the reference server.
 */
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { tcpOf, waitForEvent, type BenchClient, type ClientKit } from './client-kit.js';
import type { ServerTarget } from './protocol.js';

/** Message types our server adds to the protocol (see shared/live-messages.ts). */
const oursEventMessage = 100;
const oursSavedMessage = 101;

/** Any class the provider can construct as `new socketClass(url)`. */
type SocketClass = new (address: string) => WebSocket;

export async function yWebsocketKit(target: ServerTarget): Promise<ClientKit> {
  if (target.kind === 'ours') return oursKit(target);
  return {
    newRoom: async (label) => `${label}-${Math.random().toString(36).slice(2, 10)}`,
    connect: (room) => websocketClient(target.wsUrl, room, WebSocket, false),
  };
}

/** Our server wants a signed-in session and the app's own Origin on every request. */
async function oursKit(target: ServerTarget): Promise<ClientKit> {
  const origin = target.url;
  const login = await fetch(`${target.url}/api/auth/login`, {
    method: 'POST',
    headers: { origin, 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'lead@hackney.demo', password: 'jointly-demo-2026' }),
  });
  const cookie = login.headers
    .getSetCookie()
    .map((line) => line.split(';')[0]!)
    .find((pair) => pair.startsWith('jointly_session='));
  if (login.status !== 200 || !cookie) throw new Error(`sign-in failed: ${login.status} ${await login.text()}`);
  const headers = { origin, cookie };
  class SignedInWebSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, { headers });
    }
  }
  return {
    newRoom: async (label) => {
      const response = await fetch(`${target.url}/api/procurements`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ title: `bench ${label}` }),
      });
      if (response.status !== 201) throw new Error(`creating a procurement failed: ${response.status} ${await response.text()}`);
      return ((await response.json()) as { id: string }).id;
    },
    connect: (room) => websocketClient(target.wsUrl, room, SignedInWebSocket, true),
  };
}

function websocketClient(wsUrl: string, room: string, socketClass: SocketClass, ours: boolean): BenchClient {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(wsUrl, room, doc, {
    // Clients in one process would otherwise sync through a BroadcastChannel, not the server.
    disableBc: true,
    WebSocketPolyfill: socketClass as unknown as typeof globalThis.WebSocket,
  });
  if (ours) {
    // The app's client handles these; without a handler the provider logs every one.
    provider.messageHandlers[oursEventMessage] = () => {};
    provider.messageHandlers[oursSavedMessage] = () => {};
  }
  const socket = () => provider.ws as unknown as WebSocket | null;
  return {
    doc,
    awareness: provider.awareness,
    apply: (update) => Y.applyUpdate(doc, update),
    isSynced: () => provider.synced,
    synced: (timeoutMs = 30_000) =>
      waitForEvent(
        () => provider.synced,
        (fire) => provider.on('sync', fire),
        timeoutMs,
      ),
    bufferedAmount: () => socket()?.bufferedAmount ?? 0,
    cork: () => tcpOf(socket())?.cork(),
    uncork: () => tcpOf(socket())?.uncork(),
    disconnect: () => provider.disconnect(),
    connect: () => provider.connect(),
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}
