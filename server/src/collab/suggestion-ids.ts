/**
 * A suggested change names its author in its id (shared/suggestions.ts), and the review
 * of a specification shows that name beside the change and records it when the change is
 * accepted. So a writer may put only suggestion ids of their own into the document: a
 * mark that names someone else would put words in their mouth.
 */
import * as Y from 'yjs';
import { blockSuggestionsAttribute, blockSuggestionsOf, isSuggestionOf, suggestionMarkOfKey } from '../../../shared/suggestions.js';

/**
 * Why `item`, new data from `userId`, may not be written, or null when it may: it sets a
 * suggestion mark (on text, or in a block's list of suggestions) whose id is not theirs.
 * A block's list is written whole, so the marks it already held (a colleague's) may stay
 * in it. Removing a mark (a null value) names nobody and is left to the access rules.
 *
 * Taking a mark off some words makes Yjs write, just after them, the value they had (to
 * hand the words after them back their own marks): accepting a colleague's suggestion
 * right before another of theirs writes one such item naming them, followed at once by
 * the next suggestion's own mark. It marks no words, so it is no forgery.
 */
export function foreignSuggestion(item: Y.Item, userId: string, doc: Y.Doc): string | null {
  const { content } = item;
  if (item.parentSub === blockSuggestionsAttribute && content instanceof Y.ContentAny) {
    const held = new Set(blockSuggestionsOf(currentAttribute(item, doc)).map((mark) => mark.attrs.id));
    const forged = blockSuggestionsOf(content.arr[0]).find((mark) => !held.has(mark.attrs.id) && !isSuggestionOf(mark.attrs.id, userId));
    return forged ? `a suggested change (${forged.type}) on a block under an id that is not the writer's` : null;
  }
  let key: string | null = null;
  let value: unknown = null;
  if (content instanceof Y.ContentFormat) {
    key = content.key;
    value = content.value;
  } else if (item.parentSub !== null && content instanceof Y.ContentAny) {
    key = item.parentSub;
    value = content.arr[0];
  }
  if (key === null || value === null || value === undefined || !suggestionMarkOfKey(key)) return null;
  const id = typeof value === 'object' ? (value as { id?: unknown }).id : undefined;
  if (isSuggestionOf(id, userId)) return null;
  if (content instanceof Y.ContentFormat && marksNoWords(item, key, doc)) return null;
  return `a suggested change (${key}) under an id that is not the writer's`;
}

/**
 * Whether the format item `item` (not yet applied) would mark no words: between where it
 * goes and the next format of the same key (or the end of the text), the document holds
 * only deleted items and formats of other keys. Checked from its left neighbour, so that
 * anything others put between its neighbours counts too.
 */
function marksNoWords(item: Y.Item, key: string, doc: Y.Doc): boolean {
  let next: Y.Item | null;
  const origin = item.origin && heldItem(item.origin, doc);
  if (origin) {
    // The origin may sit inside a longer item, whose rest would then follow this one.
    const endsAtOrigin = origin.id.clock + origin.length - 1 === item.origin!.clock;
    if (!endsAtOrigin && !origin.deleted) return false;
    next = origin.right;
  } else {
    next = item.rightOrigin && heldItem(item.rightOrigin, doc);
    if (!next) return false;
  }
  for (; next; next = next.right) {
    if (next.deleted) continue;
    if (!(next.content instanceof Y.ContentFormat)) return false;
    if (next.content.key === key) return true;
  }
  return true;
}

/** The item at `id` if the document holds it. */
function heldItem(id: Y.ID, doc: Y.Doc): Y.Item | null {
  if (id.clock >= Y.getState(doc.store, id.client)) return null;
  const found = Y.getItem(doc.store, id);
  return found instanceof Y.Item ? found : null;
}

/** The value the block attribute `item` sets holds in the document now, if the block is here. */
function currentAttribute(item: Y.Item, doc: Y.Doc): unknown {
  const parent = item.parent;
  if (!(parent instanceof Y.ID) || parent.clock >= Y.getState(doc.store, parent.client)) return undefined;
  const parentItem = Y.getItem(doc.store, parent);
  const type = parentItem instanceof Y.Item && parentItem.content instanceof Y.ContentType ? parentItem.content.type : null;
  return type instanceof Y.XmlElement ? type.getAttribute(item.parentSub ?? '') : undefined;
}
