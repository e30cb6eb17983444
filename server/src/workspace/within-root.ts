/** Where a change happened in a procurement's document: inside which of its roots. */
import type * as Y from 'yjs';

/** A shared type, as far as its place in the document's tree goes. */
type Placed = { _item: Y.Item | null };

/** True when `type` is `root` or lies inside it. */
export function withinRoot(type: Placed, root: Placed): boolean {
  let current: Placed | null = type;
  while (current) {
    if (current === root) return true;
    current = (current._item?.parent as Placed | undefined) ?? null;
  }
  return false;
}

/** True when the transaction changed anything inside the root named `rootName`. */
export function changedWithin(transaction: Y.Transaction, rootName: string): boolean {
  const root = transaction.doc.share.get(rootName);
  if (!root) return false;
  for (const type of transaction.changed.keys()) if (withinRoot(type, root)) return true;
  return false;
}
