/**
 * Specifies the text a specification's hash is made from: exactly Yjs's own toString()
 * for a document without comments (hashes recorded before comments existed still
 * match), and unchanged when comments are anchored in it.
 */
import * as buffer from 'lib0/buffer';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { specificationOf } from '../../../shared/doc-layout.js';
import { bulletList, heading, paragraph, requirement, table } from '../../../shared/spec-builders.js';
import { anchorUpdate, resolveSelection } from '../comments/anchor.js';
import { specificationText } from './specification-text.js';

function sample(): Y.Doc {
  const doc = new Y.Doc({ gc: false });
  specificationOf(doc).insert(0, [
    heading(2, 'Introduction'),
    paragraph('Hackney and Camden are buying together.'),
    requirement({ number: 1, priority: 'must', appliesTo: ['camden'] }, ['Report a repair online.']),
    bulletList(['Photos', 'Videos']),
    table(['Borough', 'Homes'], [['Hackney', '30,000']]),
  ]);
  // Formatting applied in two steps leaves two runs that Yjs prints separately.
  const text = (specificationOf(doc).get(1) as Y.XmlElement).get(0) as Y.XmlText;
  text.format(0, 7, { bold: {} });
  text.format(7, 4, { bold: {} });
  text.format(12, 6, { link: { href: 'https://example.org' } });
  return doc;
}

describe('the specification text', () => {
  it('is what Yjs prints, for a document without comments', () => {
    const doc = sample();
    expect(specificationText(specificationOf(doc))).toBe(specificationOf(doc).toString());
  });

  it('does not change when a comment is anchored in the text', () => {
    const doc = sample();
    const before = specificationText(specificationOf(doc));
    const text = (specificationOf(doc).get(1) as Y.XmlElement).get(0) as Y.XmlText;
    const at = (i: number) => buffer.toBase64(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, i)));
    Y.applyUpdate(doc, anchorUpdate(doc, resolveSelection(doc, at(3), at(20))!, 'thread1')!);
    expect(specificationOf(doc).toString()).not.toBe(before);
    expect(specificationText(specificationOf(doc))).toBe(before);
  });
});
