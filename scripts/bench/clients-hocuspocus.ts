/**
 * HocuspocusProvider (3.x, from the peers folder) against the Hocuspocus server. Its
 * types are not visible from the project, so the boundary is loosely typed.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type WebSocket from 'ws';
import type * as Y from 'yjs';
import { tcpOf, waitForEvent, type BenchAwareness, type ClientKit } from './client-kit.js';
import { peersDir } from './paths.js';
import type { ServerTarget } from './protocol.js';

/** The part of HocuspocusProvider the benchmark uses. */
interface HocuspocusProvider {
  configuration: { websocketProvider: { webSocket: unknown } };
  isSynced: boolean;
  /** Null when the provider was made without presence; this benchmark's always have it. */
  awareness: BenchAwareness | null;
  on(event: 'synced', listener: () => void): void;
  connect(): unknown;
  disconnect(): void;
  destroy(): void;
}

interface HocuspocusModule {
  Y: typeof Y;
  HocuspocusProvider: new (configuration: Record<string, unknown>) => HocuspocusProvider;
  WebSocket: typeof WebSocket;
}

export async function hocuspocusKit(target: ServerTarget): Promise<ClientKit> {
  const peer = (await import(pathToFileURL(join(peersDir, 'hocuspocus-client.mjs')).href)) as HocuspocusModule;
  return {
    newRoom: async (label) => `${label}-${Math.random().toString(36).slice(2, 10)}`,
    connect: (room) => {
      // The provider's own yjs instance: a document from another copy would not be accepted.
      const doc = new peer.Y.Doc();
      const provider = new peer.HocuspocusProvider({
        url: target.wsUrl,
        name: room,
        document: doc,
        WebSocketPolyfill: peer.WebSocket,
      });
      const socket = () => provider.configuration.websocketProvider.webSocket as WebSocket | null;
      return {
        doc,
        awareness: provider.awareness!,
        apply: (update) => peer.Y.applyUpdate(doc, update),
        isSynced: () => provider.isSynced === true,
        synced: (timeoutMs = 30_000) =>
          waitForEvent(
            () => provider.isSynced === true,
            (fire) => provider.on('synced', fire),
            timeoutMs,
          ),
        bufferedAmount: () => socket()?.bufferedAmount ?? 0,
        cork: () => tcpOf(socket())?.cork(),
        uncork: () => tcpOf(socket())?.uncork(),
        disconnect: () => provider.disconnect(),
        connect: () => void provider.connect(),
        destroy: () => {
          provider.destroy();
          doc.destroy();
        },
      };
    },
  };
}
