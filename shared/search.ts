/**
 * Searching everything a person can see: the query the API takes, and what each result
 * says (which procurement, where in it, a snippet with the words found, and the exact
 * place to open). The snippet comes as segments, never as HTML, so whatever anyone
 * typed into a document is shown as text.
 */
import { z } from 'zod';

/** The longest search anyone can send; the search box stops there too. */
export const searchMaxLength = 500;

/** The most results one search answers with, best first. */
export const searchLimit = 50;

export const searchQuery = z.object({
  q: z.string().max(searchMaxLength, `Search for ${searchMaxLength} characters or fewer`).default(''),
});
export type SearchQuery = z.input<typeof searchQuery>;

/** What kind of thing a result is. */
export const searchKinds = ['requirement', 'block', 'engagement', 'decision', 'option', 'comment'] as const;
export type SearchKind = (typeof searchKinds)[number];

/** Where a result opens. */
export type SearchPlace =
  /** A block of the specification: `REQ-014`, or the position of a block outside requirements. */
  | { kind: 'specification'; block: string }
  | { kind: 'engagement'; entryId: string }
  | { kind: 'decision'; decisionId: string; optionId: string | null }
  /** A comment thread, on the page that shows its subject. */
  | { kind: 'thread'; threadId: string; on: 'specification' | 'engagement' | 'decision-option' };

/** A stretch of the snippet; `match` marks the words searched for. */
export interface SnippetSegment {
  text: string;
  match: boolean;
}

export interface SearchResult {
  procurement: { id: string; title: string };
  kind: SearchKind;
  /** Where it is, in words: "REQ-014, Scheduling", "Comment by Tom Okafor". */
  where: string;
  snippet: SnippetSegment[];
  place: SearchPlace;
}

export interface SearchResponse {
  query: string;
  results: SearchResult[];
}

/** The address of a place in the workspace (the browser opens it; tests check it). */
export function placeAddress(procurementId: string, place: SearchPlace): string {
  const base = `/procurements/${encodeURIComponent(procurementId)}`;
  switch (place.kind) {
    case 'specification':
      return `${base}?block=${encodeURIComponent(place.block)}`;
    case 'engagement':
      return `${base}/engagement#entry-${place.entryId}`;
    case 'decision':
      return `${base}/decisions#${place.optionId ? `option-${place.optionId}` : `decision-${place.decisionId}`}`;
    case 'thread': {
      const page = { specification: '', engagement: '/engagement', 'decision-option': '/decisions' }[place.on];
      return `${base}${page}?thread=${encodeURIComponent(place.threadId)}`;
    }
  }
}
