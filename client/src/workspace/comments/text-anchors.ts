/**
 * Where a comment on the specification's text goes: the selection (or the word at the
 * caret), as Yjs relative positions the server can find again however the text has
 * changed meanwhile.
 */
import type { Editor } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import type { EditorState } from '@tiptap/pm/state';
import { absolutePositionToRelativePosition, ySyncPluginKey } from '@tiptap/y-tiptap';
import { toBase64 } from 'lib0/buffer';
import * as Y from 'yjs';
import type { ThreadTarget } from '../../../../shared/comments.js';

export interface TextDraft {
  target: Extract<ThreadTarget, { kind: 'text' }>;
  quote: string;
  /** Where the text is now, and where to find it again after others' changes. */
  range: RelativeRange;
}

export interface RelativeRange {
  from: number;
  to: number;
  start: Y.RelativePosition;
  end: Y.RelativePosition;
}

const quoteOf = (state: EditorState, from: number, to: number) => state.doc.textBetween(from, to, ' ', ' ').replace(/\s+/g, ' ').trim();

/** Is there text selected to comment on? */
export function hasSelectedText(state: EditorState): boolean {
  const { from, to, empty } = state.selection;
  return !empty && quoteOf(state, from, to) !== '';
}

/** The selected text, or else the word at the caret; null when there is neither. */
export function commentableRange(state: EditorState): { from: number; to: number } | null {
  if (hasSelectedText(state)) return { from: state.selection.from, to: state.selection.to };
  const { $from } = state.selection;
  if (!$from.parent.isTextblock) return null;
  // One character per position, so offsets in this string are offsets in the block.
  const text = $from.parent.textBetween(0, $from.parent.content.size, undefined, '\ufffc');
  const isWordChar = (c: string | undefined) => !!c && /[\p{L}\p{N}'’-]/u.test(c);
  let start = $from.parentOffset;
  let end = $from.parentOffset;
  while (isWordChar(text[start - 1])) start--;
  while (isWordChar(text[end])) end++;
  return start < end ? { from: $from.start() + start, to: $from.start() + end } : null;
}

/** The draft of a comment on `range`: its target for the API and the text it quotes. */
export function textDraft(editor: Editor, range: { from: number; to: number }): TextDraft | null {
  const ystate = ySyncPluginKey.getState(editor.state) as { type: Y.XmlFragment; binding: { mapping: Map<unknown, unknown> } | null };
  if (!ystate?.binding) return null;
  const encode = (rel: Y.RelativePosition) => toBase64(Y.encodeRelativePosition(rel));
  const relative = (pos: number) =>
    absolutePositionToRelativePosition(pos, ystate.type, ystate.binding!.mapping as never) as Y.RelativePosition;
  const start = startPosition(editor.state.doc, range.from, relative);
  const end = relative(range.to);
  return {
    target: { kind: 'text', start: encode(start), end: encode(end) },
    quote: quoteOf(editor.state, range.from, range.to),
    range: { ...range, start, end },
  };
}

/**
 * y-tiptap ties a position to the character before it, so text typed just before the
 * selection (by someone else, while the comment is written) would join the anchor. The
 * start is tied to the first selected character instead, when it is text.
 */
function startPosition(doc: PMNode, from: number, relative: (pos: number) => Y.RelativePosition): Y.RelativePosition {
  const $from = doc.resolve(from);
  const first = doc.nodeAt(from);
  if (!first?.isText || $from.parentOffset >= $from.parent.content.size) return relative(from);
  const afterFirst = relative(from + 1);
  if (!afterFirst.item) return relative(from);
  return Y.createRelativePositionFromJSON({ item: afterFirst.item, assoc: 0 });
}
