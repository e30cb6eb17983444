/**
 * What a person who may only suggest may change in the specification: nothing but their
 * own suggestions. (A procurement where partner boroughs suggest and the lead borough
 * decides gives partners' editors this standing.)
 *
 * The rule is checked on what the specification *reads* as, not on how Yjs happened to
 * write it: `viewWithoutSuggestionsOf(doc, userId)` is the specification as it would be
 * if every suggestion of this person's were rejected, and every other person's
 * suggestions left as they are. A suggest-only update must leave that view unchanged:
 * - typing or deleting in suggesting mode only adds or removes their own marks: allowed;
 * - withdrawing their own suggestion: allowed;
 * - ordinary typing, accepting or rejecting a colleague's suggestion, or accepting their
 *   own, changes the view: refused.
 *
 * Rejecting mirrors the editor's own rejection (`@handlewithcare/prosemirror-suggest-changes`):
 * a proposed insertion is removed, together with the block boundaries it proposed (a
 * split paragraph is marked by zero-width spaces either side of the new boundary); a
 * proposed deletion loses its mark; a proposed change of a block's attribute or kind
 * goes back to the value before (a block's marks are in its `suggestions` attribute,
 * shared/suggestions.ts). Comment anchors are not content and are left out.
 */
import * as Y from 'yjs';
import { isXmlElement, specificationOf } from '../../../shared/doc-layout.js';
import {
  blockSuggestionsAttribute,
  blockSuggestionsOf,
  isSuggestionOf,
  suggestionMarkOfKey,
  type BlockSuggestion,
} from '../../../shared/suggestions.js';
import { isAnchorAttribute } from '../comments/anchor.js';
import { forEachFormattedItem } from './formatted-items.js';

type Attributes = Record<string, unknown>;

type Token =
  | { kind: 'open'; name: string; attributes: Attributes }
  | { kind: 'close' }
  | { kind: 'text'; text: string; attributes: Attributes; mine: boolean }
  | { kind: 'embed'; value: unknown; attributes: Attributes; mine: boolean };

interface Modification {
  type?: unknown;
  attrName?: unknown;
  previousValue?: unknown;
}

/** Which items a reading sees: the document now, or as it was before a transaction. */
type Visible = (item: Y.Item) => boolean;
const now: Visible = (item) => !item.deleted;

/** The specification as it reads with `userId`'s suggestions rejected (a canonical string). */
export function viewWithoutSuggestionsOf(doc: Y.Doc, userId: string): string {
  return viewOf(topLevelItems(specificationOf(doc)), userId, now);
}

/**
 * Did `transaction`, by someone who may only suggest, leave the specification as it read
 * without their own suggestions? Only the blocks it touched are read, as they were before
 * and as they are after (the server keeps deleted content), with a neighbour either side:
 * rejecting a proposed split joins a block to the next.
 */
export function changesOnlyOwnSuggestions(transaction: Y.Transaction, userId: string): boolean {
  const fragment = specificationOf(transaction.doc);
  const { beforeState, deleteSet } = transaction;
  const before: Visible = (item) =>
    item.id.clock < (beforeState.get(item.id.client) ?? 0) && (!item.deleted || Y.isDeleted(deleteSet, item.id));
  const all = topLevelItems(fragment, () => true);
  const touched = new Set<Y.Item>();
  for (const type of transaction.changed.keys()) {
    if ((type as unknown) === fragment) {
      for (const item of all) if (before(item) !== now(item)) touched.add(item);
      continue;
    }
    const top = topLevelItemOf(type, fragment);
    if (top) touched.add(top);
  }
  if (touched.size === 0) return true;
  const indexes = all.flatMap((item, i) => (touched.has(item) ? [i] : []));
  const seen: Visible = (item) => before(item) || now(item);
  const from = neighbour(all, indexes[0]!, -1, seen);
  const to = neighbour(all, indexes.at(-1)!, 1, seen);
  const span = all.slice(from, to + 1);
  return viewOf(span, userId, before) === viewOf(span, userId, now);
}

/** The index of the nearest block before (or after) `index` that either reading sees. */
function neighbour(all: Y.Item[], index: number, step: -1 | 1, seen: Visible): number {
  for (let i = index + step; i >= 0 && i < all.length; i += step) if (seen(all[i]!)) return i;
  return index;
}

/** The specification's blocks (items of its top level), in order, as `visible` sees them. */
function topLevelItems(fragment: Y.XmlFragment, visible: Visible = now): Y.Item[] {
  const items: Y.Item[] = [];
  for (let item = fragment._start; item !== null; item = item.right) if (visible(item)) items.push(item);
  return items;
}

/** The top-level block a changed type is in, or null when it is not in the specification. */
function topLevelItemOf(type: { _item: Y.Item | null }, fragment: Y.XmlFragment): Y.Item | null {
  let item = type._item;
  while (item) {
    if (item.parent === fragment) return item;
    item = (item.parent as { _item: Y.Item | null })._item;
  }
  return null;
}

function viewOf(blocks: Y.Item[], userId: string, visible: Visible): string {
  const tokens: Token[] = [];
  for (const item of blocks) {
    if (visible(item) && item.content instanceof Y.ContentType) tokensOf(item.content.type, userId, visible, tokens);
  }
  return JSON.stringify(joinText(dropOwnInsertions(tokens)));
}

