/** The editor's building blocks, shared by the specification and the smaller rich-text fields. */
import type { AnyExtension } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { TableKit } from '@tiptap/extension-table';
import Document from '@tiptap/extension-document';
import StarterKit from '@tiptap/starter-kit';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { presenceTextColour } from '../../../../shared/presence.js';
import { CommentMark, type CommentMarkOptions } from '../comments/comment-mark.js';
import { specNodes } from '../../../../shared/doc-layout.js';
import { RequirementNode } from './requirement-node.js';
import { BlockSuggestions } from './suggestions/block-suggestions.js';
import { SuggestionNavigation } from './suggestions/suggestion-navigation.js';
import {
  DeletionMark,
  InsertionMark,
  ModificationMark,
  SuggestChanges,
  type SuggestChangesOptions,
} from './suggestions/suggest-changes.js';

/** Marks a block may carry: suggested changes (a new requirement, a changed priority). */
const blockMarks = 'insertion deletion modification';

function baseExtensions(): AnyExtension[] {
  return [
    StarterKit.configure({
      document: false,
      // Undo and redo come from the collaboration extension: each person undoes their own changes.
      undoRedo: false,
      // An editor adding an empty paragraph on load would write to the shared document
      // from every browser at once.
      trailingNode: false,
      heading: { levels: [2, 3, 4] },
      codeBlock: false,
      code: false,
      link: { openOnClick: false, autolink: true, defaultProtocol: 'https' },
    }),
  ];
}

/** Label of another person's cursor: their name and borough, in their colour. */
function renderCaret(user: Record<string, unknown>): HTMLElement {
  const colour = typeof user.color === 'string' ? user.color : '#505a5f';
  const caret = document.createElement('span');
  caret.classList.add('collaboration-carets__caret');
  caret.style.borderColor = colour;
  const label = document.createElement('span');
  label.classList.add('collaboration-carets__label');
  label.style.backgroundColor = colour;
  label.style.color = presenceTextColour(colour);
  label.textContent = [user.name, user.borough].filter(Boolean).join(', ');
  caret.append(label);
  return caret;
}

/**
 * The specification editor; `provider` null for a past version (no one else's cursor to
 * show). The comment mark is always known (the text carries it); `comments` says whether
 * to highlight the threads' text (on the live document) and report choices in it. The
 * suggestion marks are always known too; `suggestions` turns on suggesting mode's
 * machinery, for a person who may suggest on the live document.
 */
export function specificationExtensions(
  fragment: Y.XmlFragment,
  provider: WebsocketProvider | null,
  user: { name: string; borough: string; color: string },
  comments: CommentMarkOptions = { highlight: false },
  suggestions: SuggestChangesOptions & { enabled: boolean } = { enabled: false, userId: '', authorOf: () => null },
): AnyExtension[] {
  const { enabled, ...suggestionOptions } = suggestions;
  return [
    ...baseExtensions(),
    Document.extend({ marks: blockMarks }),
    // Tables drawn from the schema, not by TipTap's table view: that view comes as a new
    // function whenever TipTap hands out node views, and ProseMirror then redraws the whole
    // document (see requirement-node.ts). The same wrapper and column widths result.
    TableKit.configure({ table: { resizable: false, View: null, renderWrapper: true } }),
    RequirementNode.extend({ marks: blockMarks }),
    CommentMark.configure(comments),
    InsertionMark.configure(suggestionOptions),
    DeletionMark.configure(suggestionOptions),
    ModificationMark.configure(suggestionOptions),
    BlockSuggestions.configure({ types: [specNodes.requirement] }),
    SuggestionNavigation,
    ...(enabled ? [SuggestChanges.configure(suggestionOptions)] : []),
    Collaboration.configure({ fragment }),
    ...(provider ? [CollaborationCaret.configure({ provider, user, render: renderCaret })] : []),
  ];
}

/** A smaller editor (summaries, rationales) bound to a field of an entry. */
export function fieldExtensions(fragment: Y.XmlFragment): AnyExtension[] {
  return [...baseExtensions(), Document, Collaboration.configure({ fragment })];
}
