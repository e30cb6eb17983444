/**
 * Edit history against the real server, from a scripted session of two people in two
 * boroughs: versions and their grouping, filters, any version exactly as the clients had
 * it, attributed comparison, restore, named versions and sign-off, who may do what, and
 * the timeline in the words people use (what changed, names, the server never a person).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { decisionsOf, engagementOf, newEngagement, specificationOf } from '../../shared/doc-layout.js';
import type { Comparison, NamedVersions, Timeline, VersionSummary } from '../../shared/history.js';
import { paragraph, requirement } from '../../shared/spec-builders.js';
import { connectClient, waitFor, waitForSync, type TestClient } from './support/clients.js';
import { startDemoWorld, type DemoWorld } from './support/demo-world.js';
import { testEpoch } from './support/test-clock.js';

/** A pause this long starts a new version; the test moves the server's clock past it. */
const pauseMs = 5 * 60_000;
let world: DemoWorld;
let path: string;
let hackney: TestClient;
let camden: TestClient;
/** What the clients had at moments of the session, with the log position then. */
const captured: { label: string; seq: number; content: string }[] = [];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const latestSeq = () =>
  (
    world.server.db.sqlite.prepare('SELECT max(seq) AS seq FROM document_updates WHERE document = ?').get(world.procurementId) as {
      seq: number;
    }
  ).seq;
const contentOf = (doc: Y.Doc) =>
  JSON.stringify({
    specification: specificationOf(doc).toString(),
    engagement: engagementOf(doc).toJSON(),
    decisions: decisionsOf(doc).toJSON(),
  });

/** Waits until both clients hold the same content and the server has committed it. */
async function settle(label: string): Promise<void> {
  await waitFor(() => contentOf(hackney.doc) === contentOf(camden.doc), { what: `the clients to agree (${label})` });
  // Numbering (a server change) may follow an added requirement; wait for quiet.
  let seq = latestSeq();
  for (;;) {
    await sleep(80);
    const now = latestSeq();
    if (now === seq && contentOf(hackney.doc) === contentOf(camden.doc)) break;
    seq = now;
  }
  captured.push({ label, seq: latestSeq(), content: contentOf(hackney.doc) });
}

function appendToIntroduction(client: TestClient, text: string): void {
  const intro = specificationOf(client.doc).get(1) as Y.XmlElement;
  const line = intro.get(0) as Y.XmlText;
  line.insert(line.length, text);
}

beforeAll(async () => {
  world = await startDemoWorld({ config: { historyPauseMs: pauseMs } });
  path = `/api/procurements/${world.procurementId}/history`;
  hackney = connectClient(world.server.collabUrl, world.procurementId, { headers: world.lead.liveHeaders() });
  camden = connectClient(world.server.collabUrl, world.procurementId, { headers: world.editor.liveHeaders() });
  await Promise.all([waitForSync(hackney), waitForSync(camden)]);
  await settle('start');

  // 1. Hackney edits alone.
  appendToIntroduction(hackney, ' Hackney adds this.');
  await settle('hackney alone');
  world.server.clock.advance(pauseMs + 1);

  // 2. After a pause, Camden edits alone: adds an activity and removes a word.
  engagementOf(camden.doc).insert(0, [newEngagement({ type: 'supplier-day', date: '2026-11-20', title: 'Supplier day at City Hall' })]);
  const intro = (specificationOf(camden.doc).get(1) as Y.XmlElement).get(0) as Y.XmlText;
  const at = intro.toString().indexOf(' together');
  intro.delete(at, ' together'.length);
  await settle('camden alone');
  world.server.clock.advance(pauseMs + 1);

  // 3. Hackney starts again, Camden joins in, Hackney carries on.
  appendToIntroduction(hackney, ' Both of us.');
  await settle('hackney again');
  specificationOf(camden.doc).insert(specificationOf(camden.doc).length, [paragraph('Added by Camden at the end.')]);
  await settle('camden joins');
  appendToIntroduction(hackney, ' Still here.');
  await settle('together');
}, 60_000);

afterAll(async () => {
  hackney.destroy();
  camden.destroy();
  await world.server.remove();
});

