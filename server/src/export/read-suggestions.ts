/**
 * Reads the suggested changes (shared/suggestions.ts) the exports show: the suggestion
 * marks on a stretch of text or on a block, and a requirement's proposed priority or
 * boroughs. Like the rest of the reading, it is tolerant: a mark whose id is not one of
 * ours, or whose value is not what the editor writes, is not a suggestion.
 */
import type * as Y from 'yjs';
import { priorities, stringsIn, type Priority } from '../../../shared/doc-layout.js';
import { blockSuggestionsAttribute, blockSuggestionsOf, suggestionMarkOfKey, suggestionOrigin } from '../../../shared/suggestions.js';
import type { ProposedValue, Run, SuggestedText } from './content.js';

/**
 * The zero-width space the editor writes, marked as an insertion, where a paragraph is
 * split while suggesting: a place holder for the split, never words.
 */
const splitMarker = /\u200B/g;

/** The mark's id when it names a suggestion's author and time; null otherwise. */
function suggestionIdOf(value: unknown): string | null {
  const id = (value as { id?: unknown } | null)?.id;
  return typeof id === 'string' && suggestionOrigin(id) ? id : null;
}

/**
 * The insertion or deletion among a set of marks (a text's formatting attributes or a
 * block's attributes). The editor never puts both on the same words; should a document
 * carry both, the deletion wins, so the words are shown as they stand now.
 */
export function suggestedTextOf(attributes: Record<string, unknown>): SuggestedText | undefined {
  let found: SuggestedText | undefined;
  for (const [key, value] of Object.entries(attributes)) {
    const kind = suggestionMarkOfKey(key);
    if (kind !== 'insertion' && kind !== 'deletion') continue;
    const id = suggestionIdOf(value);
    if (id && (!found || kind === 'deletion')) found = { kind, id };
  }
  return found;
}

/** The insertion or deletion among a block's suggestion marks, if any. */
export function blockSuggestion(element: Y.XmlElement): SuggestedText | undefined {
  return suggestedTextOf(Object.fromEntries(blockMarksOf(element).map((mark) => [mark.type, mark.attrs])));
}

const blockMarksOf = (element: Y.XmlElement) => blockSuggestionsOf(element.getAttribute(blockSuggestionsAttribute));

/**
 * A run as an open suggestion shows it: with its own mark, or else the mark of the block
 * it is in (a paragraph proposed as new is inserted text throughout). Split markers are
 * taken out of inserted text; a run with nothing else is no run (null).
 */
export function suggestedRun(run: Run, mark: SuggestedText | undefined, inBlock: SuggestedText | undefined): Run | null {
  const suggestion = mark ?? inBlock;
  if (!suggestion) return run;
  const text = suggestion.kind === 'insertion' ? run.text.replace(splitMarker, '') : run.text;
  return text === '' ? null : { ...run, text, suggestion };
}

/** A requirement's proposed priority and boroughs changes, read from its `modification` marks. */
export function proposedValues(element: Y.XmlElement): ProposedValue[] {
  const proposed: ProposedValue[] = [];
  for (const { type, attrs: value } of blockMarksOf(element)) {
    if (type !== 'modification') continue;
    const id = suggestionIdOf(value);
    const { attrName, previousValue } = (value ?? {}) as { attrName?: unknown; previousValue?: unknown };
    if (!id) continue;
    if (attrName === 'priority' && (priorities as readonly unknown[]).includes(previousValue)) {
      proposed.push({ id, attrName, previous: previousValue as Priority });
    } else if (attrName === 'appliesTo') {
      proposed.push({ id, attrName, previous: [...new Set(stringsIn(previousValue))] });
    }
  }
  // In the order they were begun, so two proposals on one requirement read in sequence.
  return proposed.sort((a, b) => suggestionOrigin(a.id)!.at - suggestionOrigin(b.id)!.at || a.id.localeCompare(b.id));
}
