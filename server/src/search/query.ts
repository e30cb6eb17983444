/**
 * What a person types into the search box, made into something that cannot go wrong.
 *
 * Any text is a valid search: quotes, hyphens, `*`, `:`, brackets and the words AND, OR,
 * NOT and NEAR mean nothing special here. The text is cut into plain words (letters and
 * digits, with their accents), and each word is then matched as the start of a word,
 * all of them together: "sched rep" finds "scheduling repairs", "REQ-014" finds REQ-014.
 * The SQLite index also matches words by their stem ("repairs" finds "repair").
 */

/** More words than anyone types; beyond them a search only gets slower. */
export const maxSearchWords = 12;
/** Longer "words" are pasted noise; their start finds what they would. */
const maxWordLength = 64;

/** The distinct words of `text`, in order, as the index will match them (lower case). */
export function searchWords(text: string): string[] {
  const words =
    text
      .normalize('NFKC')
      .toLowerCase()
      .match(/[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu) ?? [];
  return [...new Set(words.map((word) => word.slice(0, maxWordLength)))].slice(0, maxSearchWords);
}

/**
 * An FTS5 query for the words: each a quoted phrase (so nothing in it is an operator)
 * matched as a prefix, all AND-ed. Null when there is nothing to search for.
 */
export function fts5Query(words: readonly string[]): string | null {
  if (words.length === 0) return null;
  // The words hold no quotes (see searchWords); doubling them keeps even that promise local.
  return words.map((word) => `"${word.replaceAll('"', '""')}"*`).join(' AND ');
}
