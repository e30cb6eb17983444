/**
 * A server with the demo procurement, and the four demo people signed in.
 */
import type * as Y from 'yjs';
import { ApiClient, signIn } from './api.js';
import { barrier, connectClient, waitForSync } from './clients.js';
import { startTestServer, type TestServer, type TestServerOptions } from './test-server.js';

export interface DemoWorld {
  server: TestServer;
  procurementId: string;
  lead: ApiClient;
  editor: ApiClient;
  viewer: ApiClient;
  outsider: ApiClient;
  anonymous: ApiClient;
  userIds: { lead: string; editor: string; viewer: string; outsider: string };
}

export async function startDemoWorld(options: TestServerOptions = {}): Promise<DemoWorld> {
  const server = await startTestServer({ demo: true, ...options });
  const [lead, editor, viewer, outsider] = await Promise.all([
    signIn(server.url, 'lead@hackney.demo'),
    signIn(server.url, 'editor@camden.demo'),
    signIn(server.url, 'viewer@islington.demo'),
    signIn(server.url, 'outsider@croydon.demo'),
  ]);
  const procurementId: string = (await lead.get('/api/procurements')).body.procurements[0].id;
  const ids = await Promise.all([lead, editor, viewer, outsider].map(async (c) => (await c.get('/api/me')).body.user.id as string));
  return {
    server,
    procurementId,
    lead,
    editor,
    viewer,
    outsider,
    anonymous: new ApiClient(server.url),
    userIds: { lead: ids[0]!, editor: ids[1]!, viewer: ids[2]!, outsider: ids[3]! },
  };
}

/** Makes `change` in the demo procurement over `who`'s live connection, and waits until the server has it. */
export async function changeLive(world: DemoWorld, who: ApiClient, change: (doc: Y.Doc) => void): Promise<void> {
  const tab = connectClient(world.server.collabUrl, world.procurementId, { headers: who.liveHeaders() });
  try {
    await waitForSync(tab);
    change(tab.doc);
    await barrier(tab);
  } finally {
    tab.destroy();
  }
}
