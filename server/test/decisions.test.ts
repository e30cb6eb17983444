/**
 * Decisions as formal acts over the API: who may record a borough's position, the
 * agreement rule, its lapse, and the live push to everyone in the workspace.
 */
import * as decoding from 'lib0/decoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decisionsOf } from '../../shared/doc-layout.js';
import { liveMessageType } from '../../shared/live-messages.js';
import { connectClient, waitFor, waitForSync, type TestClient } from './support/clients.js';
import { startDemoWorld, type DemoWorld } from './support/demo-world.js';

let world: DemoWorld;
let path: string;
let decisionId: string;
let watcher: TestClient;
const events: unknown[] = [];

beforeAll(async () => {
  world = await startDemoWorld();
  path = `/api/procurements/${world.procurementId}`;
  watcher = connectClient(world.server.collabUrl, world.procurementId, {
    headers: world.viewer.liveHeaders(),
    params: { client: 'jointly' },
  });
  (watcher.provider.messageHandlers as unknown as ((e: unknown, d: decoding.Decoder) => void)[])[liveMessageType.event] = (_e, decoder) => {
    events.push(JSON.parse(decoding.readVarString(decoder)));
  };
  await waitForSync(watcher);
  decisionId = decisionsOf(watcher.doc).get(0).get('id') as string;
});
afterAll(async () => {
  watcher.destroy();
  await world.server.remove();
});

const position = (who: typeof world.lead, value: string, comment = '') =>
  who.request('PUT', `${path}/decisions/${decisionId}/position`, { position: value, comment });
const status = (who: typeof world.lead, value: string) => who.request('PUT', `${path}/decisions/${decisionId}/status`, { status: value });

describe('borough positions', () => {
  it('only a lead or partner borough’s lead records its position', async () => {
    expect((await position(world.viewer, 'support')).status).toBe(403);
    expect((await position(world.outsider, 'support')).status).toBe(404);
    const recorded = await position(world.editor, 'object', 'Not until the costs are clear.');
    expect(recorded.status).toBe(200);
    expect(recorded.body.decision.positions).toEqual([
      expect.objectContaining({
        borough: expect.objectContaining({ id: 'camden' }),
        position: 'object',
        comment: 'Not until the costs are clear.',
        recordedBy: { id: world.userIds.editor, name: 'Tom Okafor' },
      }),
    ]);
  });

  it('pushes the change live to everyone with the workspace open', async () => {
    await waitFor(() => events.some((e) => JSON.stringify(e) === JSON.stringify({ type: 'decisions-changed', decisionId })), {
      what: 'the live event',
    });
  });

  it('refuses a decision the document does not have, and bad positions', async () => {
    expect((await world.editor.request('PUT', `${path}/decisions/nosuchdecision/position`, { position: 'support' })).status).toBe(404);
    expect((await position(world.editor, 'maybe')).status).toBe(400);
  });
});

describe('agreement', () => {
  it('can be marked agreed only while every lead and partner borough supports it, and lapses otherwise', async () => {
    const refused = await status(world.lead, 'agreed');
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('Hackney');
    expect(refused.body.error.message).toContain('Camden');
    expect((await status(world.viewer, 'proposed')).status).toBe(403);

    await position(world.lead, 'support');
    await position(world.editor, 'support');
    expect((await status(world.lead, 'agreed')).status).toBe(200);

    // Camden changes its mind: the agreement lapses, on the record.
    await position(world.editor, 'abstain');
    const records = (await world.viewer.get(`${path}/decisions`)).body.decisions;
    const record = records.find((r: { decisionId: string }) => r.decisionId === decisionId);
    expect(record.status).toBe('proposed');
    expect(record.statusNote).toContain('Camden no longer supports it');
    // Every act is kept: three positions by Camden, in order.
    const rows = world.server.db.sqlite
      .prepare("SELECT position FROM decision_positions WHERE decision_id = ? AND borough_id = 'camden' ORDER BY id")
      .all(decisionId);
    expect(rows).toEqual([{ position: 'object' }, { position: 'support' }, { position: 'abstain' }]);
  });
});
