/**
 * What one applied transaction did, read from Yjs's own record of it: the item ranges
 * it inserted and deleted, the areas of the workspace it touched, and what it did to
 * each thing people recognise: the specification's requirements, headings, paragraphs
 * and tables, and the engagement activities and decisions.
 */
import * as Y from 'yjs';
import { roots, specNodes } from '../../../shared/doc-layout.js';
import { isAnchorAttribute } from '../comments/anchor.js';
import type { ThingChange, ThingChanges } from './grouping.js';

export interface ItemRange {
  client: number;
  start: number;
  /** Exclusive. */
  end: number;
}

/** What a transaction did (see the top of this file). */
export interface ChangeDescription {
  insertions: ItemRange[];
  deletions: ItemRange[];
  /** 'specification', 'engagement:<entry id>', 'decisions:<entry id>' (or the list itself). */
  areas: string[];
  /** What it did, thing by thing (keys as in grouping.ts). */
  changes: ThingChanges;
  /** It only anchored comment threads in the text (or took anchors out): no edit at all. */
  anchorsOnly: boolean;
}

const entryLists = new Set<string>([roots.engagement, roots.decisions]);

/** Describes a transaction just applied (the document must not have changed since). */
export function describeTransaction(transaction: Y.Transaction): ChangeDescription {
  const insertions: ItemRange[] = [];
  for (const [client, after] of transaction.afterState) {
    const before = transaction.beforeState.get(client) ?? 0;
    if (after > before) insertions.push({ client, start: before, end: after });
  }
  const deletions: ItemRange[] = [];
  for (const [client, items] of transaction.deleteSet.clients) {
    for (const item of items) deletions.push({ client, start: item.clock, end: item.clock + item.len });
  }
  const areas = new Set<string>();
  for (const type of transaction.changed.keys()) {
    let entry: Y.AbstractType<unknown> | null = null;
    let current = type as Y.AbstractType<unknown>;
    while (current._item !== null) {
      const parent = current._item.parent as Y.AbstractType<unknown>;
      if (parent._item === null) entry = current;
      current = parent;
    }
    let root: string;
    try {
      root = Y.findRootTypeKey(current);
    } catch {
      continue;
    }
    if (root === roots.specification) areas.add(roots.specification);
    else if (entryLists.has(root)) {
      const id = entry instanceof Y.Map ? entryIdOf(entry) : null;
      if (id) areas.add(`${root}:${id}`);
      else for (const added of entriesAddedOrRemoved(current, transaction)) areas.add(`${root}:${added}`);
      if (areas.size === 0 || ![...areas].some((a) => a.startsWith(`${root}:`))) areas.add(root);
    }
  }
  return {
    insertions,
    deletions,
    areas: [...areas].sort(),
    changes: thingsChanged(transaction, insertions, deletions),
    anchorsOnly: onlyAnchors(transaction, insertions),
  };
}

/** Is every item the transaction inserted or deleted a comment anchor's formatting? */
function onlyAnchors(transaction: Y.Transaction, insertions: ItemRange[]): boolean {
  const isAnchor = (struct: Y.AbstractStruct) =>
    struct instanceof Y.Item && struct.content instanceof Y.ContentFormat && isAnchorAttribute(struct.content.key);
  let inserted = 0;
  for (const range of insertions) {
    const structs = transaction.doc.store.clients.get(range.client) ?? [];
    for (let i = Y.findIndexSS(structs, range.start); i < structs.length && structs[i]!.id.clock < range.end; i++) {
      if (!isAnchor(structs[i]!)) return false;
      inserted++;
    }
  }
  let deletedOthers = false;
  Y.iterateDeletedStructs(transaction, transaction.deleteSet, (struct) => {
    if (!isAnchor(struct)) deletedOthers = true;
  });
  return inserted > 0 && !deletedOthers;
}

/** Ids of the entries a transaction added to or removed from a list (a root Y.Array). */
function entriesAddedOrRemoved(list: Y.AbstractType<unknown>, transaction: Y.Transaction): string[] {
  const ids: string[] = [];
  for (let item = list._start; item !== null; item = item.right) {
    if (!(item.content instanceof Y.ContentType)) continue;
    const added = !item.deleted && item.id.clock >= (transaction.beforeState.get(item.id.client) ?? 0);
    const removed = item.deleted && Y.isDeleted(transaction.deleteSet, item.id);
    if (!added && !removed) continue;
    const entry = item.content.type;
    const id = entry instanceof Y.Map ? entryIdOf(entry) : null;
    if (id) ids.push(id);
  }
  return ids;
}

/** A map or element: anything with entries by key. */
type Keyed = Pick<Y.AbstractType<unknown>, '_map'>;

/**
 * The value last written under a key of a map or element, deleted or not: a removed
 * entry's fields are deleted with it, yet it still needs its id (and a removed
 * requirement its number).
 */
function lastWritten(type: Keyed, key: string): unknown {
  const item = type._map.get(key);
  if (!item) return undefined;
  const content = item.content.getContent() as unknown[];
  return content[content.length - 1];
}

function entryIdOf(entry: Keyed): string | null {
  const id = lastWritten(entry, 'id');
  return typeof id === 'string' ? id : null;
}

/** A thing people recognise, with the Yjs item that holds it. */
interface Thing {
  key: string;
  item: Y.Item;
}

