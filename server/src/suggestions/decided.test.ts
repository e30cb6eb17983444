import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { specificationOf } from '../../../shared/doc-layout.js';
import { paragraph, requirement } from '../../../shared/spec-builders.js';
import { blockSuggestionsAttribute, newSuggestionId } from '../../../shared/suggestions.js';
import { decidedSuggestions, type DecidedSuggestion } from './decided.js';

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
      },
    ]);
    expect(decidedBy(doc, () => text.delete(at + ' onnline'.length, ' quickly'.length))).toMatchObject([
      { suggestionId: tomsId(2), kind: 'insertion', outcome: 'rejected', summary: ' quickly' },
    ]);
    expect(text.toString()).toBe('Repairs are booked onnline in slots.');
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
});
