import fc from 'fast-check';
import { Fragment, Schema, Slice, type Node as PMNode } from '@tiptap/pm/model';
import { EditorState, TextSelection, type Transaction } from '@tiptap/pm/state';
import { describe, expect, it } from 'vitest';
import { commentMarkName } from '../../../../shared/comments.js';
import { changedBlocks, highlightsAfterChange, highlightsOf, type HighlightChoice, type Highlights } from './comment-highlights.js';

const schema = new Schema({
  nodes: {
    doc: { content: 'block+' },
    paragraph: { group: 'block', content: 'text*' },
    text: {},
  },
  marks: { [commentMarkName]: { attrs: { threadId: {} }, excludes: '', inclusive: false } },
});

const choice: HighlightChoice = { activeId: 't1', resolvedIds: new Set(['t3']) };

function paragraph(text: string, threadId?: string): PMNode {
  const marks = threadId ? [schema.marks[commentMarkName].create({ threadId })] : [];
  return schema.nodes.paragraph.create(null, text ? schema.text(text, marks) : null);
}

function documentOf(blocks: number): PMNode {
  const paragraphs = Array.from({ length: blocks }, (_, i) => paragraph(`Requirement ${i}`, i % 3 === 0 ? `t${i % 5}` : undefined));
  return schema.nodes.doc.create(null, paragraphs);
}

/** What a person sees highlighted: each stretch with its look. */
function shown(doc: PMNode, highlights: Highlights): string[] {
  return highlights.decorations.find().map((d) => {
    const spec = (d as unknown as { type: { attrs: { class: string } } }).type.attrs;
    return `${doc.textBetween(d.from, d.to)}@${d.from}-${d.to}:${spec.class}`;
  });
}

/** A colleague's change as the Yjs binding applies it: the whole document replaced, unchanged blocks reused. */
function replacedWhole(state: EditorState, blocks: PMNode[]): Transaction {
  return state.tr.replace(0, state.doc.content.size, new Slice(Fragment.fromArray(blocks), 0, 0));
}

type Edit =
  | { kind: 'type'; block: number; text: string }
  | { kind: 'comment'; block: number; threadId: string }
  | { kind: 'split'; block: number }
  | { kind: 'remove'; block: number }
  | { kind: 'remote'; block: number; text: string; threadId: string | null };

function applyEdit(state: EditorState, edit: Edit): Transaction {
  const index = edit.block % state.doc.childCount;
  let start = 0;
  for (let i = 0; i < index; i++) start += state.doc.child(i).nodeSize;
  const block = state.doc.child(index);
  switch (edit.kind) {
    case 'type':
      return state.tr.insertText(edit.text, start + 1);
    case 'comment':
      return state.tr.addMark(start + 1, start + block.nodeSize - 1, schema.marks[commentMarkName].create({ threadId: edit.threadId }));
    case 'split':
      return state.tr.setSelection(TextSelection.create(state.doc, start + 1)).split(start + 1);
    case 'remove':
      return state.doc.childCount > 1 ? state.tr.delete(start, start + block.nodeSize) : state.tr.insertText('x', 1);
    case 'remote': {
      const blocks: PMNode[] = [];
      state.doc.forEach((b) => blocks.push(b));
      blocks[index] = paragraph(edit.text, edit.threadId ?? undefined);
      return replacedWhole(state, blocks);
    }
  }
}

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('type' as const), block: fc.nat(40), text: fc.string({ minLength: 1, maxLength: 4 }) }),
  fc.record({ kind: fc.constant('comment' as const), block: fc.nat(40), threadId: fc.constantFrom('t1', 't2', 't3', 't9') }),
  fc.record({ kind: fc.constant('split' as const), block: fc.nat(40) }),
  fc.record({ kind: fc.constant('remove' as const), block: fc.nat(40) }),
  fc.record({
    kind: fc.constant('remote' as const),
    block: fc.nat(40),
    text: fc.string({ minLength: 1, maxLength: 8 }),
    threadId: fc.constantFrom(null, 't1', 't4'),
  }),
);

describe('comment highlights kept in step with changes', () => {
  it('finds the stretch of blocks a colleague changed, though the whole document was replaced', () => {
    const state = EditorState.create({ schema, doc: documentOf(10) });
    const blocks: PMNode[] = [];
    state.doc.forEach((b) => blocks.push(b));
    blocks.splice(4, 1, paragraph('Changed'), paragraph('Added'));
    const after = replacedWhole(state, blocks).doc;

    const changed = changedBlocks(state.doc, after);

    expect([changed.firstIndex, changed.oldEndIndex, changed.newEndIndex]).toEqual([4, 5, 6]);
    expect(after.slice(changed.start, changed.newEnd).content.textBetween(0, changed.newEnd - changed.start, '|')).toBe('Changed|Added');
  });

  it('shows after any run of edits exactly what reading the whole document again shows', () => {
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 25 }), (edits) => {
        let state = EditorState.create({ schema, doc: documentOf(12) });
        let highlights = highlightsOf(state.doc, choice);
        for (const next of edits) {
          const tr = applyEdit(state, next);
          highlights = highlightsAfterChange(highlights, state.doc, tr.doc, choice);
          state = state.apply(tr);
        }
        const fresh = highlightsOf(state.doc, choice);
        expect(shown(state.doc, highlights)).toEqual(shown(state.doc, fresh));
        expect(highlights.anchored).toEqual(fresh.anchored);
      }),
      { seed: 20261201, numRuns: 300 },
    );
  });

  it('keeps the same list of anchored threads when a change anchors nothing new', () => {
    const state = EditorState.create({ schema, doc: documentOf(6) });
    const before = highlightsOf(state.doc, choice);
    const tr = state.tr.insertText('more words ', 1);

    const after = highlightsAfterChange(before, state.doc, tr.doc, choice);

    expect(after.anchored).toBe(before.anchored);
    expect(shown(tr.doc, after)[0]).toBe('Requirement 0@12-25:app-comment-highlight');
  });
});