describe('the timeline', () => {
  it('groups changes into versions by pauses and by who is editing, newest first', async () => {
    const { body, status } = await world.viewer.get<Timeline>(path);
    expect(status).toBe(200);
    // Camden joining Hackney starts a version of the two of them.
    const [together, hackneyAgain, camdenAlone, hackneyAlone] = body.versions;
    expect(together!.authors.map((a) => a.name).sort()).toEqual(['Priya Shah', 'Tom Okafor']);
    expect(hackneyAgain!.authors.map((a) => a.name)).toEqual(['Priya Shah']);
    expect(camdenAlone!.authors.map((a) => `${a.name}, ${a.borough}`)).toEqual(['Tom Okafor, Camden']);
    expect(hackneyAlone!.authors.map((a) => a.name)).toEqual(['Priya Shah']);
    expect(camdenAlone!.areas.map((a) => a.label)).toEqual(
      expect.arrayContaining(['Specification', 'Market engagement: Supplier day at City Hall']),
    );
    expect(hackneyAlone!.areas.map((a) => a.area)).toEqual(['specification']);
    expect(together!.lastSeq).toBe(captured.at(-1)!.seq);
    expect(together!.updates).toBeGreaterThanOrEqual(2);
    expect(together!.bytes).toBeGreaterThan(0);
  });

  it('filters by borough, by person, by area and by date, and paginates', async () => {
    // Today's versions only: the demo's own past, on earlier days, is left out.
    const today = `from=${new Date(testEpoch).toISOString().slice(0, 10)}`;
    const byCamden = (await world.lead.get<Timeline>(`${path}?borough=camden&${today}`)).body;
    expect(byCamden.versions.every((v) => v.authors.some((a) => a.boroughId === 'camden'))).toBe(true);
    expect(byCamden.total).toBe(2);
    expect(byCamden.versions.map((v) => v.authors.length)).toEqual([2, 1]);
    const byPriya = (await world.lead.get<Timeline>(`${path}?person=${world.userIds.lead}`)).body;
    expect(byPriya.versions.every((v) => v.authors.some((a) => a.id === world.userIds.lead))).toBe(true);
    const engagement = (await world.lead.get<Timeline>(`${path}?area=engagement&${today}`)).body;
    expect(engagement.total).toBe(1);
    expect(engagement.versions[0]!.authors[0]!.name).toBe('Tom Okafor');
    expect((await world.lead.get<Timeline>(`${path}?to=2000-01-01`)).body.total).toBe(0);
    const first = (await world.lead.get<Timeline>(`${path}?pageSize=1&page=1`)).body;
    const second = (await world.lead.get<Timeline>(`${path}?pageSize=1&page=2`)).body;
    expect(first.versions).toHaveLength(1);
    expect(second.versions[0]!.version).toBe(first.versions[0]!.version - 1);
    expect((await world.lead.get(`${path}?pageSize=1000`)).status).toBe(400);
  });
});

describe('any version, exactly as it was', () => {
  it('reconstructs what the clients had at each moment of the session', async () => {
    for (const moment of captured) {
      const response = await fetch(`${world.server.url}${path}/state/${moment.seq}`, { headers: { cookie: world.viewer.cookie! } });
      expect(response.status).toBe(200);
      const doc = new Y.Doc();
      Y.applyUpdateV2(doc, new Uint8Array(await response.arrayBuffer()));
      expect(contentOf(doc), moment.label).toBe(moment.content);
    }
    expect((await world.lead.get(`${path}/state/999999`)).status).toBe(400);
  });
});

