/**
 * Searching everything a person can see: requirements by their words and by their
 * number, with where they are and a snippet marking the words; an edit is findable once
 * the indexer has run, and within a second or two without being asked; comments as they
 * are written, edited and deleted; nothing of a procurement the person is not part of,
 * whatever they search for; no text whatever makes the search fail; a removed member
 * finds nothing more; and a restarted server catches up what its index missed.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { decisionsOf, requirementAttributes, requirementElements, specificationOf } from '../../shared/doc-layout.js';
import { placeAddress, type SearchResponse, type SearchResult } from '../../shared/search.js';
import { signIn, type ApiClient } from './support/api.js';
import { barrier, connectClient, waitForSync, type TestClient } from './support/clients.js';
import { startDemoWorld, type DemoWorld } from './support/demo-world.js';
import { startTestServer } from './support/test-server.js';

let world: DemoWorld;
let hackney: TestClient;

beforeAll(async () => {
  world = await startDemoWorld();
  hackney = connectClient(world.server.collabUrl, world.procurementId, { headers: world.lead.liveHeaders() });
  await waitForSync(hackney);
  await world.server.services.search.indexer.flush();
});
afterAll(async () => {
  hackney.destroy();
  await world.server.remove();
});

async function search(client: ApiClient, q: string): Promise<SearchResult[]> {
  const response = await client.get<SearchResponse>(`/api/search?q=${encodeURIComponent(q)}`);
  expect(response.status, `searching for ${JSON.stringify(q)}`).toBe(200);
  return response.body.results;
}

const snippetText = (result: SearchResult) => result.snippet.map((s) => s.text).join('');
const marked = (result: SearchResult) => result.snippet.filter((s) => s.match).map((s) => s.text.toLowerCase());

/** The first paragraph's text of the requirement with this number, in Hackney's copy. */
function requirementText(number: number): Y.XmlText {
  const element = requirementElements(specificationOf(hackney.doc)).find((r) => requirementAttributes(r).number === number);
  return (element!.get(0) as Y.XmlElement).get(0) as Y.XmlText;
}

/** Types into the live document as Hackney's lead, and waits until the server has committed it. */
async function type(text: Y.XmlText, words: string): Promise<void> {
  text.insert(text.length, words);
  await barrier(hackney);
}

