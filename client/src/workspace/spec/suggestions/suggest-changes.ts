/**
 * Suggesting mode in the specification editor, like Word's tracked changes: while it is
 * on, what a person types, deletes or changes on a requirement is not applied but
 * proposed, as marks (shared/suggestions.ts) that everyone sees live and that people
 * allowed to decide accept or reject.
 *
 * The work of turning an edit into marks is done by `@handlewithcare/prosemirror-suggest-changes`
 * (built for ProseMirror on Yjs: it leaves alone what arrives from others and undo).
 * Two things are ours:
 * - the suggestion ids name their author (`newSuggestionId`), and the server refuses an
 *   id that is not the writer's;
 * - the library continues a suggestion next to the caret under that suggestion's id, even
 *   when it is someone else's: `claimForeignSuggestions` gives what this person just
 *   wrote an id of their own, so their words are never credited to a colleague (nor
 *   refused by the server as a forgery).
 */
import {
  deletion as deletionSpec,
  insertion as insertionSpec,
  isSuggestChangesEnabled,
  modification as modificationSpec,
  suggestChanges,
  suggestChangesKey,
  transformToSuggestionTransaction,
} from '@handlewithcare/prosemirror-suggest-changes';
import { Extension, Mark } from '@tiptap/core';
import type { Mark as PmMark, MarkSpec, Node as PmNode } from '@tiptap/pm/model';
import { Plugin, TextSelection, type EditorState, type Transaction } from '@tiptap/pm/state';
import {
  AddMarkStep,
  AddNodeMarkStep,
  AttrStep,
  RemoveMarkStep,
  RemoveNodeMarkStep,
  ReplaceAroundStep,
  ReplaceStep,
} from '@tiptap/pm/transform';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import { isSuggestionOf, newSuggestionId, suggestionMarkNames } from '../../../../../shared/suggestions.js';
import { suggestionDecorations } from './suggestion-decorations.js';

/** How a suggestion's author is shown: their name, borough and colour. */
export interface SuggestionAuthor {
  name: string;
  borough: string;
  colour: string;
}

export interface SuggestChangesOptions {
  /** The person editing, whose suggestions these become. */
  userId: string;
  /** Who wrote a suggestion, from its id; null when they are not (or no longer) a member. */
  authorOf: (id: unknown) => SuggestionAuthor | null;
}

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    suggestChanges: {
      /** Turns suggesting mode on or off. */
      setSuggesting: (on: boolean) => ReturnType;
    };
  }
}

const randomPart = () => crypto.getRandomValues(new Uint32Array(2)).reduce((s, n) => s + n.toString(36), '');

/** A TipTap mark from one of the library's mark specs, shown with its author (`authorOf`). */
function suggestionMark(name: 'insertion' | 'deletion' | 'modification', spec: MarkSpec, tag: string) {
  return Mark.create<SuggestChangesOptions>({
    name,
    inclusive: false,
    excludes: spec.excludes,
    addOptions: () => ({ userId: '', authorOf: () => null }),
    addAttributes() {
      const attrs = Object.entries(spec.attrs ?? {}).map(([key, value]) => [
        key,
        { default: (value.default as unknown) ?? null, rendered: false },
      ]);
      return Object.fromEntries(attrs) as Record<string, { default: unknown; rendered: false }>;
    },
    parseHTML: () => [{ tag: `${tag}[data-suggestion]` }],
    renderHTML({ mark }) {
      const author = this.options.authorOf(mark.attrs.id);
      return [
        tag,
        {
          'data-suggestion': name,
          'data-suggestion-id': String(mark.attrs.id),
          class: `app-suggestion app-suggestion--${name}`,
          style: author ? `--app-suggestion-colour: ${author.colour}` : undefined,
          title: author ? `${label[name]} by ${author.name}, ${author.borough}` : label[name],
        },
        0,
      ];
    },
  });
}

const label = { insertion: 'Suggested addition', deletion: 'Suggested deletion', modification: 'Suggested change' } as const;

export const InsertionMark = suggestionMark('insertion', insertionSpec, 'ins');
export const DeletionMark = suggestionMark('deletion', deletionSpec, 'del');
export const ModificationMark = suggestionMark('modification', modificationSpec, 'span');

/** Does this transaction come from someone else, or from undo, rather than from this person's keys? */
function passesThrough(tr: Transaction): boolean {
  const sync = tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean; isUndoRedoOperation?: boolean } | undefined;
  const own = tr.getMeta(suggestChangesKey) as { skip?: boolean } | undefined;
  return !tr.docChanged || !!sync?.isChangeOrigin || !!sync?.isUndoRedoOperation || !!own?.skip || !!tr.getMeta('history$');
}

const isSuggestionMark = (mark: PmMark) => (suggestionMarkNames as readonly string[]).includes(mark.type.name);

/**
 * Gives the suggestion marks this transaction added under someone else's id an id of
 * `userId`'s own. A mark that was already there before (on the same text, or node) keeps
 * its id: only what this person wrote now is theirs.
 */
