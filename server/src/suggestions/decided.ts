/**
 * Which suggested changes a transaction decided, read from the transaction itself, so the
 * record names the person who really decided (the writer) and the person who really
 * proposed (the id's author: shared/suggestions.ts), whatever a browser claims.
 *
 * A suggestion is decided when its mark no longer applies to anything:
 * - on text, the mark is Yjs formatting. The text the transaction changed is read as it
 *   was before and as it is after (the server keeps deleted content, so the earlier
 *   state can be read); a mark that applied to words before and to none after was
 *   decided: its words stayed (an insertion accepted, a deletion rejected) or went with
 *   it (an insertion rejected, a deletion accepted);
 * - on a requirement, the mark is an entry of its `suggestions` attribute: the block
 *   stays or goes; a proposed value ends as the new value (accepted) or the old one.
 * A mark that still applies somewhere else (a suggestion across paragraphs, edited on
 * one side) is not decided yet.
 *
 * Two people can decide the same suggestion at the same moment, each before the other's
 * change reaches them. When one keeps the words (accepting an insertion) and the other
 * removes them, the merged text has lost them. The second change to arrive removes words
 * that, here, no longer carry the mark; but its writer still saw the mark: Yjs sends the
 * deletion of everything the writer removed, the mark's boundaries included, though the
 * first decision had already deleted those, which shows the first decision had not
 * reached them. So the text is read a second time as the writer saw it, without that
 * decision (recent-changes.ts), and a removal found only that way is a decision made at
 * the same moment as an earlier one (recorder.ts decides what goes on record).
 */
import * as Y from 'yjs';
import { formatRequirementId, isXmlElement, priorityLabel, specificationOf, specNodes, type Priority } from '../../../shared/doc-layout.js';
import {
  blockSuggestionsAttribute,
  blockSuggestionsOf,
  suggestionMarkOfKey,
  suggestionOrigin,
  type BlockSuggestion,
} from '../../../shared/suggestions.js';
import { forEachFormattedItem } from '../workspace/formatted-items.js';
import { withinRoot } from '../workspace/within-root.js';
import type { WriterView } from './recent-changes.js';

export type SuggestionKind = 'insertion' | 'deletion' | 'requirement' | 'priority' | 'applies-to' | 'other';

export interface DecidedSuggestion {
  suggestionId: string;
  /** The requirement it was in ("REQ-004"), or null for other text. */
  where: string | null;
  kind: SuggestionKind;
  outcome: 'accepted' | 'rejected';
  /** The words proposed (or proposed for removal), or what a value went from and to. */
  summary: string;
  /** Who proposed it and when (from its id). */
  suggestedBy: string;
  suggestedAt: number;
  /** Whether this change took the words (or the requirement) out of the text. */
  removed: boolean;
  /** Read as the writer saw the text: an earlier decision, which the writer had not seen, had already taken the mark off. */
  afterUnseenDecision: boolean;
}

type Found = Omit<DecidedSuggestion, 'suggestionId' | 'suggestedBy' | 'suggestedAt' | 'where' | 'afterUnseenDecision'> & {
  where?: string | null;
};
type Visible = (item: Y.Item) => boolean;

const summaryMax = 300;
const clip = (text: string) => (text.length > summaryMax ? `${text.slice(0, summaryMax - 1)}…` : text);
const splitMarker = /\u200B/g;

/**
 * The suggestions `transaction` decided in the specification (call right after it
 * applied); `writer` is what its writer had seen, when a change had not reached them
 * (recent-changes.ts).
 */
export function decidedSuggestions(transaction: Y.Transaction, writer?: WriterView | null): DecidedSuggestion[] {
  const fragment = specificationOf(transaction.doc);
  const { beforeState, deleteSet } = transaction;
  const existedBefore = (item: Y.Item) => item.id.clock < (beforeState.get(item.id.client) ?? 0);
  const visibleBefore: Visible = (item) => existedBefore(item) && (!item.deleted || Y.isDeleted(deleteSet, item.id));

  const found = readDecisions(transaction, fragment, visibleBefore);
  const foundAsWriterSaw = new Set<string>();
  if (writer) {
    // Read the text as the writer saw it: without what had not reached them.
    const visibleToWriter: Visible = (item) =>
      existedBefore(item) &&
      !writer.unseenInsertion(item) &&
      (!item.deleted || Y.isDeleted(writer.deletions, item.id) || writer.unseenDeletion(item.id));
    for (const [id, what] of readDecisions(transaction, fragment, visibleToWriter)) {
      if (found.has(id) || !what.removed) continue;
      found.set(id, what);
      foundAsWriterSaw.add(id);
    }
  }
  if (found.size === 0) return [];
  // A mark that left this text may still apply elsewhere: not decided yet.
  const open = openSuggestionIds(fragment);
  const decided: DecidedSuggestion[] = [];
  for (const [id, what] of found) {
    const origin = suggestionOrigin(id);
    if (origin && !open.has(id)) {
      decided.push({
        suggestionId: id,
        suggestedBy: origin.userId,
        suggestedAt: origin.at,
        ...what,
        where: what.where ?? null,
        afterUnseenDecision: foundAsWriterSaw.has(id),
      });
    }
  }
  return decided;
}

