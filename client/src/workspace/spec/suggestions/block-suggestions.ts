/**
 * Suggestions on whole requirements (a proposed new requirement, a proposed priority or
 * "applies to") are marks on the requirement block. The editor's Yjs binding keeps a
 * block's attributes but not its marks, so without this they would reach colleagues as
 * direct changes. Each requirement therefore carries its suggestion marks in an
 * attribute too (`blockSuggestionsAttribute`, shared/suggestions.ts), which Yjs keeps:
 * - a change from this editor (typing, the suggesting library, accepting, rejecting)
 *   copies the block's marks into the attribute, which the binding then writes;
 * - a change that arrives from Yjs (a colleague, undo, opening the document) puts the
 *   attribute's marks back on the block.
 */
import { Extension } from '@tiptap/core';
import type { Mark as PmMark, Node as PmNode } from '@tiptap/pm/model';
import { Plugin, type Transaction } from '@tiptap/pm/state';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import { blockSuggestionsAttribute, suggestionMarkNames, type BlockSuggestion } from '../../../../../shared/suggestions.js';

const isSuggestionMark = (mark: PmMark) => (suggestionMarkNames as readonly string[]).includes(mark.type.name);

/** The block's suggestion marks as the attribute holds them (null when none). */
function marksAsAttribute(node: PmNode): BlockSuggestion[] | null {
  const marks = node.marks.filter(isSuggestionMark).map((mark) => mark.toJSON() as BlockSuggestion);
  return marks.length > 0 ? marks : null;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

const fromYjs = (tr: Transaction) => !!(tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined)?.isChangeOrigin;

/** Keeps the suggestion marks of the blocks of type `types` and their attribute in step. */
export const BlockSuggestions = Extension.create<{ types: string[] }>({
  name: 'blockSuggestions',
  addOptions: () => ({ types: [] }),

  addGlobalAttributes() {
    return [
      {
        types: this.options.types,
        attributes: { [blockSuggestionsAttribute]: { default: null, rendered: false, keepOnSplit: false } },
      },
    ];
  },

  addProseMirrorPlugins() {
    return [blockSuggestionsPlugin(this.options.types)];
  },
});

/** The plugin that keeps blocks' suggestion marks and their attribute in step. */
export function blockSuggestionsPlugin(blockTypes: string[]): Plugin {
  const types = new Set(blockTypes);
  return new Plugin({
    appendTransaction: (transactions, _oldState, state) => {
      if (!transactions.some((tr) => tr.docChanged)) return null;
      const toBlocks = transactions.some(fromYjs);
      const tr = state.tr;
      state.doc.descendants((node, pos) => {
        // A paragraph or heading holds only text: no block of these types inside, nothing to walk.
        if (!types.has(node.type.name)) return !node.isTextblock;
        const held = node.attrs[blockSuggestionsAttribute] as BlockSuggestion[] | null;
        const marked = marksAsAttribute(node);
        if (same(held, marked)) return false;
        if (toBlocks) {
          const others = node.marks.filter((mark) => !isSuggestionMark(mark));
          const restored = (held ?? []).flatMap((json) => {
            try {
              return [state.schema.markFromJSON(json)];
            } catch {
              return [];
            }
          });
          tr.setNodeMarkup(pos, null, node.attrs, [...others, ...restored]);
        } else tr.setNodeAttribute(pos, blockSuggestionsAttribute, marked);
        return false;
      });
      if (!tr.docChanged) return null;
      // Bookkeeping, not an edit of anyone's: not undone on its own, not suggested.
      return tr.setMeta('addToHistory', false);
    },
  });
}
