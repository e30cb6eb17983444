import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { specificationOf } from '../../../shared/doc-layout.js';
import { paragraph, requirement } from '../../../shared/spec-builders.js';
import { blockSuggestionsAttribute, newSuggestionId } from '../../../shared/suggestions.js';
import { decidedSuggestions, type DecidedSuggestion } from './decided.js';
import { RecentChanges } from './recent-changes.js';

const tom = 'user-tom';
const tomsId = (n: number) => newSuggestionId(tom, 1_700_000_000_000 + n, `r${n}`);

/** A document as the server keeps it (nothing garbage-collected), with a paragraph and a requirement. */
function documentWith(): { doc: Y.Doc; text: Y.XmlText; req: Y.XmlElement } {
  const doc = new Y.Doc({ gc: false });
  specificationOf(doc).insert(0, [
    paragraph('Repairs are booked in slots.'),
    requirement({ number: 1, priority: 'should' }, ['Texts remind residents.']),
  ]);
  const text = (specificationOf(doc).get(0) as Y.XmlElement).get(0) as Y.XmlText;
  const req = specificationOf(doc).get(1) as Y.XmlElement;
  return { doc, text, req };
}

/** What `change` decided, as the server would read it from its transaction. */
function decidedBy(doc: Y.Doc, change: () => void): DecidedSuggestion[] {
  let found: DecidedSuggestion[] = [];
  doc.once('afterTransaction', (tr: Y.Transaction) => (found = decidedSuggestions(tr)));
  doc.transact(change);
  return found;
}

const recentIn = new WeakMap<Y.Doc, RecentChanges>();

/** What `update`, from another person's copy, decided as the server reads it: as its writer saw the text. */
function decidedByUpdate(server: Y.Doc, update: Uint8Array): DecidedSuggestion[] {
  let recent = recentIn.get(server);
  if (!recent) recentIn.set(server, (recent = new RecentChanges()));
  let found: DecidedSuggestion[] = [];
  server.once('afterTransaction', (tr: Y.Transaction) => {
    found = decidedSuggestions(tr, recent.writerView('room', tr, Y.decodeUpdate(update).ds));
    recent.add('room', tr);
  });
  Y.applyUpdate(server, update);
  return found;
}

/** Two people's copies of the server's document, and what one change in a copy sends. */
function copiesOf(server: Y.Doc): { first: Y.Doc; second: Y.Doc; sent: (copy: Y.Doc, change: () => void) => Uint8Array } {
  const copy = () => {
    const doc = new Y.Doc({ gc: false });
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(server));
    return doc;
  };
  // What a connected client sends: the transaction's own update.
  const sent = (doc: Y.Doc, change: () => void) => {
    let update: Uint8Array = new Uint8Array();
    doc.once('update', (sentUpdate: Uint8Array) => (update = sentUpdate));
    doc.transact(change);
    return update;
  };
  return { first: copy(), second: copy(), sent };
}

const textIn = (doc: Y.Doc) => (specificationOf(doc).get(0) as Y.XmlElement).get(0) as Y.XmlText;