/** The marks that applied before `transaction`, as `visibleBefore` sees it, and apply to nothing it changed after. */
function readDecisions(transaction: Y.Transaction, fragment: Y.XmlFragment, visibleBefore: Visible): Map<string, Found> {
  const { deleteSet } = transaction;
  const visibleAfter: Visible = (item) => !item.deleted;
  const found = new Map<string, Found>();
  for (const [type, keys] of transaction.changed) {
    if (!withinRoot(type, fragment)) continue;
    if (type instanceof Y.XmlText) {
      const before = marksOnWords(type, visibleBefore);
      const after = marksOnWords(type, visibleAfter);
      for (const [id, words] of before) {
        if (after.has(id) || found.has(id)) continue;
        // All of them: the editor binding removes words by diffing the text, so a rejection
        // may keep a neighbour's space in place of the suggestion's own.
        const kept = words.items.every(visibleAfter);
        found.set(id, {
          kind: words.kind,
          outcome: (words.kind === 'insertion') === kept ? 'accepted' : 'rejected',
          summary: clip(words.text),
          where: requirementOf(type),
          // Removed by this change, not by someone else's before it.
          removed: !kept && words.items.some((item) => Y.isDeleted(deleteSet, item.id)),
        });
      }
    }
    if (isXmlElement(type) && keys.has(blockSuggestionsAttribute)) {
      const after = new Set(blockSuggestionsOf(type.getAttribute(blockSuggestionsAttribute)).map((mark) => mark.attrs.id));
      for (const mark of blockSuggestionsOf(attributeBefore(type, blockSuggestionsAttribute, visibleBefore))) {
        if (!after.has(mark.attrs.id)) found.set(mark.attrs.id, blockDecision(mark, type, false));
      }
    }
    // Requirements removed whole: their own suggestions go with them.
    if (isXmlElement(type) || type instanceof Y.XmlFragment) {
      for (let item = type._start; item !== null; item = item.right) {
        if (!item.deleted || !Y.isDeleted(deleteSet, item.id) || !(item.content instanceof Y.ContentType)) continue;
        const removed = item.content.type;
        if (!isXmlElement(removed)) continue;
        for (const mark of blockSuggestionsOf(attributeBefore(removed, blockSuggestionsAttribute, visibleBefore))) {
          found.set(mark.attrs.id, blockDecision(mark, removed, true));
        }
      }
    }
  }
  return found;
}

function blockDecision(mark: BlockSuggestion, element: Y.XmlElement, blockGone: boolean): Found {
  const where = requirementOf(element);
  if (mark.type !== 'modification') {
    const kept = !blockGone;
    return {
      where,
      kind: 'requirement',
      outcome: (mark.type === 'insertion') === kept ? 'accepted' : 'rejected',
      summary: clip(wordsOf(element)),
      removed: blockGone,
    };
  }
  const { attrName, previousValue, newValue } = mark.attrs;
  const kind: SuggestionKind = attrName === 'priority' ? 'priority' : attrName === 'appliesTo' ? 'applies-to' : 'other';
  const now = JSON.stringify(element.getAttribute(String(attrName)) ?? null);
  return {
    where,
    kind,
    outcome: !blockGone && now === JSON.stringify(newValue ?? null) ? 'accepted' : 'rejected',
    summary: clip(`${describe(attrName, previousValue)} → ${describe(attrName, newValue)}`),
    removed: blockGone,
  };
}

/** A requirement's value in words: "Must", "camden, hackney", "all boroughs". */
function describe(attrName: unknown, value: unknown): string {
  if (attrName === 'priority' && typeof value === 'string' && value in priorityLabel) return priorityLabel[value as Priority];
  if (Array.isArray(value)) return value.join(', ') || 'all boroughs';
  return typeof value === 'string' ? value : JSON.stringify(value ?? '');
}

/**
 * The suggestions `transaction` began: marks on words, or on a requirement, that were
 * nowhere in the text it changed before. (Typing more into a suggestion keeps its id.)
 */
