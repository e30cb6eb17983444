/**
 * Reading a Yjs text as some state of it shows it. Yjs keeps formatting as markers
 * between the characters (a key set to a value, or to null to end it), so the formatting
 * of each piece is what the markers before it, in that state, have left in force.
 */
import * as Y from 'yjs';

/**
 * Calls `each` for every content item of `text` that `visible` keeps (other than the
 * formatting markers), with the formatting in force at it. The map is live: copy it to keep it.
 */
export function forEachFormattedItem(
  text: Y.XmlText,
  visible: (item: Y.Item) => boolean,
  each: (item: Y.Item, formats: ReadonlyMap<string, unknown>) => void,
): void {
  const formats = new Map<string, unknown>();
  for (let item = text._start; item !== null; item = item.right) {
    if (!visible(item)) continue;
    const { content } = item;
    if (content instanceof Y.ContentFormat) {
      if (content.value === null) formats.delete(content.key);
      else formats.set(content.key, content.value);
      continue;
    }
    each(item, formats);
  }
}
