/**
 * The demo procurement's past, as a newcomer signing in finds it on the real server:
 * a timeline of versions by people of Hackney and Camden over several working days,
 * a version named and signed off by Hackney and changed since by Camden, an option
 * proposed for the form of the procurement with both boroughs' positions, engagement
 * activities with follow-ups, and comment threads anchored in the text. All of it is
 * consistent with the document's log, and dated by the server's clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { CommentThread } from '../../shared/comments.js';
import type { DecisionRecord } from '../../shared/decisions.js';
import { decisionsOf, engagementOf, field, specificationOf } from '../../shared/doc-layout.js';
import type { Comparison, NamedVersions, Timeline } from '../../shared/history.js';
import { anchorAttribute } from '../src/comments/anchor.js';
import { specificationHash } from '../src/history/named.js';
import { startDemoWorld, type DemoWorld } from './support/demo-world.js';
import { TestClock } from './support/test-clock.js';

let world: DemoWorld;
let path: string;
/** The server's clock when the demo was seeded. */
let seededAt: number;

beforeAll(async () => {
  const clock = new TestClock();
  seededAt = clock.now();
  world = await startDemoWorld({ clock });
  path = `/api/procurements/${world.procurementId}`;
});
afterAll(async () => world.server.remove());

const dayMs = 86_400_000;
const dayOf = (iso: string) => iso.slice(0, 10);
const currentDocument = () => world.server.engine.readDocument(world.procurementId, (doc) => Y.encodeStateAsUpdate(doc));
async function documentNow(): Promise<Y.Doc> {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, await currentDocument());
  return doc;
}
async function documentAt(seq: number): Promise<Y.Doc> {
  const response = await fetch(`${world.server.url}${path}/history/state/${seq}`, { headers: { cookie: world.lead.cookie! } });
  expect(response.status).toBe(200);
  const doc = new Y.Doc();
  Y.applyUpdateV2(doc, new Uint8Array(await response.arrayBuffer()));
  return doc;
}

describe('the history', () => {
  it('shows versions by Priya Shah and by Tom Okafor, each on at least three working days before now', async () => {
    const { versions, people } = (await world.viewer.get<Timeline>(`${path}/history?pageSize=100`)).body;
    expect(people.map((p) => `${p.name}, ${p.borough}`).sort()).toEqual(['Priya Shah, Hackney', 'Tom Okafor, Camden']);
    for (const name of ['Priya Shah', 'Tom Okafor']) {
      const days = new Set(versions.filter((v) => v.authors.some((a) => a.name === name)).map((v) => dayOf(v.startedAt)));
      expect(days.size, name).toBeGreaterThanOrEqual(3);
    }
    // All in the past by the server's clock, on working days, within a fortnight.
    for (const version of versions) {
      const started = Date.parse(version.startedAt);
      expect(started).toBeLessThan(seededAt);
      expect(started).toBeGreaterThan(seededAt - 14 * dayMs);
      expect([0, 6]).not.toContain(new Date(started).getUTCDay());
    }
    // The oldest is the starting document; one version is the two of them editing together.
    expect(versions.at(-1)!.note).toBe('Starting document created by Jointly');
    expect(versions.some((v) => v.authors.length === 2)).toBe(true);
  });

  it('says what each version changed, in the words people use', async () => {
    const { versions } = (await world.viewer.get<Timeline>(`${path}/history?pageSize=100`)).body;
    const changes = versions.flatMap((v) => v.changes ?? []);
    expect(changes).toContain('2 requirements edited');
    expect(changes).toContain('1 engagement activity added');
    expect(changes).toContain('decision ‘Form of joint procurement’ edited');
    // Requirements added in the past were numbered by the server, within the version that added them.
    expect(versions.filter((v) => v.authors.length === 0).map((v) => v.note)).toEqual(['Starting document created by Jointly']);
  });
});