describe('the suggestions a change decides', () => {
  it('accepting and rejecting proposed words', () => {
    const { doc, text } = documentWith();
    const at = 'Repairs are booked'.length;
    text.insert(at, ' online', { insertion: { id: tomsId(1) } });
    text.insert(at + ' online'.length, ' quickly', { insertion: { id: tomsId(2) } });
    // Typing more into a suggestion decides nothing.
    expect(decidedBy(doc, () => text.insert(at + 3, 'n', { insertion: { id: tomsId(1) } }))).toEqual([]);

    expect(decidedBy(doc, () => text.format(at, ' onnline'.length, { insertion: null }))).toEqual([
      {
        suggestionId: tomsId(1),
        where: null,
        kind: 'insertion',
        outcome: 'accepted',
        summary: ' onnline',
        suggestedBy: tom,
        suggestedAt: 1_700_000_000_001,
        removed: false,
        afterUnseenDecision: false,
      },
    ]);
    expect(decidedBy(doc, () => text.delete(at + ' onnline'.length, ' quickly'.length))).toMatchObject([
      { suggestionId: tomsId(2), kind: 'insertion', outcome: 'rejected', summary: ' quickly' },
    ]);
    expect(text.toString()).toBe('Repairs are booked onnline in slots.');
  });

  it('a rejection the editor binding makes by diffing the text, which may remove a neighbouring space instead', () => {
    const { doc, text } = documentWith();
    const at = 'Repairs are booked'.length;
    text.insert(at, ' online', { insertion: { id: tomsId(13) } });
    // "booked online in" → "booked in": the common start takes the suggestion's space, so
    // the binding removes "online " and clears the mark from the space it kept.
    expect(
      decidedBy(doc, () => {
        text.delete(at + 1, 'online '.length);
        text.format(at, 1, { insertion: null });
      }),
    ).toMatchObject([{ suggestionId: tomsId(13), outcome: 'rejected', removed: true }]);
    expect(text.toString()).toBe('Repairs are booked in slots.');
  });

  it('accepting and rejecting words proposed for removal', () => {
    const { doc, text } = documentWith();
    text.format(0, 'Repairs '.length, { deletion: { id: tomsId(3) } });
    text.format('Repairs are booked'.length, ' in slots'.length, { deletion: { id: tomsId(4) } });
    expect(decidedBy(doc, () => text.delete(0, 'Repairs '.length))).toMatchObject([
      { suggestionId: tomsId(3), kind: 'deletion', outcome: 'accepted', summary: 'Repairs ' },
    ]);
    expect(decidedBy(doc, () => text.format('are booked'.length, ' in slots'.length, { deletion: null }))).toMatchObject([
      { suggestionId: tomsId(4), kind: 'deletion', outcome: 'rejected', summary: ' in slots' },
    ]);
  });

  it('a proposed priority, and a proposed requirement', () => {
    const { doc, req } = documentWith();
    doc.transact(() => {
      req.setAttribute('priority', 'must');
      req.setAttribute(blockSuggestionsAttribute, [
        { type: 'modification', attrs: { id: tomsId(5), type: 'attr', attrName: 'priority', previousValue: 'should', newValue: 'must' } },
      ] as unknown as string);
    });
    expect(decidedBy(doc, () => req.removeAttribute(blockSuggestionsAttribute))).toMatchObject([
      { suggestionId: tomsId(5), kind: 'priority', outcome: 'accepted', summary: 'Should → Must' },
    ]);

    const proposed = requirement({ number: null, priority: 'could' }, ['Photos can be attached.']);
    proposed.setAttribute(blockSuggestionsAttribute, [{ type: 'insertion', attrs: { id: tomsId(6) } }] as unknown as string);
    specificationOf(doc).insert(2, [proposed]);
    expect(decidedBy(doc, () => specificationOf(doc).delete(2, 1))).toMatchObject([
      { suggestionId: tomsId(6), kind: 'requirement', outcome: 'rejected', summary: 'Photos can be attached.' },
    ]);
  });

  it('changes elsewhere decide nothing', () => {
    const { doc, text } = documentWith();
    text.insert(0, 'New ', { insertion: { id: tomsId(7) } });
    expect(decidedBy(doc, () => doc.getMap('meta').set('x', 1))).toEqual([]);
    expect(decidedBy(doc, () => text.insert(text.length, ' Extra.'))).toEqual([]);
  });

  describe('two people deciding at the same moment', () => {
    const at = 'Repairs are booked'.length;

    it('an insertion accepted by one and rejected by the other: the rejection arriving second is a decision, as its writer saw it', () => {
      const { doc: server, text } = documentWith();
      text.insert(at, ' online', { insertion: { id: tomsId(8) } });
      const { first, second, sent } = copiesOf(server);
      const acceptance = sent(first, () => textIn(first).format(at, ' online'.length, { insertion: null }));
      const rejection = sent(second, () => textIn(second).delete(at, ' online'.length));

      expect(decidedByUpdate(server, acceptance)).toMatchObject([{ outcome: 'accepted', removed: false, afterUnseenDecision: false }]);
      expect(decidedByUpdate(server, rejection)).toMatchObject([
        { suggestionId: tomsId(8), kind: 'insertion', outcome: 'rejected', summary: ' online', removed: true, afterUnseenDecision: true },
      ]);
      expect(text.toString()).toBe('Repairs are booked in slots.');
    });

    it('the rejection arriving second names only the suggestion’s words when the binding kept a neighbouring space', () => {
      const { doc: server, text } = documentWith();
      text.insert(at, ' online', { insertion: { id: tomsId(14) } });
      const { first, second, sent } = copiesOf(server);
      const acceptance = sent(first, () => textIn(first).format(at, ' online'.length, { insertion: null }));
      const rejection = sent(second, () => {
        textIn(second).delete(at + 1, 'online '.length);
        textIn(second).format(at, 1, { insertion: null });
      });
      expect(decidedByUpdate(server, acceptance)).toMatchObject([{ outcome: 'accepted' }]);
      expect(decidedByUpdate(server, rejection)).toMatchObject([
        { suggestionId: tomsId(14), outcome: 'rejected', summary: ' online', removed: true, afterUnseenDecision: true },
      ]);
      expect(text.toString()).toBe('Repairs are booked in slots.');
    });

    it('a removal accepted by one and rejected by the other, in either order', () => {
      const { doc: server, text } = documentWith();
      text.format(at, ' in slots'.length, { deletion: { id: tomsId(9) } });
      const { first, second, sent } = copiesOf(server);
      const rejection = sent(first, () => textIn(first).format(at, ' in slots'.length, { deletion: null }));
      const acceptance = sent(second, () => textIn(second).delete(at, ' in slots'.length));
      expect(decidedByUpdate(server, rejection)).toMatchObject([{ outcome: 'rejected', afterUnseenDecision: false }]);
      expect(decidedByUpdate(server, acceptance)).toMatchObject([
        { kind: 'deletion', outcome: 'accepted', removed: true, afterUnseenDecision: true },
      ]);

      // The other way round, the removal comes first and the rejection after it finds no words to keep.
      const { doc: other, text: otherText } = documentWith();
      otherText.format(at, ' in slots'.length, { deletion: { id: tomsId(10) } });
      const copies = copiesOf(other);
      const keep = copies.sent(copies.first, () => textIn(copies.first).format(at, ' in slots'.length, { deletion: null }));
      const remove = copies.sent(copies.second, () => textIn(copies.second).delete(at, ' in slots'.length));
      expect(decidedByUpdate(other, remove)).toMatchObject([{ outcome: 'accepted', removed: true, afterUnseenDecision: false }]);
      expect(decidedByUpdate(other, keep)).toEqual([]);
    });

    it('removing words accepted earlier, having seen the acceptance, is an edit, not a decision', () => {
      const { doc: server, text } = documentWith();
      text.insert(at, ' online', { insertion: { id: tomsId(11) } });
      const { first, second, sent } = copiesOf(server);
      const acceptance = sent(first, () => textIn(first).format(at, ' online'.length, { insertion: null }));
      expect(decidedByUpdate(server, acceptance)).toHaveLength(1);
      Y.applyUpdate(second, acceptance);
      expect(
        decidedByUpdate(
          server,
          sent(second, () => textIn(second).delete(at, ' online'.length)),
        ),
      ).toEqual([]);
    });

    it('a proposed requirement accepted by one and removed by the other', () => {
      const { doc: server } = documentWith();
      const proposed = requirement({ number: null, priority: 'could' }, ['Photos can be attached.']);
      proposed.setAttribute(blockSuggestionsAttribute, [{ type: 'insertion', attrs: { id: tomsId(12) } }] as unknown as string);
      specificationOf(server).insert(2, [proposed]);
      const { first, second, sent } = copiesOf(server);
      const acceptance = sent(first, () => (specificationOf(first).get(2) as Y.XmlElement).removeAttribute(blockSuggestionsAttribute));
      const rejection = sent(second, () => specificationOf(second).delete(2, 1));
      expect(decidedByUpdate(server, acceptance)).toMatchObject([{ outcome: 'accepted', afterUnseenDecision: false }]);
      expect(decidedByUpdate(server, rejection)).toMatchObject([
        { suggestionId: tomsId(12), kind: 'requirement', outcome: 'rejected', removed: true, afterUnseenDecision: true },
      ]);
    });
  });
});