describe('comparing two versions', () => {
  it('marks every insertion and deletion, each traced to its update and author', async () => {
    const from = captured.find((c) => c.label === 'start')!.seq;
    const to = captured.at(-1)!.seq;
    const { body } = await world.viewer.get<Comparison>(`${path}/compare?from=${from}&to=${to}`);
    const runs = body.specification.flatMap((b) => b.runs.map((r) => ({ ...r, block: b })));
    const added = runs.filter((r) => r.change?.type === 'added');
    const removed = runs.filter((r) => r.change?.type === 'removed');
    expect(added.find((r) => r.text.includes('Hackney adds this.'))?.change?.authorId).toBe(world.userIds.lead);
    expect(added.find((r) => r.text.includes('Both of us.'))?.change?.authorId).toBe(world.userIds.lead);
    expect(removed.map((r) => r.text).join('')).toContain(' together');
    expect(removed.find((r) => r.text.includes('together'))?.change?.authorId).toBe(world.userIds.editor);
    const newParagraph = body.specification.find((b) => b.runs.some((r) => r.text.includes('Added by Camden')));
    expect(newParagraph?.change).toBe('added');
    expect(newParagraph?.runs[0]?.change?.authorId).toBe(world.userIds.editor);
    // Each change names the update that made it, within the compared range.
    for (const run of [...added, ...removed]) {
      expect(run.change!.seq).toBeGreaterThan(from);
      expect(run.change!.seq).toBeLessThanOrEqual(to);
    }
    expect(body.people.map((p) => p.name).sort()).toEqual(['Priya Shah', 'Tom Okafor']);
    expect(body.engagement).toEqual([expect.objectContaining({ kind: 'added', label: 'Supplier day at City Hall' })]);
    expect(body.engagement[0]!.fields.find((f) => f.label === 'Date')?.after).toBe('2026-11-20');
  });

  it('lists requirements added, removed and changed, and compares decisions field by field', async () => {
    const before = latestSeq();
    const requirementBar = () => (specificationOf(hackney.doc).toArray() as Y.XmlElement[]).filter((e) => e.nodeName === 'requirement');
    const [first, second] = requirementBar();
    first!.setAttribute('priority', 'could');
    specificationOf(hackney.doc).delete(specificationOf(hackney.doc).toArray().indexOf(second!), 1);
    (decisionsOf(camden.doc).get(0).get('question') as Y.Text).insert(0, 'Really: ');
    await settle('requirements and decisions');
    const { body } = await world.lead.get<Comparison>(`${path}/compare?from=${before}&to=${latestSeq()}`);
    expect(body.requirements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          id: 'REQ-001',
          kind: 'changed',
          changed: ['priority'],
          before: expect.objectContaining({ priority: 'must' }),
          after: expect.objectContaining({ priority: 'could' }),
          changedBy: {
            priority: expect.objectContaining({ person: expect.objectContaining({ name: 'Priya Shah', borough: 'Hackney' }) }),
          },
        }),
        expect.objectContaining({ id: 'REQ-002', kind: 'removed' }),
      ]),
    );
    expect(body.decisions).toEqual([
      expect.objectContaining({
        kind: 'changed',
        label: 'Form of joint procurement',
        fields: [
          { label: 'Question', before: 'How will the boroughs buy together?', after: 'Really: How will the boroughs buy together?' },
        ],
      }),
    ]);
  });
});

describe('restore', () => {
  it('brings the document back to a past version as a new change, live for everyone, shown in the timeline', async () => {
    const target = captured.find((c) => c.label === 'hackney alone')!;
    const before = latestSeq();
    const response = await world.lead.post(`${path}/restore`, { seq: target.seq });
    expect(response.status).toBe(200);
    await waitFor(() => contentOf(hackney.doc) === target.content && contentOf(camden.doc) === target.content, {
      what: 'the restored content at both clients',
    });
    expect(latestSeq()).toBeGreaterThan(before);
    const newest = (await world.lead.get<Timeline>(path)).body.versions[0]!;
    expect(newest.restoreOf).toBe(target.seq);
    expect(newest.authors.map((a) => a.name)).toEqual(['Priya Shah']);
    // History is never rewritten: the content before the restore is still there to see.
    const old = captured.find((c) => c.label === 'together')!;
    const response2 = await fetch(`${world.server.url}${path}/state/${old.seq}`, { headers: { cookie: world.lead.cookie! } });
    const doc = new Y.Doc();
    Y.applyUpdateV2(doc, new Uint8Array(await response2.arrayBuffer()));
    expect(contentOf(doc)).toBe(old.content);
  });
});