describe('a named version and its sign-off', () => {
  it('is signed off by Hackney, for the content at its position in the log, and Camden changed it since', async () => {
    const { named, signoffs } = (await world.lead.get<NamedVersions>(`${path}/history/named`)).body;
    expect(named).toHaveLength(1);
    const version = named[0]!;
    expect(version).toMatchObject({ name: 'Draft for the steering group', createdBy: { name: 'Priya Shah' } });
    expect(version.signoffs).toEqual([
      expect.objectContaining({ boroughId: 'hackney', signedBy: expect.objectContaining({ name: 'Priya Shah' }) }),
    ]);
    expect(specificationHash(await documentAt(version.seq))).toBe(version.specificationHash);
    expect(signoffs.find((s) => s.boroughId === 'hackney')).toMatchObject({
      latest: { versionName: 'Draft for the steering group', seq: version.seq },
      changedSince: true,
    });
    expect(signoffs.find((s) => s.boroughId === 'camden')).toMatchObject({ latest: null, changedSince: false });

    // What changed since: Camden's edit of its own variation, after Hackney signed off.
    const latestSeq = (await world.lead.get<Timeline>(`${path}/history?pageSize=1`)).body.latestSeq;
    const since = (await world.lead.get<Comparison>(`${path}/history/compare?from=${version.seq}&to=${latestSeq}`)).body;
    expect(since.requirements).toEqual([expect.objectContaining({ id: 'REQ-005', kind: 'changed', changed: ['text'] })]);
    expect(since.people.map((p) => p.name)).toEqual(['Tom Okafor']);
    expect(Date.parse(version.signoffs[0]!.signedAt)).toBeGreaterThan(Date.parse(version.createdAt));
  });
});

describe('the form of the procurement', () => {
  it('has an option proposed, supported by Hackney, with Camden abstaining for now', async () => {
    const doc = await documentNow();
    const decision = decisionsOf(doc).get(0);
    expect((decision.get('title') as Y.Text).toString()).toBe('Form of joint procurement');
    const proposed = field<string>(decision, 'chosenOptionId');
    const option = (decision.get('options') as Y.Array<Y.Map<unknown>>).toArray().find((o) => o.get('id') === proposed)!;
    expect((option.get('title') as Y.Text).toString()).toBe('One lead borough runs the procedure on behalf of all');

    const records = (await world.viewer.get<{ decisions: DecisionRecord[] }>(`${path}/decisions`)).body.decisions;
    const record = records.find((r) => r.decisionId === decision.get('id'))!;
    expect(record.status).toBe('proposed');
    expect(record.positions.map((p) => [p.borough.name, p.position, p.optionId, p.current, p.recordedBy.name])).toEqual([
      ['Hackney', 'support', proposed, true, 'Priya Shah'],
      ['Camden', 'abstain', proposed, true, 'Tom Okafor'],
    ]);
    // The other decisions are still open, for a newcomer to take up.
    expect(records.filter((r) => r !== record).map((r) => [r.status, r.positions.length])).toEqual([
      ['open', 0],
      ['open', 0],
    ]);
  });
});

describe('market engagement', () => {
  it('has two activities, each with suppliers, boroughs present and follow-up actions owned by members', async () => {
    const doc = await documentNow();
    const activities = engagementOf(doc).toArray();
    expect(activities).toHaveLength(2);
    const members = new Set([world.userIds.lead, world.userIds.editor]);
    for (const activity of activities) {
      expect((activity.get('title') as Y.Text).toString()).not.toBe('');
      expect((activity.get('suppliers') as Y.Array<string>).length).toBeGreaterThan(0);
      expect((activity.get('boroughs') as Y.Array<string>).toArray()).toEqual(expect.arrayContaining(['hackney', 'camden']));
      const actions = (activity.get('actions') as Y.Array<Y.Map<unknown>>).toArray();
      expect(actions.length).toBeGreaterThanOrEqual(2);
      for (const action of actions) {
        expect((action.get('description') as Y.Text).toString()).not.toBe('');
        expect(members.has(action.get('owner') as string)).toBe(true);
        expect(action.get('due')).toMatch(/^\d{4}-\d\d-\d\d$/);
      }
    }
  });
});