export function begunSuggestions(transaction: Y.Transaction): { suggestionId: string; suggestedBy: string; where: string | null }[] {
  const fragment = specificationOf(transaction.doc);
  const { beforeState, deleteSet } = transaction;
  const visibleBefore = (item: Y.Item) =>
    item.id.clock < (beforeState.get(item.id.client) ?? 0) && (!item.deleted || Y.isDeleted(deleteSet, item.id));
  const begun = new Map<string, string | null>();
  for (const [type, keys] of transaction.changed) {
    if (!withinRoot(type, fragment)) continue;
    if (type instanceof Y.XmlText) {
      const before = marksOnWords(type, visibleBefore);
      for (const id of marksOnWords(type, (item) => !item.deleted).keys()) if (!before.has(id)) begun.set(id, requirementOf(type));
    } else if (isXmlElement(type) && keys.has(blockSuggestionsAttribute)) {
      const before = new Set(blockSuggestionsOf(attributeBefore(type, blockSuggestionsAttribute, visibleBefore)).map((m) => m.attrs.id));
      for (const mark of blockSuggestionsOf(type.getAttribute(blockSuggestionsAttribute))) {
        if (!before.has(mark.attrs.id)) begun.set(mark.attrs.id, requirementOf(type));
      }
    }
  }
  return [...begun].flatMap(([suggestionId, where]) => {
    const origin = suggestionOrigin(suggestionId);
    return origin ? [{ suggestionId, suggestedBy: origin.userId, where }] : [];
  });
}

/** The number of the requirement `type` is in ("REQ-004"), or null. */
function requirementOf(type: Y.AbstractType<unknown> | Y.XmlElement | Y.XmlText): string | null {
  for (let current: Y.AbstractType<unknown> | null = type as Y.AbstractType<unknown>; current;) {
    if (current instanceof Y.XmlElement && current.nodeName === specNodes.requirement) {
      const number = current.getAttribute('number') as unknown;
      return typeof number === 'number' ? formatRequirementId(number) : 'a new requirement';
    }
    current = (current._item?.parent as Y.AbstractType<unknown> | undefined) ?? null;
  }
  return null;
}

/** Each suggestion mark that applies to words of `text` (as `visible` sees it), with those words. */
function marksOnWords(
  text: Y.XmlText,
  visible: (item: Y.Item) => boolean,
): Map<string, { kind: 'insertion' | 'deletion'; items: Y.Item[]; text: string }> {
  const marks = new Map<string, { kind: 'insertion' | 'deletion'; items: Y.Item[]; text: string }>();
  forEachFormattedItem(text, visible, (item, formats) => {
    const { content } = item;
    if (!(content instanceof Y.ContentString)) return;
    for (const [key, value] of formats) {
      const kind = suggestionMarkOfKey(key);
      const id = (value as { id?: unknown }).id;
      if ((kind !== 'insertion' && kind !== 'deletion') || typeof id !== 'string') continue;
      const entry = marks.get(id) ?? { kind, items: [], text: '' };
      entry.items.push(item);
      entry.text += content.str.replace(splitMarker, '');
      marks.set(id, entry);
    }
  });
  return marks;
}

/** An element's attribute as `visible` sees it. */
function attributeBefore(element: Y.XmlElement, key: string, visible: (item: Y.Item) => boolean): unknown {
  for (let item = element._map.get(key) ?? null; item !== null; item = item.left) {
    if (visible(item)) return (item.content.getContent() as unknown[]).at(-1);
  }
  return undefined;
}

/** The ids of every suggestion mark that applies to something in the specification now. */
function openSuggestionIds(fragment: Y.XmlFragment): Set<string> {
  const ids = new Set<string>();
  const visit = (node: Y.XmlElement | Y.XmlText | Y.XmlHook) => {
    if (node instanceof Y.XmlText) {
      for (const id of marksOnWords(node, (item) => !item.deleted).keys()) ids.add(id);
      return;
    }
    if (!(node instanceof Y.XmlElement)) return;
    for (const mark of blockSuggestionsOf(node.getAttribute(blockSuggestionsAttribute))) ids.add(mark.attrs.id);
    for (const child of node.toArray()) visit(child);
  };
  for (const child of fragment.toArray()) visit(child);
  return ids;
}

/** A requirement's words, read from its items (a removed requirement's are deleted too). */
function wordsOf(element: Y.XmlElement): string {
  const parts: string[] = [];
  const visit = (type: Pick<Y.AbstractType<unknown>, '_start'>) => {
    for (let item = type._start; item !== null; item = item.right) {
      if (item.content instanceof Y.ContentString) parts.push(item.content.str);
      else if (item.content instanceof Y.ContentType) {
        visit(item.content.type);
        parts.push(' ');
      }
    }
  };
  visit(element);
  return parts.join('').replace(splitMarker, '').replace(/\s+/g, ' ').trim();
}
