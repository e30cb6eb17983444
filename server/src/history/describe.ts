/**
 * What one applied transaction did, read from Yjs's own record of it: the item ranges
 * it inserted and deleted, and the areas of the workspace it touched.
 */
import * as Y from 'yjs';
import { roots } from '../../../shared/doc-layout.js';

export interface ItemRange {
  client: number;
  start: number;
  /** Exclusive. */
  end: number;
}

export interface ChangeDescription {
  insertions: ItemRange[];
  deletions: ItemRange[];
  /** 'specification', 'engagement:<entry id>', 'decisions:<entry id>' (or the list itself). */
  areas: string[];
}

const entryLists = new Set<string>([roots.engagement, roots.decisions]);

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
      if (entry instanceof Y.Map && typeof entry.get('id') === 'string') areas.add(`${root}:${entry.get('id') as string}`);
      else for (const id of entriesAddedOrRemoved(current, transaction)) areas.add(`${root}:${id}`);
      if (areas.size === 0 || ![...areas].some((a) => a.startsWith(`${root}:`))) areas.add(root);
    }
  }
  return { insertions, deletions, areas: [...areas].sort() };
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
    if (entry instanceof Y.Map && typeof entry.get('id') === 'string') ids.push(entry.get('id') as string);
  }
  return ids;
}
