/**
 * Accepting or rejecting one suggested change, with the suggesting library's commands as
 * the panel uses them: only that suggestion is decided, never a neighbour's words or
 * another suggestion on a requirement's priority.
 */
import { addSuggestionMarks, applySuggestion, revertSuggestion } from '@handlewithcare/prosemirror-suggest-changes';
import { Schema, type Mark, type Node as PMNode } from '@tiptap/pm/model';
import { EditorState } from '@tiptap/pm/state';
import { describe, expect, it } from 'vitest';

const schema = new Schema({
  nodes: {
    doc: { content: 'block+' },
    paragraph: { group: 'block', content: 'inline*' },
    requirement: {
      group: 'block',
      content: 'paragraph+',
      marks: 'insertion deletion modification',
      attrs: { priority: { default: 'should' } },
    },
    text: { group: 'inline' },
  },
  marks: addSuggestionMarks({}),
});

const text = (words: string, mark?: Mark) => schema.text(words, mark ? [mark] : []);
const inserted = (id: string) => schema.marks.insertion.create({ id });
const deleted = (id: string) => schema.marks.deletion.create({ id });
const paragraph = (...content: PMNode[]) => schema.nodes.paragraph.create(null, content);

/** The document after `command`, as text with each suggestion's words in brackets by id. */
function after(doc: PMNode, command: ReturnType<typeof applySuggestion>): string {
  let state = EditorState.create({ schema, doc });
  command(state, (tr) => (state = state.apply(tr)));
  return shown(state.doc);
}

function shown(doc: PMNode): string {
  const blocks: string[] = [];
  doc.forEach((block) => {
    let line = '';
    block.descendants((node) => {
      if (!node.isText) return true;
      const mark = node.marks.find((m) => m.type.name === 'insertion' || m.type.name === 'deletion');
      line += mark ? `[${mark.type.name === 'insertion' ? '+' : '-'}${String(mark.attrs.id)}:${node.text}]` : node.text;
      return false;
    });
    const modification = block.marks.find((m) => m.type.name === 'modification');
    const priority =
      block.type.name === 'requirement'
        ? ` (${String(block.attrs.priority)}${modification ? ` ~${String(modification.attrs.id)}` : ''})`
        : '';
    blocks.push(line + priority);
  });
  return blocks.join(' | ');
}

describe('deciding one suggestion', () => {
  it('rejecting Tom’s added words leaves Priya’s, added right after them, for a decision of their own', () => {
    const doc = schema.nodes.doc.create(null, [
      paragraph(text('by phone'), text(' or by email', inserted('tom')), text(' or by letter', inserted('priya')), text(' and in person')),
    ]);
    expect(after(doc, revertSuggestion('tom'))).toBe('by phone[+priya: or by letter] and in person');
    expect(after(doc, applySuggestion('tom'))).toBe('by phone or by email[+priya: or by letter] and in person');
  });

  it('accepting Tom’s removal removes only his words, not Priya’s next to them', () => {
    const doc = schema.nodes.doc.create(null, [
      paragraph(text('by phone'), text(' by fax', deleted('tom')), text(' by post', deleted('priya')), text('.')),
    ]);
    expect(after(doc, applySuggestion('tom'))).toBe('by phone[-priya: by post].');
    expect(after(doc, revertSuggestion('tom'))).toBe('by phone by fax[-priya: by post].');
  });

  it('deciding words leaves a suggested priority elsewhere open, and that priority is decided on its own', () => {
    const proposedMust = schema.marks.modification.create({
      id: 'prio',
      type: 'attr',
      attrName: 'priority',
      previousValue: 'should',
      newValue: 'must',
    });
    const requirement = schema.nodes.requirement.create({ priority: 'must' }, [paragraph(text('Texts remind residents.'))], [proposedMust]);
    const doc = schema.nodes.doc.create(null, [paragraph(text('Repairs'), text(' online', inserted('tom'))), requirement]);
    expect(after(doc, applySuggestion('tom'))).toBe('Repairs online | Texts remind residents. (must ~prio)');
    expect(after(doc, revertSuggestion('tom'))).toBe('Repairs | Texts remind residents. (must ~prio)');
    expect(after(doc, revertSuggestion('prio'))).toBe('Repairs[+tom: online] | Texts remind residents. (should)');
    expect(after(doc, applySuggestion('prio'))).toBe('Repairs[+tom: online] | Texts remind residents. (must)');
  });

  it('a removal across two paragraphs still joins them when accepted', () => {
    const doc = schema.nodes.doc.create(null, [
      paragraph(text('First'), text(' ends here.', deleted('tom'))),
      paragraph(text('Second ', deleted('tom')), text('goes on.')),
    ]);
    expect(after(doc, applySuggestion('tom'))).toBe('Firstgoes on.');
  });
});
