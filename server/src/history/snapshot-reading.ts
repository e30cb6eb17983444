/**
 * Reading the current document as it was at a version: which items a Yjs snapshot
 * includes, and text, rich text, attributes and lists as they were then. The server's
 * documents are never garbage-collected, so every item of every version is still there.
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
