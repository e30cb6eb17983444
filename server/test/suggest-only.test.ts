/**
 * The rule for people who may only suggest (server/src/workspace/suggest-only.ts),
 * checked against what the editor really writes: each edit is made in the browser's own
 * schema and turned into suggestions by the same library the editor uses, then written
 * into a Yjs document as the editor's binding writes it. Every edit of suggesting mode
 * must pass; direct edits, and deciding on anyone's suggestions, must not.
 */
import { applySuggestions, revertSuggestions, transformToSuggestionTransaction } from '@handlewithcare/prosemirror-suggest-changes';
import { getSchema } from '@tiptap/core';
import type { Node as PmNode, Schema } from '@tiptap/pm/model';
import { EditorState, type Transaction } from '@tiptap/pm/state';
import { prosemirrorToYXmlFragment, yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { roots, specNodes } from '../../shared/doc-layout.js';
import { heading, paragraph, requirement } from '../../shared/spec-builders.js';
import { newSuggestionId } from '../../shared/suggestions.js';
import { specificationExtensions } from '../../client/src/workspace/spec/extensions.js';
import { blockSuggestionsPlugin } from '../../client/src/workspace/spec/suggestions/block-suggestions.js';
import { claimForeignSuggestions, removesColleaguesSuggestion } from '../../client/src/workspace/spec/suggestions/suggest-changes.js';
import { changesOnlyOwnSuggestions, viewWithoutSuggestionsOf } from '../src/workspace/suggest-only.js';

const schema: Schema = getSchema(specificationExtensions(new Y.Doc().getXmlFragment('schema'), null, { name: '', borough: '', color: '' }));
const priya = 'user-priya';
const tom = 'user-tom';
let counter = 0;
const idOf = (userId: string) => () => newSuggestionId(userId, 1_700_000_000_000 + counter, `r${++counter}`);

/** A specification: a heading, a paragraph, and a requirement. */
function startingDocument(): PmNode {
  const doc = new Y.Doc();
  doc
    .getXmlFragment(roots.specification)
    .insert(0, [
      heading(2, 'Scheduling'),
      paragraph('Repairs are booked in slots.'),
      requirement({ number: 1, priority: 'must' }, ['Residents can choose a morning or afternoon slot.']),
    ]);
  return yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment(roots.specification), schema);
}

/** The document as Yjs holds it, as the editor's binding writes it. */
function asYjs(node: PmNode): Y.Doc {
  const doc = new Y.Doc();
  prosemirrorToYXmlFragment(node, doc.getXmlFragment(roots.specification));
  return doc;
}

/** The editor's state on `node`, with what keeps requirements' suggestions in Yjs. */
const stateOf = (node: PmNode) => EditorState.create({ schema, doc: node, plugins: [blockSuggestionsPlugin([specNodes.requirement])] });

/** `edit` made by `userId` in suggesting mode, as the editor turns it into suggestions. */
function suggest(node: PmNode, userId: string, edit: (tr: Transaction) => void): PmNode {
  const state = stateOf(node);
  const tr = state.tr;
  edit(tr);
  const tracked = transformToSuggestionTransaction(tr, state, idOf(userId));
  claimForeignSuggestions(tracked, userId, idOf(userId)());
  return state.applyTransaction(tracked).state.doc;
}

/** `edit` made directly (editing mode). */
function direct(node: PmNode, edit: (tr: Transaction) => void): PmNode {
  const state = stateOf(node);
  const tr = state.tr;
  edit(tr);
  return state.applyTransaction(tr).state.doc;
}

/** A command of the library (accept or reject) run on `node`. */
function run(node: PmNode, command: typeof applySuggestions): PmNode {
  let state = stateOf(node);
  command(state, (tr) => (state = state.applyTransaction(tr).state));
  return state.doc;
}

/**
 * Would `userId`, allowed only to suggest, be allowed to go from `before` to `after`?
 * Asked as the server asks it, of the transaction that writes the change into a Yjs
 * document holding `before` (as the editor's binding writes it); and checked against
 * the whole specification read both ways, which must agree.
 */
