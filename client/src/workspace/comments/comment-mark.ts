/**
 * The `comment` mark that anchors a thread in the specification's text. Only the server
 * writes it (so people who may not edit can still comment); this editor shows it and
 * never makes one: pasted text loses it, so a copy of commented text does not become a
 * second anchor of the same thread.
 *
 * Overlapping comments are allowed (`excludes: ''`); y-tiptap then stores each mark
 * under a name hashed from its attributes, which is why `threadId` must stay its only
 * attribute: the server computes the same hash.
 *
 * With `highlight`, a plugin highlights the anchors of open threads (the chosen thread
 * more strongly, resolved ones not at all) and the text of a comment being written, and
 * the editor emits `chooseThread` when a thread's text is clicked or gets the caret.
 */
import { Mark } from '@tiptap/core';
import { Fragment, Slice, type Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey, type EditorState, type Transaction } from '@tiptap/pm/state';
import { Decoration, DecorationSet, type EditorView } from '@tiptap/pm/view';
import { relativePositionToAbsolutePosition, ySyncPluginKey } from '@tiptap/y-tiptap';
import type * as Y from 'yjs';
import { commentMarkName } from '../../../../shared/comments.js';
import { highlightsAfterChange, highlightsOf, type Highlights } from './comment-highlights.js';
import type { RelativeRange } from './text-anchors.js';

export interface CommentMarkOptions {
  /** Highlight the threads' text, and emit `chooseThread` when it is clicked or the caret moves into it. */
  highlight: boolean;
}

/** A thread's text was clicked, or the caret moved into it. */
export interface ChooseThreadEvent {
  threadId: string;
  how: 'click' | 'caret';
}

declare module '@tiptap/core' {
  interface EditorEvents {
    chooseThread: ChooseThreadEvent;
  }
}

/** What the highlighting shows, set by the page through transaction meta. */
export interface CommentHighlight {
  activeId: string | null;
  resolvedIds: ReadonlySet<string>;
  /** The text of a comment being written (followed through edits while it is). */
  pending: RelativeRange | null;
}

interface HighlightState extends CommentHighlight {
  highlights: Highlights;
  /** The highlights with the text of a comment being written. */
  decorations: DecorationSet;
  /** Every thread whose anchor has been in the text since the editor opened. */
  seen: ReadonlySet<string>;
}

/** Which threads are anchored in the text now, and which ever were. */
export function anchorsIn(state: EditorState): { anchored: readonly string[]; seen: ReadonlySet<string> } {
  const highlight = commentHighlightKey.getState(state);
  return { anchored: highlight?.highlights.anchored ?? [], seen: highlight?.seen ?? new Set() };
}

export const commentHighlightKey = new PluginKey<HighlightState>('commentHighlight');

/** Changes what is highlighted (one transaction, no change to the document). */
export function setCommentHighlight(view: EditorView, change: Partial<CommentHighlight>): void {
  view.dispatch(view.state.tr.setMeta(commentHighlightKey, change).setMeta('addToHistory', false));
}

/** The threads whose text is at `pos` (the character after it). */
export function threadsAt(doc: PMNode, pos: number): string[] {
  const node = pos < doc.content.size ? doc.nodeAt(pos) : null;
  return (node?.isText ? node.marks : []).filter((m) => m.type.name === commentMarkName).map((m) => String(m.attrs.threadId));
}

export const CommentMark = Mark.create<CommentMarkOptions>({
  name: commentMarkName,
  excludes: '',
  inclusive: false,
  keepOnSplit: false,

  addOptions() {
    return { highlight: false };
  },

  addAttributes() {
    return {
      threadId: {
        default: null,
        parseHTML: (element) => element.getAttribute('data-thread-id'),
        renderHTML: (attributes: { threadId?: string | null }) => (attributes.threadId ? { 'data-thread-id': attributes.threadId } : {}),
      },
    };
  },

  parseHTML() {
    return [{ tag: 'span[data-thread-id]' }];
  },

  renderHTML({ HTMLAttributes }) {
    return ['span', { ...HTMLAttributes, class: 'app-comment-anchor' }, 0];
  },

  addProseMirrorPlugins() {
    const editor = this.editor;
    const plugins: Plugin[] = [
      new Plugin({ props: { transformPasted: (slice, view) => (view.dragging?.move ? slice : unmarked(slice)) } }),
    ];
    if (this.options.highlight) plugins.push(highlightPlugin((threadId, how) => editor.emit('chooseThread', { threadId, how })));
    return plugins;
  },
});

