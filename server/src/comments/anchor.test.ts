/**
 * Specifies the anchor of a comment thread in the text: the server names the mark's
 * attribute exactly as the editor's binding does (or the editor would rewrite it on the
 * next keystroke nearby); a selection resolves to the text between its two positions,
 * across paragraphs; and an anchor is added and taken out again without changing the text.
 */
import { Schema } from '@tiptap/pm/model';
import { prosemirrorToYXmlFragment } from '@tiptap/y-tiptap';
import * as buffer from 'lib0/buffer';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { specificationOf } from '../../../shared/doc-layout.js';
import { paragraph, requirement } from '../../../shared/spec-builders.js';
import { anchorAttribute, anchorUpdate, removeAnchorUpdate, resolveSelection } from './anchor.js';

const schema = new Schema({
  nodes: { doc: { content: 'paragraph+' }, paragraph: { content: 'text*' }, text: {} },
  marks: { comment: { attrs: { threadId: { default: null } }, excludes: '', inclusive: false } },
});

function documentOf(...blocks: Y.XmlElement[]): Y.Doc {
  const doc = new Y.Doc({ gc: false });
  specificationOf(doc).insert(0, blocks);
  return doc;
}

const at = (text: Y.XmlText, index: number) =>
  buffer.toBase64(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, index)));
const textOf = (doc: Y.Doc, n: number) =>
  specificationOf(doc).get(n) instanceof Y.XmlText
    ? (specificationOf(doc).get(n) as Y.XmlText)
    : ((specificationOf(doc).get(n) as Y.XmlElement).get(0) as Y.XmlText);

describe('the anchor attribute', () => {
  it('is the name the editor binding gives an overlapping comment mark', () => {
    const node = schema.node('doc', null, [
      schema.node('paragraph', null, [schema.text('quoted', [schema.mark('comment', { threadId: 'abc123def456' })])]),
    ]);
    const fragment = prosemirrorToYXmlFragment(node, new Y.Doc().getXmlFragment('prosemirror'));
    const delta = ((fragment.get(0) as Y.XmlElement).get(0) as Y.XmlText).toDelta() as { attributes: Record<string, unknown> }[];
    expect(Object.keys(delta[0]!.attributes)).toEqual([anchorAttribute('abc123def456')]);
    expect(delta[0]!.attributes[anchorAttribute('abc123def456')]).toEqual({ threadId: 'abc123def456' });
  });
});

describe('a selection', () => {
  it('resolves to the text between its positions, across paragraphs and inside a requirement', () => {
    const doc = documentOf(
      paragraph('Residents report repairs.'),
      requirement({ number: 1, priority: 'must' }, ['Report a repair online.']),
    );
    const first = textOf(doc, 0);
    const inRequirement = ((specificationOf(doc).get(1) as Y.XmlElement).get(0) as Y.XmlElement).get(0) as Y.XmlText;
    const selection = resolveSelection(doc, at(first, 10), at(inRequirement, 6))!;
    expect(selection.quote).toBe('report repairs. Report');
    expect(selection.stretches).toHaveLength(2);
  });

  it('is nothing when empty, reversed, not in the specification, or not a position at all', () => {
    const doc = documentOf(paragraph('Residents report repairs.'));
    const text = textOf(doc, 0);
    expect(resolveSelection(doc, at(text, 4), at(text, 4))).toBeNull();
    expect(resolveSelection(doc, at(text, 9), at(text, 2))).toBeNull();
    const elsewhere = new Y.XmlText('not the specification');
    doc.getXmlFragment('elsewhere').insert(0, [elsewhere]);
    expect(resolveSelection(doc, at(elsewhere, 0), at(elsewhere, 5))).toBeNull();
    expect(resolveSelection(doc, 'AAAA', 'AAAA')).toBeNull();
  });
});

describe('anchoring', () => {
  it('marks the stretch for the thread, and taking it out leaves the text as it was', () => {
    const doc = documentOf(paragraph('Residents report repairs.'));
    const text = textOf(doc, 0);
    const before = specificationOf(doc).toString();
    Y.applyUpdate(doc, anchorUpdate(doc, resolveSelection(doc, at(text, 10), at(text, 16))!, 'thread1')!);
    expect(text.toDelta()).toEqual([
      { insert: 'Residents ' },
      { insert: 'report', attributes: { [anchorAttribute('thread1')]: { threadId: 'thread1' } } },
      { insert: ' repairs.' },
    ]);
    Y.applyUpdate(doc, removeAnchorUpdate(doc, 'thread1')!);
    expect(specificationOf(doc).toString()).toBe(before);
    expect(removeAnchorUpdate(doc, 'thread1')).toBeNull();
  });
});
