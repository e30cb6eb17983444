/**
 * Moving between suggested changes from the keyboard, in the order of the text:
 * Ctrl+Alt+] to the next, Ctrl+Alt+[ to the one before (Cmd+Alt on a Mac), wrapping
 * round at either end. The caret goes to the start of the suggestion, on screen.
 */
import { Extension, type Editor } from '@tiptap/core';
import type { Node as PmNode } from '@tiptap/pm/model';
import { TextSelection } from '@tiptap/pm/state';
import { suggestionMarkNames } from '../../../../../shared/suggestions.js';

/** Where each suggestion starts in `doc`, in order (a suggestion split by other text counts each part). */
export function suggestionStarts(doc: PmNode): number[] {
  const starts: number[] = [];
  let previous: { id: unknown; end: number } | null = null;
  doc.descendants((node, pos) => {
    const mark = node.marks.find((m) => (suggestionMarkNames as readonly string[]).includes(m.type.name));
    if (!mark) return true;
    // A run continuing the same suggestion straight after the last is the same place.
    const continues = previous !== null && previous.id === mark.attrs.id && previous.end === pos;
    if (!continues) starts.push(node.isText ? pos : pos + 1);
    previous = { id: mark.attrs.id, end: pos + node.nodeSize };
    return !node.isText;
  });
  return starts;
}

/** Moves the caret to the next (or previous) suggestion; false when there is none. */
export function moveToSuggestion(editor: Editor, direction: 1 | -1): boolean {
  const starts = suggestionStarts(editor.state.doc);
  if (starts.length === 0) return false;
  const from = editor.state.selection.from;
  const target =
    direction === 1
      ? (starts.find((pos) => pos > from) ?? starts[0]!)
      : ([...starts].reverse().find((pos) => pos < from) ?? starts.at(-1)!);
  const tr = editor.state.tr.setSelection(TextSelection.near(editor.state.doc.resolve(target))).scrollIntoView();
  editor.view.dispatch(tr);
  return true;
}

export const SuggestionNavigation = Extension.create({
  name: 'suggestionNavigation',
  addKeyboardShortcuts() {
    return {
      'Mod-Alt-]': () => moveToSuggestion(this.editor, 1),
      'Mod-Alt-[': () => moveToSuggestion(this.editor, -1),
    };
  },
});