describe('named versions and sign-off', () => {
  it('names a version, and a borough lead signs it off; a change afterwards shows as changed since', async () => {
    const seq = latestSeq();
    const named = await world.lead.post(`${path}/named`, {
      seq,
      name: 'Draft for market engagement',
      note: 'Agreed at the steering group.',
    });
    expect(named.status).toBe(201);
    const signed = await world.editor.post<NamedVersions>(`${path}/named/${named.body.id}/signoff`, {
      specificationHash: named.body.specificationHash,
    });
    expect(signed.status).toBe(201);
    const camdenState = signed.body.signoffs.find((s) => s.boroughId === 'camden')!;
    expect(camdenState.latest).toMatchObject({ versionName: 'Draft for market engagement', signedBy: { name: 'Tom Okafor' } });
    expect(camdenState.changedSince).toBe(false);
    // Camden's sign-off is not Hackney's (whose own, from the demo's past, is of another version).
    expect(signed.body.signoffs.find((s) => s.boroughId === 'hackney')!.latest?.versionId).not.toBe(named.body.id);

    appendToIntroduction(hackney, ' Changed after sign-off.');
    await settle('after sign-off');
    const state = (await world.viewer.get<NamedVersions>(`${path}/named`)).body;
    expect(state.signoffs.find((s) => s.boroughId === 'camden')!.changedSince).toBe(true);
    expect(state.named[0]).toMatchObject({ name: 'Draft for market engagement', seq, note: 'Agreed at the steering group.' });
    const row = world.server.db.sqlite.prepare('SELECT specification_hash FROM signoffs').get() as { specification_hash: string };
    expect(row.specification_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('records a sign-off once: a second one is refused, and a withdrawal (with its reason) is on record', async () => {
    const named = (await world.lead.get<NamedVersions>(`${path}/named`)).body.named[0]!;
    const signoff = (who = world.editor, hash = named.specificationHash) =>
      who.post(`${path}/named/${named.id}/signoff`, { specificationHash: hash });
    // Camden signed it off above: a second click records nothing.
    const again = await signoff();
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/already signed off/);
    // Signing off content other than what the version holds is refused.
    expect((await signoff(world.lead, '0'.repeat(64))).status).toBe(409);
    expect((await world.editor.post(`${path}/named/${named.id}/signoff/withdraw`, { reason: '' })).status).toBe(400);
    const withdrawn = await world.editor.post<NamedVersions>(`${path}/named/${named.id}/signoff/withdraw`, {
      reason: 'Camden’s legal team found a problem in REQ-004.',
    });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.signoffs.find((s) => s.boroughId === 'camden')!.latest).toBeNull();
    const record = withdrawn.body.named.find((n) => n.id === named.id)!.signoffs.find((s) => s.boroughId === 'camden')!;
    expect(record.withdrawn).toMatchObject({ by: { name: 'Tom Okafor' }, reason: 'Camden’s legal team found a problem in REQ-004.' });
    expect((await world.editor.post(`${path}/named/${named.id}/signoff/withdraw`, { reason: 'Again' })).status).toBe(409);
    // Once withdrawn, Camden may sign off again; both acts stay on record.
    expect((await signoff()).status).toBe(201);
    const all = (await world.viewer.get<NamedVersions>(`${path}/named`)).body.named.find((n) => n.id === named.id)!.signoffs;
    expect(all.filter((s) => s.boroughId === 'camden').map((s) => s.withdrawn === null)).toEqual([false, true]);
  });

  it('lets a viewer browse, but not name, restore or sign off; a non-member gets 404', async () => {
    const seq = latestSeq();
    expect((await world.viewer.get(path)).status).toBe(200);
    expect((await world.viewer.post(`${path}/named`, { seq, name: 'Mine' })).status).toBe(403);
    expect((await world.viewer.post(`${path}/restore`, { seq: 1 })).status).toBe(403);
    const named = (await world.viewer.get<NamedVersions>(`${path}/named`)).body.named[0]!;
    expect((await world.viewer.post(`${path}/named/${named.id}/signoff`, { specificationHash: named.specificationHash })).status).toBe(403);
    for (const url of [path, `${path}/state/1`, `${path}/compare?from=1&to=2`, `${path}/named`]) {
      expect((await world.outsider.get(url)).status, url).toBe(404);
    }
    expect((await world.outsider.post(`${path}/restore`, { seq: 1 })).status).toBe(404);
  });
});

describe('the history in the words people use', () => {
  /** Every version, newest first. */
  const allVersions = async () => (await world.viewer.get<Timeline>(`${path}?pageSize=100`)).body.versions;
  const requirementsOf = (doc: Y.Doc) => (specificationOf(doc).toArray() as Y.XmlElement[]).filter((e) => e.nodeName === 'requirement');
  let added: { element: () => Y.XmlElement; insertedAt: number };

  it('says what a version changed, and never lists the server as an author', async () => {
    world.server.clock.advance(pauseMs + 1);
    const before = latestSeq();
    specificationOf(hackney.doc).insert(specificationOf(hackney.doc).length, [
      requirement({ number: null, priority: 'should' }, ['Residents can see their repair history.']),
    ]);
    const element = () => requirementsOf(hackney.doc).at(-1)!;
    await waitFor(() => typeof element().getAttribute('number') === 'number', { what: 'the server to number the requirement' });
    await settle('requirement added');
    const insertedAt = (
      world.server.db.sqlite
        .prepare('SELECT min(seq) AS seq FROM document_updates WHERE document = ? AND seq > ? AND author_id = ?')
        .get(world.procurementId, before, world.userIds.lead) as { seq: number }
    ).seq;
    added = { element, insertedAt };
    // The numbering (the server's change) came after, into the same version.
    expect(latestSeq()).toBeGreaterThan(insertedAt);

    const versions = await allVersions();
    const newest = versions[0]!;
    expect(newest.firstSeq).toBeLessThanOrEqual(insertedAt);
    expect(newest.authors.map((a) => `${a.name}, ${a.borough}`)).toEqual(['Priya Shah, Hackney']);
    expect(newest.changes).toEqual(['1 requirement added']);
    expect(newest.note).toBeNull();
    // The first version is the starting document, which the server wrote: a note, not a person.
    const first = versions.at(-1)!;
    expect(first.authors).toEqual([]);
    expect(first.note).toBe('Starting document created by Jointly');
    for (const version of versions) {
      expect(
        version.authors.every((a) => a.id !== null && a.name !== 'Jointly'),
        version.title,
      ).toBe(true);
    }
    // Camden’s version in the session: the activity added and the introduction edited.
    const camdenAlone = versions.find((v) => v.authors.length === 1 && v.authors[0]!.name === 'Tom Okafor')!;
    expect(camdenAlone.changes).toEqual(['1 paragraph edited', '1 engagement activity added']);
    const people = (await world.viewer.get<Timeline>(path)).body.people;
    expect(people.map((p) => p.name).sort()).toEqual(['Priya Shah', 'Tom Okafor']);
  });

  it('calls a named version by its name', async () => {
    const named = (await world.viewer.get<NamedVersions>(`${path}/named`)).body.named[0]!;
    const carrying = (await allVersions()).find((v) => v.firstSeq <= named.seq && named.seq <= v.lastSeq)!;
    expect(carrying.title).toBe(`Draft for market engagement (version ${carrying.version})`);
    const others = (await allVersions()).filter((v) => v !== carrying && v.named.length === 0);
    expect(others.every((v: VersionSummary) => v.title === `Version ${v.version}`)).toBe(true);
  });

  it('names who changed a requirement’s priority, and its boroughs, in a comparison', async () => {
    world.server.clock.advance(pauseMs + 1);
    const from = latestSeq();
    const onCamden = requirementsOf(camden.doc).at(-1)!;
    onCamden.setAttribute('priority', 'must');
    await settle('camden changes the priority');
    world.server.clock.advance(pauseMs + 1);
    // Hackney then edits the same requirement, and says which boroughs it applies to.
    const line = (added.element().get(0) as Y.XmlElement).get(0) as Y.XmlText;
    line.insert(line.length, ' Online.');
    added.element().setAttribute('appliesTo', ['hackney'] as unknown as string);
    await settle('hackney edits the requirement');

    const { body } = await world.viewer.get<Comparison>(`${path}/compare?from=${from}&to=${latestSeq()}`);
    const change = body.requirements.find((r) => r.kind === 'changed' && r.after?.text.includes('Online.'))!;
    expect(change.changed.sort()).toEqual(['appliesTo', 'priority', 'text']);
    expect(change.changedBy.priority).toMatchObject({ person: { name: 'Tom Okafor', borough: 'Camden', boroughId: 'camden' } });
    expect(change.changedBy.appliesTo).toMatchObject({ person: { name: 'Priya Shah', borough: 'Hackney' } });
    expect(change.changedBy.priority!.seq).toBeGreaterThan(from);
    expect(change.changedBy.priority!.seq).toBeLessThan(change.changedBy.appliesTo!.seq);
    // The timeline says the same in words.
    const [hackneyEdits, camdenEdits] = await allVersions();
    expect(hackneyEdits!.changes).toEqual(['1 requirement edited']);
    expect(camdenEdits!.changes).toEqual(['1 requirement edited']);
  });

  it('shows a restore as a note, and numbers given afterwards as the server’s note', async () => {
    // Back to the moment the requirement was added, before the server numbered it: the
    // restored requirement has no number, so the server gives it one, alone.
    const versions = await allVersions();
    const holding = versions.find((v) => v.firstSeq <= added.insertedAt && added.insertedAt <= v.lastSeq)!;
    expect((await world.lead.post(`${path}/restore`, { seq: added.insertedAt })).status).toBe(200);
    await waitFor(() => typeof requirementsOf(hackney.doc).at(-1)!.getAttribute('number') === 'number', {
      what: 'the restored requirement numbered',
    });
    await settle('restored');
    const [numbering, restore] = await allVersions();
    expect(restore!.restoreOf).toBe(added.insertedAt);
    expect(restore!.note).toBe(`Restored version ${holding.version} by Priya Shah, Hackney`);
    expect(numbering!.authors).toEqual([]);
    expect(numbering!.note).toBe('Requirement numbers given by Jointly');
    expect(numbering!.changes).toEqual([]);
  });
});
