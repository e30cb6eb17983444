/**
 * Reading the current document as it was at a version: which items a Yjs snapshot
 * includes, text, rich text, attributes and lists as they were then, and which write
 * gave an attribute its value. The server's documents are never garbage-collected, so
 * every item of every version is still there.
 */
import * as Y from 'yjs';

export type Snapshot = Y.Snapshot;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyType = Y.AbstractType<any>;

export function visible(item: Y.Item, snapshot: Snapshot): boolean {
  return (snapshot.sv.get(item.id.client) ?? 0) > item.id.clock && !Y.isDeleted(snapshot.ds, item.id);
}

/** Children of a list type that are in either version, in document order. */
export function childrenIn(type: AnyType, before: Snapshot, after: Snapshot): { item: Y.Item; inBefore: boolean; inAfter: boolean }[] {
  const result: { item: Y.Item; inBefore: boolean; inAfter: boolean }[] = [];
  for (let item = type._start; item !== null; item = item.right) {
    const inBefore = visible(item, before);
    const inAfter = visible(item, after);
    if (inBefore || inAfter) result.push({ item, inBefore, inAfter });
  }
  return result;
}

export function textAt(text: Y.Text | Y.XmlText, snapshot: Snapshot): string {
  return (text.toDelta(snapshot) as { insert: unknown }[]).map((d) => (typeof d.insert === 'string' ? d.insert : '')).join('');
}

/** Plain text of rich text as it was in a version. */
export function richTextAt(node: Y.XmlFragment | Y.XmlElement | Y.XmlText, snapshot: Snapshot): string {
  if (node instanceof Y.XmlText) return textAt(node, snapshot);
  const children = Y.typeListToArraySnapshot(node, snapshot) as (Y.XmlElement | Y.XmlText)[];
  const blocks = children.some((c) => c instanceof Y.XmlElement);
  return children.map((c) => richTextAt(c, snapshot)).join(blocks ? '\n' : '');
}

export function attributeAt(element: Y.XmlElement | Y.Map<unknown>, key: string, snapshot: Snapshot): unknown {
  return Y.typeMapGetSnapshot(element, key, snapshot);
}

/** A text attribute as it was in a version, or `fallback` when it held no text. */
export function textAttributeAt(element: Y.XmlElement | Y.Map<unknown>, key: string, snapshot: Snapshot, fallback = ''): string {
  const value = attributeAt(element, key, snapshot);
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : fallback;
}

/** A list attribute's items as they were, each as text. */
export function listAt(value: unknown, snapshot: Snapshot): string[] {
  return value instanceof Y.Array ? (Y.typeListToArraySnapshot(value, snapshot) as unknown[]).map(String) : [];
}

/** Where a map entry (an attribute) sits in Yjs's record: the item and whether it was written or deleted. */
export interface EntryWrite {
  client: number;
  clock: number;
  /** 'written': the item holds the value; 'deleted': the value it held was deleted (the attribute removed). */
  kind: 'written' | 'deleted';
}

/** The item is within the snapshot's state (whether or not deleted by then). */
function within(item: Y.Item, snapshot: Snapshot): boolean {
  return (snapshot.sv.get(item.id.client) ?? 0) > item.id.clock;
}

function valueOf(item: Y.Item): unknown {
  const content = item.content.getContent() as unknown[];
  return content[content.length - 1];
}

/**
 * What gave an attribute the value it has in `after`, changed since `before`: the
 * write of that value (an attribute set is a Yjs item under the element's map, with its
 * client and clock), or, when it has no value in `after`, the deletion of the one it had
 * in `before`. Writing the same value again changes nothing, so a run of writes of the
 * same value leads back to the first of them. Null when neither version holds a value.
 */
export function attributeWrite(element: Y.XmlElement | Y.Map<unknown>, key: string, before: Snapshot, after: Snapshot): EntryWrite | null {
  // A map keeps its entries for a key as a chain, each write `right` of the one it
  // replaced: from the latest, step left to the one each version had (as Yjs's own
  // typeMapGetSnapshot does).
  const latest = element._map.get(key) ?? null;
  let item = latest;
  while (item !== null && !within(item, after)) item = item.left;
  if (item !== null && visible(item, after)) {
    const value = JSON.stringify(valueOf(item));
    let first = item;
    for (let left = item.left; left !== null && !within(left, before) && JSON.stringify(valueOf(left)) === value; left = left.left) {
      first = left;
    }
    return { client: first.id.client, clock: first.id.clock, kind: 'written' };
  }
  item = latest;
  while (item !== null && !within(item, before)) item = item.left;
  return item !== null && visible(item, before) ? { client: item.id.client, clock: item.id.clock, kind: 'deleted' } : null;
}
