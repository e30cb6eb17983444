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
import { changeLive, startDemoWorld, type DemoWorld } from './support/demo-world.js';

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
