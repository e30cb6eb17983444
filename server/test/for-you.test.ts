/**
 * "For you": a mention tells the person (or every member of a mentioned borough), a
 * reply tells everyone in the thread, nobody hears of their own comment or twice of one,
 * reading clears the count, and what is in a procurement someone has left is not shown.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import type { CommentThread, ForYou } from '../../shared/comments.js';
import { decisionsOf } from '../../shared/doc-layout.js';
import { connectClient, waitForSync } from './support/clients.js';
import { startDemoWorld, type DemoWorld } from './support/demo-world.js';
import { inviteToProcurement, type NewPerson } from './support/invitations.js';

let world: DemoWorld;
let path: string;
let target: { kind: 'decision-option'; decisionId: string; optionId: string };
let camdenColleague: NewPerson;

beforeAll(async () => {
  world = await startDemoWorld();
  path = `/api/procurements/${world.procurementId}`;
  const reader = connectClient(world.server.collabUrl, world.procurementId, { headers: world.lead.liveHeaders() });
  await waitForSync(reader);
  const decision = decisionsOf(reader.doc).get(0);
  target = {
    kind: 'decision-option',
    decisionId: decision.get('id') as string,
    optionId: (decision.get('options') as Y.Array<Y.Map<unknown>>).get(0).get('id') as string,
  };
  reader.destroy();
  camdenColleague = await inviteToProcurement(world.editor, world.procurementId, 'colleague@camden.demo', 'viewer');
});
afterAll(async () => world.server.remove());

const forYouOf = async (who: { get: <T>(p: string) => Promise<{ body: T }> }) => (await who.get<ForYou>('/api/for-you')).body;

describe('for you', () => {
  it('a borough mentioned tells each of its members; the author hears nothing', async () => {
    const started = await world.lead.post<CommentThread>(`${path}/comments/threads`, {
      target,
      body: '@Camden is this right?',
      mentions: [{ kind: 'borough', id: 'camden' }],
    });
    for (const camden of [world.editor, camdenColleague]) {
      const list = await forYouOf(camden);
      expect(list.unread).toBe(1);
      expect(list.items[0]).toMatchObject({
        kind: 'mention',
        procurement: { id: world.procurementId },
        thread: { id: started.body.id, on: 'decision-option' },
        actor: { name: 'Priya Shah', borough: { name: 'Hackney' } },
        excerpt: '@Camden is this right?',
        read: false,
      });
    }
    expect((await forYouOf(world.lead)).unread).toBe(0);
    expect((await forYouOf(world.viewer)).unread).toBe(0);
  });

  it('a reply tells those in the thread, once each, and an edit tells only the newly mentioned', async () => {
    const thread = (await world.lead.get<{ threads: CommentThread[] }>(`${path}/comments`)).body.threads[0]!;
    await world.editor.post(`${path}/comments/threads/${thread.id}/comments`, { body: 'Yes, it is.' });
    const priya = await forYouOf(world.lead);
    expect(priya.items.map((i) => [i.kind, i.excerpt])).toEqual([['reply', 'Yes, it is.']]);
    // Mentioned and in the thread: told once, as a mention.
    const reply = await world.lead.post<CommentThread>(`${path}/comments/threads/${thread.id}/comments`, {
      body: '@Tom Okafor thanks',
      mentions: [{ kind: 'person', id: world.userIds.editor }],
    });
    expect((await forYouOf(world.editor)).items.filter((i) => i.excerpt === '@Tom Okafor thanks').map((i) => i.kind)).toEqual(['mention']);
    const mine = reply.body.comments.at(-1)!;
    await world.lead.patch(`${path}/comments/threads/${thread.id}/comments/${mine.id}`, {
      body: '@Tom Okafor @Maria Costa thanks',
      mentions: [
        { kind: 'person', id: world.userIds.editor },
        { kind: 'person', id: world.userIds.viewer },
      ],
    });
    expect((await forYouOf(world.viewer)).items.map((i) => i.kind)).toEqual(['mention']);
    expect((await forYouOf(world.editor)).items.filter((i) => i.kind === 'mention')).toHaveLength(2);
  });

  it('reading clears the count, item by item or all at once; nothing shows from a procurement left', async () => {
    const tom = await forYouOf(world.editor);
    expect(tom.unread).toBe(2);
    expect((await world.editor.post('/api/for-you/read', { ids: [tom.items[0]!.id] })).body.unread).toBe(1);
    expect((await world.editor.post('/api/for-you/read', {})).body.unread).toBe(0);
    expect((await forYouOf(world.editor)).items.every((i) => i.read)).toBe(true);
    expect((await world.editor.post('/api/for-you/read', { ids: ['x'] })).status).toBe(400);
    // Someone else's items cannot be marked: Maria's stay unread.
    expect((await world.editor.post('/api/for-you/read', { ids: (await forYouOf(world.viewer)).items.map((i) => i.id) })).body.unread).toBe(
      0,
    );
    expect((await forYouOf(world.viewer)).unread).toBe(1);

    expect((await world.editor.delete(`${path}/members/${camdenColleague.id}`)).status).toBe(200);
    expect(await forYouOf(camdenColleague)).toEqual({ items: [], unread: 0 });
    expect((await forYouOf(world.outsider)).items).toEqual([]);
  });
});
