import { addSuggestionMarks, suggestChanges } from '@handlewithcare/prosemirror-suggest-changes';
import fc from 'fast-check';
import { Schema, type Node as PMNode } from '@tiptap/pm/model';
import { EditorState } from '@tiptap/pm/state';
import type { Decoration, DecorationSet } from '@tiptap/pm/view';
import { describe, expect, it } from 'vitest';
import { suggestionDecorations } from './suggestion-decorations.js';

const schema = new Schema({
  nodes: {
    doc: { content: 'block+' },
    paragraph: { group: 'block', content: 'inline*' },
    requirement: { group: 'block', content: 'paragraph+' },
    rule: { group: 'block' },
    text: { group: 'inline' },
  },
  marks: addSuggestionMarks({}),
});

const libraryDecorations = suggestChanges().spec.props!.decorations! as unknown as (state: EditorState) => DecorationSet;

/** What a person sees drawn: each decoration's place and what it says. */
function drawn(set: DecorationSet): string[] {
  return set.find().map((d: Decoration) => {
    const spec = d.spec as { key?: unknown; marks?: { type: { name: string }; attrs: { id: unknown } }[] };
    const attrs = (d as unknown as { type: { attrs?: Record<string, string> } }).type.attrs;
    const what = spec.marks
      ? `¶ ${spec.marks.map((m) => `${m.type.name}:${String(m.attrs.id)}`).join(',')} key ${String(spec.key)}`
      : JSON.stringify(attrs);
    return `${d.from}-${d.to} ${what}`;
  });
}

type Piece = { text: string; mark: 'insertion' | 'deletion' | null; id: number };
type Block = { kind: 'paragraph'; pieces: Piece[] } | { kind: 'requirement'; paragraphs: Piece[][] } | { kind: 'rule' };

function inline(pieces: Piece[]): PMNode[] {
  return pieces.map(({ text, mark, id }) => schema.text(text, mark ? [schema.marks[mark].create({ id })] : []));
}

function build(blocks: Block[]): PMNode {
  return schema.nodes.doc.create(
    null,
    blocks.map((block) => {
      if (block.kind === 'rule') return schema.nodes.rule.create();
      if (block.kind === 'paragraph') return schema.nodes.paragraph.create(null, inline(block.pieces));
      return schema.nodes.requirement.create(
        null,
        block.paragraphs.map((pieces) => schema.nodes.paragraph.create(null, inline(pieces))),
      );
    }),
  );
}

const piece = fc.record({
  text: fc.constantFrom('a', 'bc', 'def'),
  mark: fc.constantFrom<Piece['mark']>(null, null, 'insertion', 'deletion'),
  id: fc.integer({ min: 1, max: 2 }),
});
const pieces = fc.array(piece, { maxLength: 3 });
const block = fc.oneof(
  fc.record({ kind: fc.constant('paragraph' as const), pieces }),
  fc.record({ kind: fc.constant('requirement' as const), paragraphs: fc.array(pieces, { minLength: 1, maxLength: 3 }) }),
  fc.constant({ kind: 'rule' as const }),
);

describe('suggestion decorations, block by block', () => {
  it('draw exactly what the suggestion library draws, on any document (seeded)', () => {
    fc.assert(
      fc.property(fc.array(block, { minLength: 1, maxLength: 8 }), (blocks) => {
        const state = EditorState.create({ doc: build(blocks) });
        expect(drawn(suggestionDecorations()(state))).toEqual(drawn(libraryDecorations(state)));
      }),
      { seed: 20261201, numRuns: 400 },
    );
  });

  it('stay right as the document changes under one editor, reusing what it knew of unchanged blocks (seeded)', () => {
    fc.assert(
      fc.property(
        fc.array(block, { minLength: 2, maxLength: 6 }),
        fc.array(fc.tuple(fc.nat(), piece), { maxLength: 10 }),
        (blocks, edits) => {
          const decorate = suggestionDecorations();
          let state = EditorState.create({ doc: build(blocks) });
          for (const [at, { text, mark, id }] of edits) {
            // Text typed (or proposed) at the start of one of the blocks that holds text.
            const starts: number[] = [];
            state.doc.descendants((node, pos) => {
              if (node.isTextblock) starts.push(pos + 1);
            });
            if (starts.length === 0) break;
            const where = starts[at % starts.length]!;
            state = state.apply(state.tr.insert(where, schema.text(text, mark ? [schema.marks[mark].create({ id })] : [])));
            expect(drawn(decorate(state))).toEqual(drawn(libraryDecorations(state)));
          }
        },
      ),
      { seed: 20261202, numRuns: 200 },
    );
  });

  it('draw nothing while no suggestion is anywhere, before and after typing', () => {
    const decorate = suggestionDecorations();
    const blocks: Block[] = Array.from({ length: 300 }, (_, i) => ({
      kind: 'paragraph',
      pieces: [{ text: `Requirement ${i}`, mark: null, id: 0 }],
    }));
    const state = EditorState.create({ doc: build(blocks) });
    expect(decorate(state).find()).toEqual([]);
    const typed = state.apply(state.tr.insertText('x', 5));
    expect(decorate(typed).find()).toEqual([]);
  });
});
