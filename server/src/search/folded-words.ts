/**
 * Words as PostgreSQL's search index keeps them: folded here, in the application, the
 * same way for the text indexed and for the words searched, and only then handed to
 * PostgreSQL to stem.
 *
 * Not in the database, because there it would depend on the deployment: `unaccent` is
 * an extension a server may lack (and it cannot feed a generated column), and lower()
 * folds only ASCII in a database whose locale is C (it leaves "CAFÉ" as "cafÉ").
 * Folding takes off accents and case, and cuts text into the words query.ts finds (so
 * PostgreSQL's parser never sees punctuation, e-mail addresses or hyphenated words
 * and splits every text as FTS5 does).
 */
import type { WordAt } from './snippets.js';

/** As query.ts finds words: a letter or digit, then letters, digits and their accents. */
const wordPattern = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu;
/** Longer words are cut (PostgreSQL refuses a word over 2,047 bytes); a search finds them by their start. */
const longestWord = 255;
/**
 * Words indexed per text. PostgreSQL refuses a tsvector over 1 MB and positions stop at
 * 16,383, so a pasted book is found by its first words only.
 */
const mostWords = 20_000;

/** A word without accents or case: "Café" → "cafe", "ÉTÉ" → "ete", "ﬁle" → "file". */
export function foldWord(word: string): string {
  const folded = word
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^\p{L}\p{N}]/gu, '');
  return (folded || word.toLowerCase()).slice(0, longestWord);
}

/** A word of a text, where it is, and folded. */
export interface FoldedWord extends WordAt {
  folded: string;
}

/** Each word of `text`, where it is, and folded. */
export function foldedWords(text: string): FoldedWord[] {
  const words: FoldedWord[] = [];
  for (const match of text.matchAll(wordPattern)) {
    if (words.length === mostWords) break;
    words.push({ start: match.index, end: match.index + match[0].length, folded: foldWord(match[0]) });
  }
  return words;
}

/** The folded words of `text`, one space between each: what PostgreSQL indexes. */
export const foldedText = (text: string): string =>
  foldedWords(text)
    .map((word) => word.folded)
    .join(' ');
