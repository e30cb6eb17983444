/**
 * A person's initials, shown with their colour wherever the workspace attributes
 * something to someone, so that telling people apart never rests on colour alone.
 */

const letter = /^\p{L}/u;
const graphemes = new Intl.Segmenter('en-GB', { granularity: 'grapheme' });

/** The letters of a word as a reader counts them: "é" written as e and an accent is one. */
function lettersOf(word: string): string[] {
  return Array.from(graphemes.segment(word), (s) => s.segment).filter((g) => letter.test(g));
}

/** A letter upper-cased, still one letter (upper case makes "ß" two). */
function upper(grapheme: string): string {
  return Array.from(graphemes.segment(grapheme.toLocaleUpperCase('en-GB')), (s) => s.segment)[0] ?? grapheme;
}

const hasLetter = (word: string) => lettersOf(word).length > 0;
const firstLetter = (word: string) => upper(lettersOf(word)[0] ?? '');

/**
 * Two letters for a name: the first letters of the first and last names ("Priya Shah" →
 * "PS", "Anne-Marie Smith-Jones" → "AS"); of a single hyphenated name, its parts'
 * ("Jean-Luc" → "JL"); of a single name, its first two letters ("Priya" → "PR").
 * Accented letters stay as they are ("Émile Zola" → "ÉZ"); punctuation and digits are
 * passed over ("Siobhán O’Neill" → "SO"). "?" for a name with no letters at all.
 */
export function initials(name: string): string {
  const words = name.normalize('NFC').split(/\s+/).filter(hasLetter);
  if (words.length === 0) return '?';
  if (words.length > 1) return firstLetter(words[0]!) + firstLetter(words[words.length - 1]!);
  const parts = words[0]!.split(/[-‐‑]/).filter(hasLetter);
  if (parts.length > 1) return firstLetter(parts[0]!) + firstLetter(parts[parts.length - 1]!);
  return lettersOf(words[0]!).slice(0, 2).map(upper).join('');
}
