/**
 * Real protocol clients for each server: y-websocket's WebsocketProvider for ours and
 * the reference server, HocuspocusProvider for Hocuspocus. A workload sees only
 * `BenchClient`, so the same workload code drives all three.
 *
 * Each kind is loaded only when used: a Hocuspocus driver must not also load the root
 * copy of yjs (two copies in one process break Yjs's constructor checks).
 */
import type { ClientKit } from './client-kit.js';
import type { ServerTarget } from './protocol.js';

export type { BenchClient, ClientKit } from './client-kit.js';

export async function clientKit(target: ServerTarget): Promise<ClientKit> {
  if (target.kind === 'hocuspocus') return (await import('./clients-hocuspocus.js')).hocuspocusKit(target);
  return (await import('./clients-y-websocket.js')).yWebsocketKit(target);
}