function highlightPlugin(onChoose: (threadId: string, how: ChooseThreadEvent['how']) => void): Plugin<HighlightState> {
  return new Plugin<HighlightState>({
    key: commentHighlightKey,
    state: {
      init: (_config, state) => {
        const shown: CommentHighlight = { activeId: null, resolvedIds: new Set(), pending: null };
        return stateOf(shown, highlightsOf(state.doc, shown), state.doc, new Set());
      },
      apply: (tr: Transaction, previous: HighlightState, old: EditorState, state: EditorState) => {
        const change = tr.getMeta(commentHighlightKey) as Partial<CommentHighlight> | undefined;
        if (!change && !tr.docChanged) return previous;
        const pending = previous.pending && followRange(tr, state, previous.pending);
        const shown: CommentHighlight = { activeId: previous.activeId, resolvedIds: previous.resolvedIds, pending, ...change };
        const choiceChanged = shown.activeId !== previous.activeId || shown.resolvedIds !== previous.resolvedIds;
        const highlights = choiceChanged
          ? highlightsOf(state.doc, shown, previous.highlights.anchored)
          : highlightsAfterChange(previous.highlights, old.doc, state.doc, shown);
        return stateOf(shown, highlights, state.doc, previous.seen);
      },
    },
    props: {
      decorations: (state: EditorState) => commentHighlightKey.getState(state)?.decorations ?? DecorationSet.empty,
      handleClick: (view, _pos, event) => {
        const anchor = event.target instanceof Element ? event.target.closest<HTMLElement>('[data-thread-id]') : null;
        const threadId = anchor && view.dom.contains(anchor) ? anchor.dataset.threadId : undefined;
        if (threadId) onChoose(threadId, 'click');
        return false;
      },
    },
    view: () => ({
      update: (view, previous) => {
        // Keyboard users reach a thread by moving the caret into its text.
        const { selection } = view.state;
        if (!view.hasFocus() || !selection.empty || previous.selection.eq(selection)) return;
        const [threadId] = threadsAt(view.state.doc, selection.from);
        if (threadId) onChoose(threadId, 'caret');
      },
    }),
  });
}

function stateOf(shown: CommentHighlight, highlights: Highlights, doc: PMNode, seenBefore: ReadonlySet<string>): HighlightState {
  const { pending } = shown;
  const pendingDecoration =
    pending && pending.from < pending.to ? Decoration.inline(pending.from, pending.to, { class: 'app-comment-pending' }) : null;
  const decorations = pendingDecoration ? highlights.decorations.add(doc, [pendingDecoration]) : highlights.decorations;
  const { anchored } = highlights;
  const seen = anchored.every((id) => seenBefore.has(id)) ? seenBefore : new Set([...seenBefore, ...anchored]);
  return { ...shown, highlights, decorations, seen };
}

interface SyncBinding {
  doc: Y.Doc;
  type: Y.XmlFragment;
  mapping: unknown;
}

/**
 * Where a range is after a transaction. Others' changes arrive as a replacement of the
 * whole document, through which positions cannot be mapped: the range is found again
 * from its Yjs positions. One's own changes map as usual.
 */
function followRange(tr: Transaction, state: EditorState, range: RelativeRange): RelativeRange | null {
  const sync = tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined;
  if (sync?.isChangeOrigin) {
    const binding = (ySyncPluginKey.getState(state) as { binding?: SyncBinding } | undefined)?.binding;
    if (!binding) return null;
    const find = (position: Y.RelativePosition) =>
      relativePositionToAbsolutePosition(binding.doc, binding.type, position, binding.mapping as never);
    const from = find(range.start);
    const to = find(range.end);
    return from !== null && to !== null && from < to ? { ...range, from, to } : null;
  }
  const from = tr.mapping.map(range.from, 1);
  const to = tr.mapping.map(range.to, -1);
  return from < to ? { ...range, from, to } : null;
}

/** The slice without comment marks. */
function unmarked(slice: Slice): Slice {
  const strip = (fragment: Fragment): Fragment => {
    const nodes: PMNode[] = [];
    fragment.forEach((node) => {
      const inner = node.isText ? node : node.copy(strip(node.content));
      nodes.push(inner.mark(node.marks.filter((m) => m.type.name !== commentMarkName)));
    });
    return Fragment.fromArray(nodes);
  };
  return new Slice(strip(slice.content), slice.openStart, slice.openEnd);
}
