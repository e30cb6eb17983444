/**
 * Restoring the document to a past version, as a new change forward (history is never
 * rewritten). Block by block, and entry by entry: what is unchanged since that version
 * stays as it is (with its authors); what differs is removed, and what the version had
 * is put back as a copy, authored by the person restoring.
 */
import * as Y from 'yjs';
import { roots } from '../../../shared/doc-layout.js';

function key(item: Y.Item | null): string {
  return item ? `${item.id.client}:${item.id.clock}` : '';
}

function same(a: Y.AbstractType<unknown>, b: Y.AbstractType<unknown>): boolean {
  if (a instanceof Y.XmlElement && b instanceof Y.XmlElement) return a.toString() === b.toString();
  if (a instanceof Y.Map && b instanceof Y.Map) return JSON.stringify(a.toJSON()) === JSON.stringify(b.toJSON());
  return false;
}

function cloneOf(type: Y.AbstractType<unknown>): Y.AbstractType<unknown> | null {
  if (type instanceof Y.XmlElement || type instanceof Y.XmlText || type instanceof Y.Map) return type.clone() as Y.AbstractType<unknown>;
  return null;
}

/** Makes `current`'s children match `target`'s, keeping the ones that are identical. */
function restoreList(current: Y.XmlFragment | Y.Array<unknown>, target: Y.XmlFragment | Y.Array<unknown>): void {
  const wanted = target.toArray() as Y.AbstractType<unknown>[];
  const present = new Map<string, Y.AbstractType<unknown>>();
  for (const child of current.toArray() as Y.AbstractType<unknown>[]) present.set(key(child._item), child);
  const kept = new Set(wanted.filter((w) => present.has(key(w._item)) && same(present.get(key(w._item))!, w)).map((w) => key(w._item)));
  for (let i = current.length - 1; i >= 0; i--) {
    const child = current.get(i) as Y.AbstractType<unknown>;
    if (!kept.has(key(child._item))) current.delete(i, 1);
  }
  let at = 0;
  for (const w of wanted) {
    if (kept.has(key(w._item))) {
      at++;
      continue;
    }
    const copy = cloneOf(w);
    if (!copy) continue;
    current.insert(at, [copy] as never);
    at++;
  }
}

/**
 * The update that turns a copy of the current document into the target version's
 * content, or null when they are already the same.
 */
export function restoreUpdate(currentState: Uint8Array, target: Y.Doc): Uint8Array | null {
  const copy = new Y.Doc({ gc: false });
  Y.applyUpdate(copy, currentState);
  let update: Uint8Array | null = null;
  copy.on('update', (u: Uint8Array) => (update = u));
  copy.transact(() => {
    restoreList(copy.getXmlFragment(roots.specification), target.getXmlFragment(roots.specification));
    restoreList(copy.getArray(roots.engagement), target.getArray(roots.engagement));
    restoreList(copy.getArray(roots.decisions), target.getArray(roots.decisions));
  });
  copy.destroy();
  return update;
}
