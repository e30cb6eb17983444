/**
 * Snippets: the words around what a search found, with the found words marked, and
 * how a result's snippet is chosen from its name's and its body's. SQLite's index has
 * FTS5 make the marked text (`snippet()`); PostgreSQL's makes it here, from the words it
 * found (`markedSnippet`), choosing the stretch of words as FTS5 does so that both
 * indexes show the same words for the same text.
 */
import type { SnippetSegment } from '../../../shared/search.js';

/** Private-use characters mark the found words in snippets; they are taken out of indexed text. */
export const markStart = '\uE000';
export const markEnd = '\uE001';
export const marks = /[\uE000\uE001]/g;
/** The most words a snippet shows. */
export const snippetWords = 14;
const ellipsis = '…';

/** A word of a text: where it starts and ends. */
export interface WordAt {
  start: number;
  end: number;
}

/**
 * The best stretch of `snippetWords` words of `text`, the found ones marked, as FTS5's
 * snippet() chooses it: the stretch holding the most of the searched words (then the
 * most found words), centred on them, or starting at the sentence they are in when
 * that holds as many; an ellipsis where text is left out. No word found: the start.
 * `found[i]` lists the searched words (by their index) that word `i` matched.
 */
export function markedSnippet(text: string, words: readonly WordAt[], found: readonly (readonly number[])[]): string {
  if (words.length === 0) return '';
  const hits = words.flatMap((_, index) => ((found[index]?.length ?? 0) > 0 ? [index] : []));
  const scoreFrom = (first: number) => {
    const seen = new Set<number>();
    let score = 0;
    let firstHit = -1;
    let lastHit = -1;
    for (const hit of hits) {
      if (hit < first || hit >= first + snippetWords) continue;
      for (const searched of found[hit]!) {
        score += seen.has(searched) ? 1 : 1000;
        seen.add(searched);
      }
      if (firstHit < 0) firstHit = hit;
      lastHit = hit + 1;
    }
    let centred = firstHit - Math.trunc((snippetWords - (lastHit - firstHit)) / 2);
    if (centred + snippetWords > words.length) centred = words.length - snippetWords;
    return { score, centred: Math.max(0, centred) };
  };
  const sentences = sentenceStarts(text, words);
  let best = { score: 0, start: 0 };
  for (const hit of hits) {
    const around = scoreFrom(hit);
    if (around.score > best.score) best = { score: around.score, start: around.centred };
    if (words.length <= snippetWords) continue;
    // The sentence the hit is in, if it starts before the hit, counts a little more.
    const sentence = sentences.filter((start) => start <= hit).at(-1) ?? 0;
    if (sentence >= hit) continue;
    const fromSentence = scoreFrom(sentence).score + (sentence === 0 ? 120 : 100);
    if (fromSentence > best.score) best = { score: fromSentence, start: sentence };
  }

  const last = Math.min(best.start + snippetWords, words.length) - 1;
  let snippet = best.start > 0 ? ellipsis : '';
  let at = best.start > 0 ? words[best.start]!.start : 0;
  for (let index = best.start; index <= last; index++) {
    const word = words[index]!;
    snippet += text.slice(at, word.start);
    const shown = text.slice(word.start, word.end);
    snippet += found[index]?.length ? `${markStart}${shown}${markEnd}` : shown;
    at = word.end;
  }
  return last === words.length - 1 ? snippet + text.slice(at) : snippet + ellipsis;
}

/** The words that start a sentence: the first, and each after a full stop or colon and a space. */
function sentenceStarts(text: string, words: readonly WordAt[]): number[] {
  return words.flatMap((word, index) => {
    if (index === 0) return [0];
    const before = text.slice(words[index - 1]!.end, word.start);
    const trimmed = before.replace(/[ \t\n\r]+$/, '');
    return trimmed !== before && /[.:]$/.test(trimmed) ? [index] : [];
  });
}

/**
 * A result's snippet from its name's and its body's: the body's when the words are in
 * it; a name found (say, REQ-014) followed by the start of the body; otherwise the start
 * of the text.
 */
export function snippetOf(titleSnippet: string, bodySnippet: string): SnippetSegment[] {
  const found = (snippet: string) => snippet.includes(markStart);
  if (found(bodySnippet) || !titleSnippet) return segments(bodySnippet);
  if (!bodySnippet) return segments(titleSnippet);
  return [...segments(titleSnippet), { text: ': ', match: false }, ...segments(bodySnippet)];
}

/** Cuts a snippet into plain and found stretches at its marks. */
export function segments(snippet: string): SnippetSegment[] {
  const result: SnippetSegment[] = [];
  for (const [index, part] of snippet.split(markStart).entries()) {
    const [inside, after] = index === 0 ? [null, part] : splitOnce(part, markEnd);
    if (inside) result.push({ text: inside, match: true });
    if (after) result.push({ text: after, match: false });
  }
  return result;
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return at === -1 ? [text, ''] : [text.slice(0, at), text.slice(at + separator.length)];
}
