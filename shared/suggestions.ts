/**
 * Suggested changes in the specification: how they are written in the shared document.
 *
 * A suggestion is a mark, like Word's tracked changes: `insertion` on text (or a block)
 * someone proposes to add, `deletion` on text they propose to remove, `modification` on a
 * requirement whose priority or "applies to" they propose to change (with the value
 * before). Each mark's `id` names its suggestion and its author: `<user id>~<time>~<random>`.
 *
 * On text, a mark is Yjs formatting. On a block (a requirement), the marks are kept in
 * the block's attribute `suggestions`, a list of marks as JSON, because the editor's Yjs
 * binding keeps a block's attributes but not its marks.
 * The server refuses any update that writes a suggestion under someone else's user id
 * (server/src/collab/suggestion-ids.ts), so the author an id names is the person who
 * wrote it, and the time is when they began it.
 */

export const suggestionMarkNames = ['insertion', 'deletion', 'modification'] as const;
export type SuggestionMarkName = (typeof suggestionMarkNames)[number];

/** The block attribute that holds a block's suggestion marks. */
export const blockSuggestionsAttribute = 'suggestions';

/** One suggestion mark on a block, as the attribute holds it. */
export interface BlockSuggestion {
  type: SuggestionMarkName;
  attrs: { id: string; [attribute: string]: unknown };
}

/** The suggestion marks an attribute value holds (ignoring anything else). */
export function blockSuggestionsOf(value: unknown): BlockSuggestion[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (entry): entry is BlockSuggestion =>
      !!entry &&
      typeof entry === 'object' &&
      (suggestionMarkNames as readonly string[]).includes((entry as { type?: unknown }).type as string) &&
      !!(entry as { attrs?: unknown }).attrs &&
      typeof (entry as { attrs: { id?: unknown } }).attrs.id === 'string',
  );
}

/**
 * The name of a mark as the shared document stores it: the mark's own name, or, for a
 * block carrying two marks of one kind, the name followed by `--` and a hash.
 */
export function suggestionMarkOfKey(key: string): SuggestionMarkName | null {
  const name = key.split('--')[0];
  return (suggestionMarkNames as readonly string[]).includes(name ?? '') ? (name as SuggestionMarkName) : null;
}

const separator = '~';

/** A new suggestion's id, for `userId`, begun at `at` (ms). */
export function newSuggestionId(userId: string, at: number, random: string): string {
  return [userId, at.toString(36), random].join(separator);
}

/** Who began a suggestion and when, read from its id; null when the id is not one of ours. */
export function suggestionOrigin(id: unknown): { userId: string; at: number } | null {
  if (typeof id !== 'string') return null;
  const [userId, at, random, ...rest] = id.split(separator);
  if (!userId || !at || !random || rest.length > 0) return null;
  const time = parseInt(at, 36);
  return Number.isFinite(time) ? { userId, at: time } : null;
}

/** Is `id` a suggestion of `userId`'s? */
export function isSuggestionOf(id: unknown, userId: string): boolean {
  return suggestionOrigin(id)?.userId === userId;
}