function tokensOf(node: Y.AbstractType<unknown>, userId: string, visible: Visible, into: Token[]): void {
  if (node instanceof Y.XmlText) {
    forEachFormattedItem(node, visible, ({ content }, formats) => {
      if (!(content instanceof Y.ContentString) && !(content instanceof Y.ContentEmbed)) return;
      const { attributes, mine } = settleTextAttributes(Object.fromEntries(formats), userId);
      if (content instanceof Y.ContentString) into.push({ kind: 'text', text: content.str, attributes, mine });
      else into.push({ kind: 'embed', value: content.embed, attributes, mine });
    });
    return;
  }
  if (!isXmlElement(node)) return;
  const settled = settleBlock(node.nodeName, attributesOf(node, visible), userId);
  // A block this person proposed goes as a whole when their suggestions are rejected.
  if (!settled) return;
  into.push({ kind: 'open', name: settled.name, attributes: settled.attributes });
  for (let item = node._start; item !== null; item = item.right) {
    if (visible(item) && item.content instanceof Y.ContentType) tokensOf(item.content.type, userId, visible, into);
  }
  into.push({ kind: 'close' });
}

/** An element's attributes as `visible` sees them. */
function attributesOf(element: Y.XmlElement, visible: Visible): Attributes {
  const attributes: Attributes = {};
  for (const [key, last] of element._map) {
    for (let item: Y.Item | null = last; item !== null; item = item.left) {
      if (!visible(item)) continue;
      const value = (item.content.getContent() as unknown[]).at(-1);
      if (value !== undefined && value !== null) attributes[key] = value;
      break;
    }
  }
  return attributes;
}

/** A text run's attributes with this person's suggestion marks taken off; `mine` when they proposed it. */
function settleTextAttributes(attributes: Attributes, userId: string): { attributes: Attributes; mine: boolean } {
  const kept: Attributes = {};
  let mine = false;
  for (const [key, value] of Object.entries(attributes)) {
    if (isAnchorAttribute(key)) continue;
    const mark = suggestionMarkOfKey(key);
    if (mark && isSuggestionOf(idOf(value), userId)) {
      if (mark === 'insertion') mine = true;
      continue;
    }
    kept[key] = value;
  }
  return { attributes: kept, mine };
}

/** A block as it reads with this person's suggestions on it rejected; null when they proposed it. */
function settleBlock(name: string, attributes: Attributes, userId: string): { name: string; attributes: Attributes } | null {
  const kept: Attributes = {};
  const reverts: Modification[] = [];
  for (const [key, value] of Object.entries(attributes)) {
    if (isAnchorAttribute(key)) continue;
    if (key !== blockSuggestionsAttribute) {
      kept[key] = value;
      continue;
    }
    const others: BlockSuggestion[] = [];
    for (const mark of blockSuggestionsOf(value)) {
      if (!isSuggestionOf(mark.attrs.id, userId)) others.push(mark);
      else if (mark.type === 'insertion') return null;
      else if (mark.type === 'modification') reverts.push(mark.attrs as Modification);
    }
    if (others.length > 0) kept[key] = others;
  }
  let settledName = name;
  for (const revert of reverts) {
    if (revert.type === 'attr' && typeof revert.attrName === 'string') kept[revert.attrName] = revert.previousValue ?? null;
    else if (revert.type === 'nodeType' && typeof revert.previousValue === 'string') settledName = revert.previousValue;
  }
  return { name: settledName, attributes: kept };
}

const idOf = (value: unknown): unknown => (value && typeof value === 'object' ? (value as { id?: unknown }).id : undefined);

/**
 * Removes this person's proposed text, and the block boundaries between two pieces of
 * it: rejecting a proposed paragraph split joins the paragraphs again.
 */
function dropOwnInsertions(tokens: Token[]): Token[] {
  const kept: Token[] = [];
  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i]!;
    if (!isOwnInsertion(token)) {
      kept.push(token);
      i++;
      continue;
    }
    // Skip this run of own insertions, and boundaries followed by more of them.
    let end = i + 1;
    for (;;) {
      let next = end;
      while (next < tokens.length && isBoundary(tokens[next]!)) next++;
      if (next < tokens.length && isOwnInsertion(tokens[next]!)) end = next + 1;
      else break;
    }
    i = end;
  }
  return kept;
}

const isOwnInsertion = (token: Token) => (token.kind === 'text' || token.kind === 'embed') && token.mine;
const isBoundary = (token: Token) => token.kind === 'open' || token.kind === 'close';

/** Neighbouring runs of text with the same attributes, as one (how Yjs splits text is not content). */
function joinText(tokens: Token[]): unknown[] {
  const out: unknown[] = [];
  let text: { text: string; attributes: string } | null = null;
  const flush = () => {
    if (text && text.text) out.push(['text', text.text, text.attributes]);
    text = null;
  };
  for (const token of tokens) {
    if (token.kind === 'text') {
      const attributes = canonical(token.attributes);
      if (text && text.attributes === attributes) text.text += token.text;
      else {
        flush();
        text = { text: token.text, attributes };
      }
      continue;
    }
    flush();
    if (token.kind === 'open') out.push(['open', token.name, canonical(token.attributes)]);
    else if (token.kind === 'close') out.push(['close']);
    else out.push(['embed', canonical({ value: token.value }), canonical(token.attributes)]);
  }
  flush();
  return out;
}

/** Attributes as a string that does not depend on the order they were set in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Attributes).sort(([a], [b]) => a.localeCompare(b)))
      : inner,
  );
}
