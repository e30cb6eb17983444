/**
 * Decisions as formal acts over the API: a borough's position is about the proposed
 * option, agreement follows from every borough supporting it (recorded by the rule, not
 * by a person), it lapses when a borough stops supporting it or the proposal changes, only
 * borough leads mark a decision superseded, and everyone in the workspace hears of it.
 */
import * as decoding from 'lib0/decoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import type { DecisionRecord } from '../../shared/decisions.js';
import { decisionsOf } from '../../shared/doc-layout.js';
import { liveMessageType } from '../../shared/live-messages.js';
import type { ApiClient } from './support/api.js';
import { barrier, connectClient, waitFor, waitForSync, type TestClient } from './support/clients.js';
import { startDemoWorld, type DemoWorld } from './support/demo-world.js';
import { inviteToProcurement } from './support/invitations.js';
import { testEpoch } from './support/test-clock.js';

let world: DemoWorld;
let path: string;
let watcher: TestClient;
let hackney: TestClient;
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
  hackney = connectClient(world.server.collabUrl, world.procurementId, { headers: world.lead.liveHeaders() });
  await Promise.all([waitForSync(watcher), waitForSync(hackney)]);
});
afterAll(async () => {
  watcher.destroy();
  hackney.destroy();
  await world.server.remove();
});

/** The n-th decision of the demo, as Hackney's editor sees it live. */
const decisionAt = (n: number) => decisionsOf(hackney.doc).get(n);
const idOf = (decision: Y.Map<unknown>) => decision.get('id') as string;
const optionsOf = (decision: Y.Map<unknown>) => (decision.get('options') as Y.Array<Y.Map<unknown>>).toArray();

/** Hackney's editor proposes the decision's option `index`, as a browser would. */
async function propose(decision: Y.Map<unknown>, index: number): Promise<string> {
  const optionId = optionsOf(decision)[index]!.get('id') as string;
  decision.set('chosenOptionId', optionId);
  await barrier(hackney);
  return optionId;
}

const position = (who: ApiClient, decisionId: string, body: Record<string, unknown>) =>
  who.request('PUT', `${path}/decisions/${decisionId}/position`, { comment: '', ...body });
const record = async (decisionId: string): Promise<DecisionRecord> =>
  ((await world.viewer.get(`${path}/decisions`)).body.decisions as DecisionRecord[]).find((r) => r.decisionId === decisionId)!;

describe('borough positions', () => {
  it('are about an option: nothing can be supported before an option is proposed', async () => {
    const decision = decisionAt(1);
    const options = optionsOf(decision);
    const refused = await position(world.editor, idOf(decision), { position: 'support', optionId: options[0]!.get('id') });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/No option is proposed yet/);
    expect((await record(idOf(decision))).positions).toEqual([]);
  });

  it('only a lead or partner borough’s lead records one, about the option it was shown', async () => {
    const decision = decisionAt(0);
    const optionId = await propose(decision, 2);
    const id = idOf(decision);
    expect((await position(world.viewer, id, { position: 'support', optionId })).status).toBe(403);
    expect((await position(world.outsider, id, { position: 'support', optionId })).status).toBe(404);
    // Supporting an option other than the proposal: the proposal moved on meanwhile.
    const other = optionsOf(decision)[0]!.get('id') as string;
    expect((await position(world.editor, id, { position: 'support', optionId: other })).status).toBe(409);
    // An objection says why.
    const noReason = await position(world.editor, id, { position: 'object', optionId });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.fields.comment).toMatch(/Say why/);

    const recorded = await position(world.editor, id, { position: 'object', optionId, comment: 'Not until the costs are clear.' });
    expect(recorded.status).toBe(200);
    // (Hackney's position, from the demo's past, is listed too.)
    expect(recorded.body.decision.positions.filter((p: { borough: { id: string } }) => p.borough.id === 'camden')).toEqual([
      expect.objectContaining({
        borough: expect.objectContaining({ id: 'camden' }),
        position: 'object',
        optionId,
        optionTitle: 'One lead borough runs the procedure on behalf of all',
        comment: 'Not until the costs are clear.',
        recordedBy: { id: world.userIds.editor, name: 'Tom Okafor' },
        current: true,
      }),
    ]);
  });

  it('pushes the change live to everyone with the workspace open', async () => {
    const id = idOf(decisionAt(0));
    await waitFor(() => events.some((e) => JSON.stringify(e) === JSON.stringify({ type: 'decisions-changed', decisionId: id })), {
      what: 'the live event',
    });
  });

  it('refuses a decision the document does not have, and bad positions', async () => {
    expect((await position(world.editor, 'nosuchdecision', { position: 'support', optionId: 'x' })).status).toBe(404);
    expect((await position(world.editor, idOf(decisionAt(0)), { position: 'maybe' })).status).toBe(400);
  });
});