/**
 * The thing an item belongs to. In the specification: the requirement it is in, else
 * the table, else the heading or paragraph (list items are paragraphs too); items of no
 * such thing (a list's own element, a rule) count for nothing. In the engagement and
 * decision lists: the entry.
 */
function thingOf(item: Y.Item): Thing | null {
  let requirement: Y.Item | null = null;
  let table: Y.Item | null = null;
  let block: { item: Y.Item; kind: string } | null = null;
  let current = item;
  for (;;) {
    const element = current.content instanceof Y.ContentType ? current.content.type : null;
    if (element instanceof Y.XmlElement) {
      if (element.nodeName === specNodes.requirement) requirement ??= current;
      else if (element.nodeName === specNodes.table) table ??= current;
      else if (element.nodeName === specNodes.paragraph || element.nodeName === specNodes.heading)
        block ??= { item: current, kind: element.nodeName };
    }
    const parent = current.parent;
    if (!(parent instanceof Y.AbstractType)) return null;
    if (parent._item === null) break;
    current = parent._item;
  }
  let root: string;
  try {
    root = Y.findRootTypeKey(current.parent as Y.AbstractType<unknown>);
  } catch {
    return null;
  }
  const keyOf = (kind: string, of: Y.Item): Thing => ({ key: `${kind}:${of.id.client}:${of.id.clock}`, item: of });
  if (root === roots.specification) {
    if (requirement) return keyOf(specNodes.requirement, requirement);
    if (table) return keyOf(specNodes.table, table);
    return block ? keyOf(block.kind, block.item) : null;
  }
  if (entryLists.has(root) && current.content instanceof Y.ContentType) {
    const id = entryIdOf(current.content.type);
    return id ? { key: `${root}:${id}`, item: current } : null;
  }
  return null;
}

/** Calls `visit` with every item (not garbage) that overlaps a range of one client's clocks. */
function forEachItem(store: Y.Doc['store'], range: ItemRange, visit: (item: Y.Item) => void): void {
  const structs = store.clients.get(range.client);
  if (!structs || structs.length === 0) return;
  for (let i = Y.findIndexSS(structs, range.start); i < structs.length && structs[i]!.id.clock < range.end; i++) {
    const struct = structs[i]!;
    if (struct instanceof Y.Item) visit(struct);
  }
}

/** What the transaction did to each thing: added, removed, or edited inside. */
function thingsChanged(transaction: Y.Transaction, insertions: ItemRange[], deletions: ItemRange[]): ThingChanges {
  const insertedHere = (item: Y.Item) => item.id.clock >= (transaction.beforeState.get(item.id.client) ?? 0);
  const deletedHere = (item: Y.Item) => item.deleted && Y.isDeleted(transaction.deleteSet, item.id);
  const added = new Map<string, Y.Item>();
  const removed = new Map<string, Y.Item>();
  const edited = new Set<string>();
  const numbered = new Set<string>();
  const visit = (item: Y.Item, inserted: boolean) => {
    const thing = thingOf(item);
    if (!thing) return;
    if (thing.item === item) (inserted ? added : removed).set(thing.key, item);
    // Whatever is inside a thing added or removed here is part of that.
    else if (insertedHere(thing.item) || deletedHere(thing.item)) return;
    else if (item.parentSub === 'number' && item.parent === (thing.item.content as Y.ContentType).type) numbered.add(thing.key);
    else edited.add(thing.key);
  };
  // Yjs merges text typed or deleted one character at a time into the item before it
  // once the transaction ends, so an item met here may begin before the range: every
  // item that overlaps a range was written (or deleted) in part by this transaction.
  // Elements and entries are never merged: an element met here is the one written.
  const store = transaction.doc.store;
  for (const range of insertions) {
    forEachItem(store, range, (item) => {
      // Written and deleted within the transaction: as if never there.
      if (!item.deleted) visit(item, true);
    });
  }
  for (const range of deletions) {
    forEachItem(store, range, (item) => {
      if (!(item.content instanceof Y.ContentType && insertedHere(item))) visit(item, false);
    });
  }
  pairMovedRequirements(added, removed, edited);
  const things: Record<string, ThingChange> = {};
  for (const key of edited) things[key] = 'edited';
  for (const key of removed.keys()) things[key] = 'removed';
  // An entry removed and put back (a restore copies it, keeping its id) was edited.
  for (const key of added.keys()) things[key] = removed.has(key) ? 'edited' : 'added';
  return { things, numbered: [...numbered] };
}

/**
 * A requirement removed and another carrying the same number added in one transaction
 * is one requirement moved or put back (dragging one, restoring one): edited, under the
 * new element's key.
 */
function pairMovedRequirements(added: Map<string, Y.Item>, removed: Map<string, Y.Item>, edited: Set<string>): void {
  const prefix = `${specNodes.requirement}:`;
  const removedByNumber = new Map<number, string>();
  for (const [key, item] of removed) {
    const number = key.startsWith(prefix) ? lastWritten((item.content as Y.ContentType).type, 'number') : null;
    if (typeof number === 'number') removedByNumber.set(number, key);
  }
  if (removedByNumber.size === 0) return;
  for (const [key, item] of added) {
    const number = key.startsWith(prefix) ? lastWritten((item.content as Y.ContentType).type, 'number') : null;
    const gone = typeof number === 'number' ? removedByNumber.get(number) : undefined;
    if (gone === undefined) continue;
    removed.delete(gone);
    removedByNumber.delete(number as number);
    added.delete(key);
    edited.add(key);
  }
}