function allowed(before: PmNode, after: PmNode, userId: string): boolean {
  const doc = new Y.Doc({ gc: false });
  const fragment = doc.getXmlFragment(roots.specification);
  prosemirrorToYXmlFragment(before, fragment);
  let verdict: boolean | null = null;
  doc.once('afterTransaction', (tr: Y.Transaction) => (verdict = changesOnlyOwnSuggestions(tr, userId)));
  prosemirrorToYXmlFragment(after, fragment);
  const whole = viewWithoutSuggestionsOf(asYjs(before), userId) === viewWithoutSuggestionsOf(asYjs(after), userId);
  expect(verdict, 'the check of the transaction agrees with the whole reading').toBe(whole);
  return whole;
}

/** Where the first occurrence of `words` starts. */
function positionOf(node: PmNode, words: string): number {
  let found = -1;
  node.descendants((child, pos) => {
    if (found >= 0) return false;
    const at = child.isText ? (child.text ?? '').indexOf(words) : -1;
    if (at >= 0) found = pos + at;
    return true;
  });
  if (found < 0) throw new Error(`"${words}" is not in the document`);
  return found;
}

function requirementPosition(node: PmNode): number {
  let found = -1;
  node.forEach((child, offset) => {
    if (child.type.name === 'requirement') found = offset;
  });
  return found;
}

describe('someone who may only suggest', () => {
  const start = startingDocument();

  it('may type, delete, split a paragraph, propose a requirement and a priority, all as suggestions', () => {
    const edits: [string, (tr: Transaction) => void][] = [
      ['typing words', (tr) => tr.insertText(' quickly', positionOf(start, ' in slots'))],
      ['deleting words', (tr) => tr.delete(positionOf(start, ' in slots'), positionOf(start, ' in slots') + ' in slots'.length)],
      ['splitting a paragraph', (tr) => tr.split(positionOf(start, ' in slots'))],
      [
        'proposing a new requirement',
        (tr) =>
          tr.insert(
            start.content.size,
            schema.nodes.requirement!.create(
              { priority: 'should' },
              schema.nodes.paragraph!.create(null, schema.text('Texts remind residents.')),
            ),
          ),
      ],
      ['changing a priority', (tr) => tr.setNodeAttribute(requirementPosition(start), 'priority', 'should')],
    ];
    for (const [what, edit] of edits) {
      const after = suggest(start, tom, edit);
      expect(after.eq(start), what).toBe(false);
      expect(allowed(start, after, tom), what).toBe(true);
    }
  });

  it('may withdraw their own suggestions, but not accept them', () => {
    const suggested = suggest(start, tom, (tr) => tr.insertText(' quickly', positionOf(start, ' in slots')));
    expect(allowed(suggested, run(suggested, revertSuggestions), tom)).toBe(true);
    expect(allowed(suggested, run(suggested, applySuggestions), tom)).toBe(false);
  });

  it('may not type directly, nor decide on a colleague’s suggestion', () => {
    expect(
      allowed(
        start,
        direct(start, (tr) => tr.insertText(' quickly', positionOf(start, ' in slots'))),
        tom,
      ),
    ).toBe(false);
    expect(
      allowed(
        start,
        direct(start, (tr) => tr.setNodeAttribute(requirementPosition(start), 'priority', 'could')),
        tom,
      ),
    ).toBe(false);

    const priyas = suggest(start, priya, (tr) => tr.insertText(' online', positionOf(start, ' in slots')));
    expect(allowed(priyas, run(priyas, applySuggestions), tom)).toBe(false);
    expect(allowed(priyas, run(priyas, revertSuggestions), tom)).toBe(false);
    // Deleting a colleague's proposed words outright is deciding on them too, and the
    // editor does not do it in suggesting mode.
    const at = positionOf(priyas, ' online');
    expect(
      allowed(
        priyas,
        direct(priyas, (tr) => tr.delete(at, at + ' online'.length)),
        tom,
      ),
    ).toBe(false);
    const state = stateOf(priyas);
    const tracked = transformToSuggestionTransaction(state.tr.delete(at + 1, at + 4), state, idOf(tom));
    expect(removesColleaguesSuggestion(tracked, tom)).toBe(true);
    const own = transformToSuggestionTransaction(state.tr.delete(at + 1, at + 4), state, idOf(priya));
    expect(removesColleaguesSuggestion(own, priya)).toBe(false);
  });

  it('may suggest beside a colleague’s suggestion, which stays theirs', () => {
    const priyas = suggest(start, priya, (tr) => tr.insertText(' online', positionOf(start, ' in slots')));
    const both = suggest(priyas, tom, (tr) => tr.insertText(' or by phone', positionOf(priyas, ' in slots')));
    expect(allowed(priyas, both, tom)).toBe(true);
  });
});
