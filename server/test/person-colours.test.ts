/**
 * Each member's colour, over the real server: distinct within a procurement while the
 * palette lasts, kept as people join, and the same in the procurement detail as in the
 * live presence others see.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { presenceColour, presencePalette } from '../../shared/presence.js';
import type { ApiClient } from './support/api.js';
import { clientPool, waitFor, waitForSync } from './support/clients.js';
import { startDemoWorld, type DemoWorld } from './support/demo-world.js';
import { inviteToProcurement } from './support/invitations.js';

let world: DemoWorld;
let path: string;
const clients = clientPool();

beforeAll(async () => {
  world = await startDemoWorld();
  path = `/api/procurements/${world.procurementId}`;
});
afterEach(() => clients.closeAll());
afterAll(async () => world.server.remove());

interface MemberColour {
  userId: string;
  name: string;
  colour: string;
}

async function memberColours(as: ApiClient = world.lead): Promise<Map<string, MemberColour>> {
  const { status, body } = await as.get(path);
  expect(status).toBe(200);
  return new Map((body.members as MemberColour[]).map((m) => [m.userId, m]));
}

/** The presence `person` shows on the live document, as another member's client sees it. */
async function livePresenceColour(person: ApiClient, watcher: ApiClient): Promise<string> {
  const seen = clients.connect(world.server.collabUrl, world.procurementId, { headers: watcher.liveHeaders() });
  const shown = clients.connect(world.server.collabUrl, world.procurementId, { headers: person.liveHeaders() });
  await Promise.all([waitForSync(seen), waitForSync(shown)]);
  shown.provider.awareness.setLocalStateField('cursor', null);
  const user = await waitFor(
    () => (seen.provider.awareness.getStates().get(shown.doc.clientID) as { user?: { color?: string } } | undefined)?.user,
    { what: 'the presence' },
  );
  return user.color ?? '';
}

describe('colours of the people in a procurement', () => {
  it('gives the demo members three different colours of the palette, the same for everyone who asks', async () => {
    const colours = await memberColours();
    expect(colours.size).toBe(3);
    const used = [...colours.values()].map((m) => m.colour);
    expect(new Set(used).size).toBe(3);
    for (const colour of used) expect(presencePalette).toContain(colour);
    for (const other of [world.editor, world.viewer]) expect(await memberColours(other)).toEqual(colours);
  });

  it('shows each member live in the colour the procurement detail gives them', async () => {
    const colours = await memberColours();
    for (const [person, watcher, id] of [
      [world.lead, world.editor, world.userIds.lead],
      [world.editor, world.viewer, world.userIds.editor],
      [world.viewer, world.lead, world.userIds.viewer],
    ] as const) {
      expect(await livePresenceColour(person, watcher)).toBe(colours.get(id)!.colour);
      clients.closeAll();
    }
  });

  it('keeps everyone’s colour as people join, and no two alike until the palette runs out', async () => {
    const before = await memberColours();
    const joined: (ApiClient & { id: string })[] = [];
    for (let n = before.size; n < presencePalette.length; n++) {
      joined.push(await inviteToProcurement(world.lead, world.procurementId, `colour${n}@hackney.demo`, 'editor'));
    }
    const colours = await memberColours();
    expect(colours.size).toBe(presencePalette.length);
    expect(new Set([...colours.values()].map((m) => m.colour)).size).toBe(presencePalette.length);
    for (const [id, member] of before) expect(colours.get(id)!.colour).toBe(member.colour);

    // Live, they show in theirs too: above all someone whose preferred colour was taken
    // (with twelve people, someone nearly always is), whose colour only the procurement decides.
    const moved = joined.find((p) => colours.get(p.id)!.colour !== presenceColour(p.id)) ?? joined.at(-1)!;
    expect(await livePresenceColour(moved, world.lead)).toBe(colours.get(moved.id)!.colour);

    // One more than there are colours: a colour is shared, nobody else's changes.
    const extra = await inviteToProcurement(world.lead, world.procurementId, 'colour-extra@hackney.demo', 'viewer');
    const after = await memberColours();
    expect(after.size).toBe(presencePalette.length + 1);
    expect(presencePalette).toContain(after.get(extra.id)!.colour);
    for (const [id, member] of colours) expect(after.get(id)!.colour).toBe(member.colour);
  });
});