describe('agreement', () => {
  it('follows from every borough supporting the proposal, recorded by the rule and not by a person', async () => {
    const decision = decisionAt(0);
    const id = idOf(decision);
    const optionId = decision.get('chosenOptionId') as string;
    await position(world.lead, id, { position: 'support', optionId });
    expect((await record(id)).status).toBe('proposed');
    await position(world.editor, id, { position: 'support', optionId });
    const agreed = await record(id);
    expect(agreed).toMatchObject({ status: 'agreed', agreedOptionId: optionId, statusChangedBy: null });
    expect(agreed.statusNote).toBe('Agreed: every borough taking part supports “One lead borough runs the procedure on behalf of all”.');
  });

  it('lapses when a borough stops supporting it, saying which, with no person as its author', async () => {
    const id = idOf(decisionAt(0));
    const optionId = decisionAt(0).get('chosenOptionId') as string;
    await position(world.editor, id, { position: 'abstain', optionId });
    const lapsed = await record(id);
    expect(lapsed).toMatchObject({
      status: 'proposed',
      statusChangedBy: null,
      statusNote: 'Agreement lapsed: Camden no longer supports it.',
    });
    // Supporting again agrees it again: there is always a way back.
    await position(world.editor, id, { position: 'support', optionId });
    expect((await record(id)).status).toBe('agreed');
  });

  it('lapses when the proposed option is switched, and asks every borough again', async () => {
    const decision = decisionAt(0);
    const id = idOf(decision);
    const heard = events.length;
    await propose(decision, 0);
    const lapsed = await record(id);
    expect(lapsed.status).toBe('proposed');
    expect(lapsed.statusNote).toMatch(/^Agreement lapsed: the proposal changed to “Coordinated/);
    expect(lapsed.statusChangedBy).toBeNull();
    expect(lapsed.positions.every((p) => !p.current)).toBe(true);
    // Everyone with the workspace open hears of it, although nobody called the API.
    await waitFor(
      () => events.slice(heard).some((e) => JSON.stringify(e) === JSON.stringify({ type: 'decisions-changed', decisionId: id })),
      {
        what: 'the lapse to be pushed',
      },
    );
  });

  it('lapses when the proposed option is reworded', async () => {
    const decision = decisionAt(0);
    const id = idOf(decision);
    const optionId = decision.get('chosenOptionId') as string;
    await position(world.lead, id, { position: 'support', optionId });
    await position(world.editor, id, { position: 'support', optionId });
    expect((await record(id)).status).toBe('agreed');
    (optionsOf(decision)[0]!.get('cons') as Y.Text).insert(0, 'Every borough must run its own tender. ');
    await barrier(hackney);
    const lapsed = await record(id);
    expect(lapsed.status).toBe('proposed');
    expect(lapsed.statusNote).toMatch(/was changed, so every borough is asked again\.$/);
  });
});

describe('status by hand', () => {
  it('only a borough lead marks a decision superseded, saying by what, and reopens it', async () => {
    const id = idOf(decisionAt(2));
    const status = (who: ApiClient, body: Record<string, unknown>) => who.request('PUT', `${path}/decisions/${id}/status`, body);
    const plainEditor = await inviteToProcurement(world.lead, world.procurementId, 'plain.editor@hackney.demo', 'editor');
    expect((await status(plainEditor, { change: 'supersede', note: 'Replaced.' })).status).toBe(403);
    expect((await status(world.viewer, { change: 'supersede', note: 'Replaced.' })).status).toBe(403);
    // Agreement cannot be set by hand at all.
    expect((await status(world.lead, { change: 'agreed' })).status).toBe(400);
    expect((await status(world.lead, { change: 'supersede' })).status).toBe(400);
    expect((await status(world.lead, { change: 'supersede', note: 'Replaced by the board’s decision of 3 December.' })).status).toBe(200);
    expect(await record(id)).toMatchObject({ status: 'superseded', statusChangedBy: { name: 'Priya Shah' } });
    expect((await status(world.editor, { change: 'reopen' })).status).toBe(200);
    expect(await record(id)).toMatchObject({ status: 'open', statusChangedBy: { name: 'Tom Okafor' } });
  });

  it('keeps every act: each position recorded, in order', () => {
    // Those recorded here: the demo's past, before the server's clock started, has one of Camden's too.
    const rows = world.server.db.sqlite
      .prepare("SELECT position FROM decision_positions WHERE decision_id = ? AND borough_id = 'camden' AND recorded_at >= ? ORDER BY id")
      .all(idOf(decisionAt(0)), testEpoch);
    expect(rows).toEqual([
      { position: 'object' },
      { position: 'support' },
      { position: 'abstain' },
      { position: 'support' },
      { position: 'support' },
    ]);
  });
});
