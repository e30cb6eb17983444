/**
 * A suggested change names its author in its id (shared/suggestions.ts), and the review
 * of a specification shows that name beside the change and records it when the change is
 * accepted. So a writer may put only suggestion ids of their own into the document: a
 * mark that names someone else would put words in their mouth.
 */
import * as Y from 'yjs';
import { isSuggestionOf, suggestionMarkOfKey } from '../../../shared/suggestions.js';

/**
 * Why `item`, new data from `userId`, may not be written, or null when it may: it sets a
 * suggestion mark (on text, or on a block as an attribute) whose id is not theirs.
 * Removing a mark (a null value) names nobody and is left to the access rules.
 */
export function foreignSuggestion(item: Y.Item, userId: string): string | null {
  const { content } = item;
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
  return isSuggestionOf(id, userId) ? null : `a suggested change (${key}) under an id that is not the writer's`;
}
