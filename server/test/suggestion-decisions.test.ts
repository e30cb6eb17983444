/**
 * Decisions on suggested changes, on record: Camden's editor proposes words over the live
 * connection; Hackney's lead is told a suggestion waits for them; Hackney accepts one and
 * rejects another; Camden is told of each; the history and the comparison name who
 * proposed and who decided, from what the updates did (not from what anyone claims).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import type { ForYou } from '../../shared/comments.js';
import { plainText } from '../../shared/doc-layout.js';
import type { Comparison, Timeline } from '../../shared/history.js';
import { newSuggestionId } from '../../shared/suggestions.js';
import { requirementNumbered } from '../src/demo/specification.js';
import type { ApiClient } from './support/api.js';
import { barrier, clientPool, waitFor, waitForSync, type TestClient } from './support/clients.js';
import { changeLive, startDemoWorld, type DemoWorld } from './support/demo-world.js';
import { eventually } from './support/server-group.js';

let world: DemoWorld;
let path: string;
let before: number;
const tomsWords = ' and by text message';

const live = (who: ApiClient, change: (doc: Y.Doc) => void) => changeLive(world, who, change);

const firstText = (doc: Y.Doc) => (requirementNumbered(doc, 1).get(0) as Y.XmlElement).get(0) as Y.XmlText;
const forYouOf = async (who: ApiClient) => (await who.get<ForYou>('/api/for-you')).body;

beforeAll(async () => {
  world = await startDemoWorld();
  path = `/api/procurements/${world.procurementId}`;
  before = (await world.lead.get<Timeline>(`${path}/history`)).body.latestSeq;
  await live(world.editor, (doc) => {
    const text = firstText(doc);
    const end = plainText(text).indexOf(' online') + ' online'.length;
    text.insert(end, tomsWords, { insertion: { id: newSuggestionId(world.userIds.editor, 1_000, 'words') } });
    text.format(plainText(text).indexOf(' straight away'), ' straight away'.length, {
      deletion: { id: newSuggestionId(world.userIds.editor, 2_000, 'away') },
    });
  });
});
afterAll(async () => world.server.remove());

describe('decisions on suggested changes', () => {
  it('tells the lead borough’s lead that Tom’s suggestions wait for a decision, once each', async () => {
    const hackney = await forYouOf(world.lead);
    const waiting = hackney.items.filter((item) => item.kind === 'suggestion-waiting');
    expect(waiting).toHaveLength(2);
    expect(waiting[0]).toMatchObject({
      actor: { name: 'Tom Okafor', borough: { name: 'Camden' } },
      suggestion: { where: 'REQ-001', outcome: null },
      read: false,
    });
    // Tom is not told of his own suggestions; an observer, who cannot decide, is not told.
    expect((await forYouOf(world.editor)).items.filter((item) => item.kind === 'suggestion-waiting')).toEqual([]);
    expect((await forYouOf(world.viewer)).items).toEqual([]);
  });

  it('records Hackney accepting one and rejecting the other, and tells Tom', async () => {
    await live(world.lead, (doc) => {
      const text = firstText(doc);
      text.format(plainText(text).indexOf(tomsWords), tomsWords.length, { insertion: null });
      text.format(plainText(text).indexOf(' straight away'), ' straight away'.length, { deletion: null });
    });
    const decided = (await forYouOf(world.editor)).items.filter((item) => item.kind === 'suggestion-decided');
    expect(decided.map((item) => [item.suggestion?.outcome, item.excerpt, item.actor.name])).toEqual(
      expect.arrayContaining([
        ['accepted', tomsWords, 'Priya Shah'],
        ['rejected', ' straight away', 'Priya Shah'],
      ]),
    );
  });

  it('the history and the comparison name who proposed and who decided', async () => {
    const timeline = (await world.lead.get<Timeline>(`${path}/history`)).body;
    const recorded = timeline.versions.flatMap((version) => version.suggestionDecisions);
    expect(
      recorded.map((d) => [d.outcome, d.kind, d.summary, d.place, d.suggestedBy.name, d.suggestedBy.borough, d.decidedBy?.name]),
    ).toEqual([
      ['accepted', 'insertion', tomsWords, 'REQ-001', 'Tom Okafor', 'Camden', 'Priya Shah'],
      ['rejected', 'deletion', ' straight away', 'REQ-001', 'Tom Okafor', 'Camden', 'Priya Shah'],
    ]);

    const comparison = (await world.lead.get<Comparison>(`${path}/history/compare?from=${before}`)).body;
    expect(comparison.suggestionDecisions.map((d) => [d.outcome, d.suggestedBy.name, d.decidedBy?.name])).toEqual([
      ['accepted', 'Tom Okafor', 'Priya Shah'],
      ['rejected', 'Tom Okafor', 'Priya Shah'],
    ]);
    // Before the decisions, nothing is on record.
    const earlier = (await world.lead.get<Comparison>(`${path}/history/compare?from=1&to=${before}`)).body;
    expect(earlier.suggestionDecisions).toEqual([]);
  });
});

describe('a suggestion two people decide at the same moment, differently', () => {
  const clients = clientPool();
  afterAll(() => clients.closeAll());

  const textOf = (tab: TestClient) => firstText(tab.doc);
  const decisionsOn = async (suggestionId: string) => {
    const timeline = (await world.lead.get<Timeline>(`${path}/history`)).body;
    const all = timeline.versions.flatMap((version) => version.suggestionDecisions);
    // The history names decisions by their words: each suggestion here has its own.
    return all.filter((decision) => decision.summary === suggestionId);
  };

  /** Holds what the server sends a tab, as a slow network would, until released. */
  const holdIncoming = (tab: TestClient) => {
    const socket = tab.provider.ws!;
    const deliver = socket.onmessage!;
    const held: MessageEvent[] = [];
    socket.onmessage = (event) => void held.push(event);
    return () => {
      socket.onmessage = deliver;
      for (const event of held) deliver.call(socket, event);
    };
  };

  /** Tom proposes `words` at the end of the first requirement; Priya has it in two tabs. */
  const proposedInTwoTabs = async (words: string, kind: 'insertion' | 'deletion') => {
    const id = newSuggestionId(world.userIds.editor, Date.now(), words.trim().replace(/\W/g, ''));
    await live(world.editor, (doc) => {
      const text = firstText(doc);
      if (kind === 'insertion') text.insert(text.length, words, { insertion: { id } });
      else {
        text.insert(text.length, words);
        text.format(text.length - words.length, words.length, { deletion: { id } });
      }
    });
    const [first, second] = [0, 1].map(() =>
      clients.connect(world.server.collabUrl, world.procurementId, { headers: world.lead.liveHeaders() }),
    );
    await Promise.all([first!, second!].map((tab) => waitForSync(tab)));
    return { first: first!, second: second!, at: (tab: TestClient) => plainText(textOf(tab)).indexOf(words) };
  };

  /**
   * Tom proposes `words`; the first tab takes the mark off them (keeps them) and, once that
   * is on record, the second tab, which has not heard of it, removes them.
   */
  const keptThenRemovedUnseen = async (words: string, kind: 'insertion' | 'deletion') => {
    const { first, second, at } = await proposedInTwoTabs(words, kind);
    const release = holdIncoming(second);
    textOf(first).format(at(first), words.length, { [kind]: null });
    await barrier(first);
    await eventually(async () => (await decisionsOn(words)).length === 1, 'the first decision on record');
    // The second tab has not heard of it: it removes the words it still sees marked.
    textOf(second).delete(at(second), words.length);
    release();
    await barrier(second);
    for (const tab of [first, second]) {
      await waitFor(() => !plainText(textOf(tab)).includes(words), { what: 'the words gone in both tabs' });
    }
    await eventually(async () => (await decisionsOn(words)).length === 2, 'the second decision on record');
    return decisionsOn(words);
  };

  it('keeps on record the rejection that arrived after an acceptance it had not seen, since the words are gone', async () => {
    const decisions = await keptThenRemovedUnseen(' with a photo', 'insertion');
    expect(decisions.map((d) => [d.outcome, d.kind, d.decidedBy?.name, d.suggestedBy.name])).toEqual([
      ['accepted', 'insertion', 'Priya Shah', 'Tom Okafor'],
      ['rejected', 'insertion', 'Priya Shah', 'Tom Okafor'],
    ]);
  });

  it('keeps on record the acceptance of a removal that arrived after a rejection it had not seen', async () => {
    const decisions = await keptThenRemovedUnseen(' within a day', 'deletion');
    expect(decisions.map((d) => [d.outcome, d.kind])).toEqual([
      ['rejected', 'deletion'],
      ['accepted', 'deletion'],
    ]);
  });

  it('records nothing more when someone who saw the acceptance deletes the accepted words: that is an edit', async () => {
    const words = ' in plain English';
    const { first, second, at } = await proposedInTwoTabs(words, 'insertion');
    textOf(first).format(at(first), words.length, { insertion: null });
    await barrier(first);
    await eventually(async () => (await decisionsOn(words)).length === 1, 'the acceptance on record');
    await waitFor(() => !JSON.stringify(textOf(second).toDelta()).includes('insertion'), { what: 'the second tab to see it' });
    textOf(second).delete(at(second), words.length);
    await barrier(second);
    // A later decision, written after anything this edit could have put on record.
    const later = ' by email';
    const { first: third, at: laterAt } = await proposedInTwoTabs(later, 'insertion');
    textOf(third).format(laterAt(third), later.length, { insertion: null });
    await barrier(third);
    await eventually(async () => (await decisionsOn(later)).length === 1, 'the later acceptance on record');
    expect((await decisionsOn(words)).map((d) => d.outcome)).toEqual(['accepted']);
  });
});