describe('comments', () => {
  it('lists threads about the text (one resolved, one answered with a mention of @Camden) and about a decision option', async () => {
    const { threads } = (await world.viewer.get<{ threads: CommentThread[] }>(`${path}/comments`)).body;
    expect(threads).toHaveLength(3);
    const onText = threads.filter((t) => t.subject.kind === 'specification');
    expect(onText).toHaveLength(2);
    expect(onText.filter((t) => t.resolved !== null)).toHaveLength(1);
    const mentioning = onText.find((t) => t.comments.some((c) => c.mentions.some((m) => m.kind === 'borough' && m.id === 'camden')))!;
    expect(mentioning.resolved).toBeNull();
    expect(mentioning.comments.map((c) => c.author.name)).toEqual(['Tom Okafor', 'Priya Shah']);
    expect(mentioning.comments[1]!.body).toContain('@Camden');
    const onOption = threads.find((t) => t.subject.kind === 'decision-option')!;
    expect(onOption.quote).toBe('One lead borough runs the procedure on behalf of all');
    expect(onOption.comments.length).toBeGreaterThanOrEqual(2);
    // Each thread about the text is anchored on the words it quotes, in the document as it is now.
    const doc = await documentNow();
    const texts: Y.XmlText[] = [];
    const walk = (node: Y.XmlFragment | Y.XmlElement) => {
      for (const child of node.toArray()) {
        if (child instanceof Y.XmlText) texts.push(child);
        else if (child instanceof Y.XmlElement) walk(child);
      }
    };
    walk(specificationOf(doc));
    for (const thread of onText) {
      const anchored = texts
        .flatMap((text) => text.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[])
        .filter((op) => op.attributes?.[anchorAttribute(thread.id)])
        .map((op) => op.insert)
        .join('');
      expect(anchored, thread.quote).toBe(thread.quote);
    }
  });

  it('tells nobody “for you” of the past: everyone’s list starts empty', async () => {
    for (const who of [world.lead, world.editor, world.viewer]) expect((await who.get('/api/for-you')).body.unread).toBe(0);
  });
});

describe('the log', () => {
  it('credits each update to its author, whose client ids they are, and the server’s changes to nobody', () => {
    const db = world.server.db.sqlite;
    const updates = db
      .prepare('SELECT seq, update_bytes, author_id FROM document_updates WHERE document = ? ORDER BY seq')
      .all(world.procurementId) as {
      seq: number;
      update_bytes: Uint8Array;
      author_id: string | null;
    }[];
    const owners = new Map(
      (
        db.prepare('SELECT client_id, user_id FROM document_clients WHERE document = ?').all(world.procurementId) as {
          client_id: number;
          user_id: string | null;
        }[]
      ).map((r) => [r.client_id, r.user_id]),
    );
    expect(new Set(updates.map((u) => u.author_id))).toEqual(new Set([null, world.userIds.lead, world.userIds.editor]));
    for (const update of updates) {
      for (const client of Y.parseUpdateMeta(update.update_bytes).to.keys())
        expect(owners.get(client), `seq ${update.seq}`).toBe(update.author_id);
    }
    // The requirements' numbers are on record, the next one being 7.
    const numbers = db.prepare('SELECT number FROM requirement_numbers WHERE procurement_id = ? ORDER BY number').all(world.procurementId);
    expect(numbers).toEqual([1, 2, 3, 4, 5, 6].map((number) => ({ number })));
  });
});

describe('the past follows the server’s clock', () => {
  it('is dated before whatever moment the demo is seeded, on working days', async () => {
    // A Monday early in the morning, in summer time: the past is the week before.
    const clock = new TestClock({ start: '2027-06-07T06:30:00Z', ticking: false });
    const other = await startDemoWorld({ clock });
    try {
      const { versions } = (await other.lead.get<Timeline>(`/api/procurements/${other.procurementId}/history?pageSize=100`)).body;
      const days = [...new Set(versions.map((v) => dayOf(v.startedAt)))].sort();
      expect(days.every((day) => day < '2027-06-07')).toBe(true);
      expect(days.every((day) => ![0, 6].includes(new Date(day).getUTCDay()))).toBe(true);
      expect(days[0]).toBe('2027-05-26');
    } finally {
      await other.server.remove();
    }
  });
});