describe('finding things', () => {
  it('finds a requirement by its words: where it is, a snippet with the words marked, and the place that opens it', async () => {
    const [first] = await search(world.editor, 'appointment slots');
    expect(first).toMatchObject({
      procurement: { id: world.procurementId, title: 'Housing repairs case management system' },
      kind: 'requirement',
      where: 'REQ-004, Scheduling and appointments',
      place: { kind: 'specification', block: 'REQ-004' },
    });
    expect(snippetText(first!)).toContain('The system must offer residents appointment slots');
    expect(marked(first!)).toEqual(['appointment', 'slots']);
    expect(placeAddress(world.procurementId, first!.place)).toBe(`/procurements/${world.procurementId}?block=REQ-004`);
  });

  it('finds a requirement by its number, the starts of words, and other forms of them', async () => {
    expect((await search(world.viewer, 'repairs reported')).map((r) => r.where)).toContain('REQ-001, Reporting a repair');
    for (const q of ['REQ-004', 'req 004', 'appoint slot', 'appointments slot']) {
      expect((await search(world.viewer, q))[0], q).toMatchObject({ kind: 'requirement', place: { block: 'REQ-004' } });
    }
  });

  it('finds engagement activities, decisions and their options, each said where it is', async () => {
    const engagement = (await search(world.lead, 'supplier day')).find((r) => r.kind === 'engagement');
    expect(engagement?.where).toMatch(/^Market engagement: /);
    expect(placeAddress(world.procurementId, engagement!.place)).toMatch(/\/engagement#entry-[a-z0-9]+$/);
    const option = (await search(world.lead, 'lead borough')).find((r) => r.kind === 'option');
    expect(option?.where).toMatch(/^Decision \d+: .+, option \d+$/);
    expect(placeAddress(world.procurementId, option!.place)).toMatch(/\/decisions#option-[a-z0-9]+$/);
  });
});

describe('keeping up with the live document', () => {
  it('finds an edit once the indexer has run, and no longer finds words that were removed', async () => {
    const text = requirementText(4);
    await type(text, ' Quokka diaries <b>included</b>.');
    await world.server.services.search.indexer.flush();
    const [found] = await search(world.editor, 'quokka');
    expect(found).toMatchObject({ kind: 'requirement', place: { block: 'REQ-004' } });
    // Whatever anyone types comes back as text to show, never as markup.
    expect(snippetText(found!)).toContain('Quokka diaries <b>included</b>.');

    text.delete(text.length - ' Quokka diaries <b>included</b>.'.length, ' Quokka diaries <b>included</b>.'.length);
    await barrier(hackney);
    await world.server.services.search.indexer.flush();
    expect(await search(world.editor, 'quokka')).toEqual([]);
  });

  it('keeps each block’s place when blocks are added above it', async () => {
    const table = async () => (await search(world.editor, 'attend within')).find((r) => r.where === 'Specification, Service levels');
    const before = await table();
    specificationOf(hackney.doc).insert(0, [paragraphOf('A new opening paragraph.')]);
    await barrier(hackney);
    await world.server.services.search.indexer.flush();
    const after = await table();
    expect(after?.place).toEqual({ kind: 'specification', block: String(Number((before!.place as { block: string }).block) + 1) });
  });

  it('finds what a new procurement starts with', async () => {
    const created = await world.lead.post('/api/procurements', { title: 'Grounds maintenance' });
    expect(created.status).toBe(201);
    await world.server.services.search.indexer.flush();
    const ours = (await search(world.lead, 'Leadership and governance')).filter((r) => r.procurement.id === created.body.id);
    expect(ours.map((r) => [r.kind, r.procurement.title])).toContainEqual(['decision', 'Grounds maintenance']);
  });

  it('finds an edit within two seconds without being asked', async () => {
    await type(requirementText(1), ' Wombat reference.');
    const typed = Date.now();
    let results: SearchResult[] = [];
    while (results.length === 0 && Date.now() - typed < 2000) results = await search(world.editor, 'wombat');
    expect(results[0]).toMatchObject({ kind: 'requirement', place: { block: 'REQ-001' } });
  });

  it('finds comments as they are written, edited and deleted', async () => {
    const decision = decisionsOf(hackney.doc).get(0);
    const option = (decision.get('options') as Y.Array<Y.Map<unknown>>).get(1);
    const target = { kind: 'decision-option', decisionId: decision.get('id'), optionId: option.get('id') };
    const path = `/api/procurements/${world.procurementId}/comments`;
    const thread = await world.viewer.post(`${path}/threads`, { target, body: 'Islington asks about the platypus clause.', mentions: [] });
    expect(thread.status).toBe(201);
    const [found] = await search(world.lead, 'platypus');
    expect(found).toMatchObject({ kind: 'comment', where: 'Comment by Maria Costa' });
    expect(placeAddress(world.procurementId, found!.place)).toBe(`/procurements/${world.procurementId}/decisions?thread=${thread.body.id}`);

    const commentId = thread.body.comments[0].id;
    const edited = await world.viewer.patch(`${path}/threads/${thread.body.id}/comments/${commentId}`, {
      body: 'Islington asks about the echidna clause.',
      mentions: [],
    });
    expect(edited.status).toBe(200);
    expect(await search(world.lead, 'platypus')).toEqual([]);
    expect(await search(world.lead, 'echidna')).toHaveLength(1);

    expect((await world.viewer.request('DELETE', `${path}/threads/${thread.body.id}/comments/${commentId}`)).status).toBe(204);
    expect(await search(world.lead, 'echidna')).toEqual([]);
  });
});

describe('only what the person can see', () => {
  it('never shows or counts another procurement’s content, whatever is searched', async () => {
    const own = await world.outsider.post('/api/procurements', { title: 'Croydon parking permits', reference: 'CR-1' });
    expect(own.status).toBe(201);
    const croydon = connectClient(world.server.collabUrl, own.body.id, { headers: world.outsider.liveHeaders() });
    try {
      await waitForSync(croydon);
      specificationOf(croydon.doc).insert(0, [paragraphOf('Appointment slots for parking wardens, repairs to meters, and a café.')]);
      await barrier(croydon);
      await world.server.services.search.indexer.flush();

      const outsiders = await search(world.outsider, 'appointment slots');
      expect(outsiders.map((r) => r.procurement.id)).toEqual([own.body.id]);
      expect(marked((await search(world.outsider, 'CAFE'))[0]!)).toEqual(['café']);
      for (const q of ['repairs', 'REQ-004', 'supplier', 'Hackney', 'a', 'the']) {
        expect(
          (await search(world.outsider, q)).every((r) => r.procurement.id === own.body.id),
          q,
        ).toBe(true);
      }
      const leads = await search(world.lead, 'appointment slots parking wardens');
      expect(leads).toEqual([]);
      expect((await search(world.lead, 'repairs')).every((r) => r.procurement.id === world.procurementId)).toBe(true);
    } finally {
      croydon.destroy();
    }
  });

  it('ranks a member’s results by their own procurements alone: words added elsewhere never change the order', async () => {
    const often = paragraphOf('Quince quince quince orchard with one medlar.');
    const seldom = paragraphOf('Medlar medlar medlar orchard with one quince.');
    specificationOf(hackney.doc).insert(0, [often, seldom]);
    await barrier(hackney);
    await world.server.services.search.indexer.flush();
    const order = async () => (await search(world.lead, 'quince medlar')).map(snippetText);
    const before = await order();
    expect(before).toHaveLength(2);

    // Croydon's own procurement, which Hackney cannot see, fills with one of the two words:
    // ranked over every row, that word would become common and weigh less.
    const own = await world.outsider.post('/api/procurements', { title: 'Croydon orchards', reference: 'CR-2' });
    expect(own.status).toBe(201);
    const croydon = connectClient(world.server.collabUrl, own.body.id, { headers: world.outsider.liveHeaders() });
    try {
      await waitForSync(croydon);
      const filler = Array.from({ length: 300 }, (_, n) => paragraphOf(`Quince number ${n} in a row of quince trees.`));
      specificationOf(croydon.doc).insert(0, filler);
      await barrier(croydon);
      await world.server.services.search.indexer.flush();
      expect((await search(world.outsider, 'quince')).length).toBeGreaterThan(40);
      expect(await order()).toEqual(before);
    } finally {
      croydon.destroy();
      specificationOf(hackney.doc).delete(0, 2);
      await barrier(hackney);
      await world.server.services.search.indexer.flush();
    }
  });

  it('asks who is searching', async () => {
    expect((await world.anonymous.get('/api/search?q=repairs')).status).toBe(401);
  });

  it('a member who is removed finds nothing more', async () => {
    expect((await search(world.viewer, 'appointment slots')).length).toBeGreaterThan(0);
    const removed = await world.lead.request('DELETE', `/api/procurements/${world.procurementId}/members/${world.userIds.viewer}`);
    expect(removed.status).toBe(200);
    expect(await search(world.viewer, 'appointment slots')).toEqual([]);
    expect(await search(world.viewer, 'repairs')).toEqual([]);
  });
});

describe('any text is a valid search', () => {
  const hostile = [
    '',
    '   ',
    '"',
    '""',
    '"appointment',
    'appointment"slots',
    "repairs' OR 1=1 --",
    'NEAR(appointment slots)',
    'appointment NEAR slots',
    'appointment OR slots',
    'NOT repairs',
    'AND',
    'OR OR OR',
    '*',
    'app*',
    '^repairs',
    ':',
    'title: repairs',
    'body:repairs keys:4',
    '{title body}: repairs',
    '-repairs',
    'repairs-',
    '(repairs',
    ')',
    '+',
    '\\',
    '%_',
    'réparations café naïve',
    '\u0301\u0301',
    '🙂 repairs 🏠',
    '中文 العربية',
    '\u0000\u0001\uE000\uE001',
    'x'.repeat(500),
    'repairs '.repeat(62),
  ];
  it.each(hostile.map((q) => [JSON.stringify(q).slice(0, 40), q]))('%s', async (_name, q) => {
    const response = await world.lead.get<SearchResponse>(`/api/search?q=${encodeURIComponent(q)}`);
    expect(response.status).toBe(200);
    expect(Array.isArray(response.body.results)).toBe(true);
    expect(response.body.results.length).toBeLessThanOrEqual(50);
  });

  it('ignores case, and refuses only a search longer than the box', async () => {
    expect((await search(world.lead, 'APPOINTMENT Slots'))[0]?.place).toMatchObject({ block: 'REQ-004' });
    expect(await search(world.lead, '')).toEqual([]);
    const tooLong = await world.lead.get(`/api/search?q=${'x'.repeat(501)}`);
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error).toMatchObject({ code: 'invalid', message: 'Search for 500 characters or fewer' });
  });
});

describe('after a restart', () => {
  it('catches up what the index missed', async () => {
    const other = await startDemoWorld();
    const { dir, databasePath } = other.server;
    await other.server.stop();
    // As if the index had been lost, or written by a server from before search.
    const sqlite = new Database(databasePath);
    sqlite.exec('DELETE FROM search_entries; DELETE FROM search_progress;');
    sqlite.close();
    const restarted = await startTestServer({ dir, demo: true });
    try {
      await restarted.services.search.indexer.flush();
      const lead = await signIn(restarted.url, 'lead@hackney.demo');
      expect((await search(lead, 'appointment slots'))[0]).toMatchObject({ place: { block: 'REQ-004' } });
      expect((await search(lead, 'routine repairs')).some((r) => r.kind === 'comment')).toBe(true);
    } finally {
      await restarted.remove();
    }
  });
});

function paragraphOf(words: string): Y.XmlElement {
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText(words)]);
  return paragraph;
}