export function claimForeignSuggestions(tr: Transaction, userId: string, claimId: string): void {
  const touched: [number, number][] = [];
  tr.steps.forEach((step, i) => {
    const later = tr.mapping.slice(i + 1);
    const add = (from: number, to: number) => touched.push([later.map(from, -1), later.map(to, 1)]);
    if (step instanceof AddMarkStep || step instanceof RemoveMarkStep) add(step.from, step.to);
    else if (step instanceof AddNodeMarkStep || step instanceof RemoveNodeMarkStep || step instanceof AttrStep) add(step.pos, step.pos + 1);
    else step.getMap().forEach((_oldStart, _oldEnd, newStart, newEnd) => add(newStart, newEnd));
  });
  if (touched.length === 0) return;
  const back = tr.mapping.invert();
  const before = tr.before;
  const foreign = (mark: PmMark) => isSuggestionMark(mark) && !isSuggestionOf(mark.attrs.id, userId);
  /** Was `mark` on the character at `pos` (in the new document) before this transaction? */
  const charHadMark = (pos: number, mark: PmMark) => {
    const start = back.mapResult(pos, 1);
    const end = back.mapResult(pos + 1, -1);
    if (start.deleted || end.deleted || end.pos - start.pos !== 1) return false;
    return before.rangeHasMark(start.pos, end.pos, mark);
  };
  const nodeHadMark = (pos: number, mark: PmMark) => {
    const then = back.mapResult(pos, 1);
    if (then.deleted) return false;
    return !!before.nodeAt(then.pos)?.marks.some((m) => m.eq(mark));
  };

  const textClaims: { from: number; to: number; mark: PmMark }[] = [];
  const nodeClaims: { pos: number; mark: PmMark }[] = [];
  for (const [from, to] of touched) {
    tr.doc.nodesBetween(Math.max(0, from), Math.min(tr.doc.content.size, to), (node: PmNode, pos: number) => {
      for (const mark of node.marks.filter(foreign)) {
        if (!node.isText) {
          if (!nodeHadMark(pos, mark)) nodeClaims.push({ pos, mark });
          continue;
        }
        const start = Math.max(from, pos);
        const end = Math.min(to, pos + node.nodeSize);
        for (let at = start; at < end; at++) {
          if (charHadMark(at, mark)) continue;
          const last = textClaims[textClaims.length - 1];
          if (last && last.to === at && last.mark.eq(mark)) last.to = at + 1;
          else textClaims.push({ from: at, to: at + 1, mark });
        }
      }
    });
  }
  for (const { from, to, mark } of textClaims) {
    tr.removeMark(from, to, mark).addMark(from, to, mark.type.create({ ...mark.attrs, id: claimId }));
  }
  for (const { pos, mark } of nodeClaims) {
    tr.removeNodeMark(pos, mark).addNodeMark(pos, mark.type.create({ ...mark.attrs, id: claimId }));
  }
}

/**
 * Does this (tracked) transaction remove words a colleague proposed? The library treats
 * deleting inside an insertion as withdrawing it, whoever proposed it; a colleague's
 * suggestion is for them to withdraw, or for those who decide to reject.
 */
export function removesColleaguesSuggestion(tr: Transaction, userId: string): boolean {
  return tr.steps.some((step, i) => {
    if (!(step instanceof ReplaceStep || step instanceof ReplaceAroundStep) || step.from >= step.to) return false;
    let found = false;
    tr.docs[i]!.nodesBetween(step.from, step.to, (node) => {
      if (node.marks.some((mark) => mark.type.name === 'insertion' && !isSuggestionOf(mark.attrs.id, userId))) found = true;
      return !found;
    });
    return found;
  });
}

/**
 * Puts the caret where the edit left it: after typed words, which stay in the text as a
 * suggestion (the tracked transaction otherwise keeps it before the first character).
 */
function followCaret(original: Transaction, tracked: Transaction): void {
  const { selection } = original;
  if (!original.selectionSet || !(selection instanceof TextSelection)) return;
  const back = original.mapping.invert();
  const anchor = tracked.mapping.map(back.map(selection.anchor, 1), 1);
  const head = tracked.mapping.map(back.map(selection.head, 1), 1);
  const size = tracked.doc.content.size;
  if (anchor > size || head > size) return;
  tracked.setSelection(TextSelection.create(tracked.doc, anchor, head));
}

/** Suggesting mode: the library's plugin, and every edit of this person's turned into suggestions. */
export const SuggestChanges = Extension.create<SuggestChangesOptions>({
  name: 'suggestChanges',
  addOptions: () => ({ userId: '', authorOf: () => null }),

  addProseMirrorPlugins() {
    const library = suggestChanges();
    return [
      // The library's plugin, drawing its decorations block by block (see suggestion-decorations.ts).
      new Plugin({ ...library.spec, props: { ...library.spec.props, decorations: suggestionDecorations() } }),
      // Typed text as an explicit insertion: the suggestion then wraps exactly what was
      // typed, and the caret follows it (read back from the page, it landed a character
      // late). The caret is set here from where the text went, not mapped from the
      // editor's selection: right after a click, that may not have caught up yet, and
      // the next keys would go back to where the caret was before.
      new Plugin({
        props: {
          handleTextInput: (view, from, to, text) => {
            if (!isSuggestChangesEnabled(view.state)) return false;
            const tr = view.state.tr.insertText(text, from, to);
            view.dispatch(tr.setSelection(TextSelection.create(tr.doc, from + text.length)));
            return true;
          },
        },
      }),
    ];
  },

  addCommands() {
    return {
      setSuggesting:
        (on) =>
        ({ tr, dispatch }) => {
          if (dispatch) tr.setMeta(suggestChangesKey, { enabled: on }).setMeta('addToHistory', false);
          return true;
        },
    };
  },

  dispatchTransaction({ transaction, next }) {
    const state: EditorState = this.editor.state;
    if (!isSuggestChangesEnabled(state) || passesThrough(transaction)) {
      next(transaction);
      return;
    }
    const { userId } = this.options;
    const newId = () => newSuggestionId(userId, Date.now(), randomPart());
    const tracked = transformToSuggestionTransaction(transaction, state, newId);
    if (removesColleaguesSuggestion(tracked, userId)) return;
    claimForeignSuggestions(tracked, userId, newId());
    followCaret(transaction, tracked);
    next(tracked);
  },
});

/** Is suggesting mode on in this editor? */
export const isSuggesting = (state: EditorState) => isSuggestChangesEnabled(state);
