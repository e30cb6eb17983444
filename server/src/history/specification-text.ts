/**
 * The specification's content as text, for its hash: exactly what Yjs's own `toString()`
 * gives (so hashes recorded before comments existed still match), except that comment
 * anchors are left out. A comment is a remark about the text, not a change to it: adding
 * or resolving one must not make a signed-off version read as changed.
 */
import * as Y from 'yjs';
import { isAnchorAttribute } from '../comments/anchor.js';

type Op = { insert: unknown; attributes?: Record<string, unknown> };

/** `text.toDelta()`, ignoring the formatting that anchors comments. */
function deltaWithoutAnchors(text: Y.XmlText): Op[] {
  const ops: Op[] = [];
  const current = new Map<string, unknown>();
  let str = '';
  const attributes = () => (current.size > 0 ? { attributes: Object.fromEntries(current) } : {});
  const pack = () => {
    if (str.length > 0) ops.push({ insert: str, ...attributes() });
    str = '';
  };
  for (let item = text._start; item !== null; item = item.right) {
    if (item.deleted) continue;
    const content = item.content;
    if (content instanceof Y.ContentString) {
      str += content.str;
    } else if (content instanceof Y.ContentType || content instanceof Y.ContentEmbed) {
      pack();
      ops.push({ insert: content.getContent()[0], ...attributes() });
    } else if (content instanceof Y.ContentFormat && !isAnchorAttribute(content.key)) {
      pack();
      if (content.value === null) current.delete(content.key);
      else current.set(content.key, content.value);
    }
  }
  pack();
  return ops;
}

function textToString(text: Y.XmlText): string {
  return deltaWithoutAnchors(text)
    .map((op) => {
      const nested = Object.entries(op.attributes ?? {})
        .map(([name, attrs]) => ({
          name,
          attrs: Object.entries(attrs as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
        }))
        .sort((a, b) => (a.name < b.name ? -1 : 1));
      const open = nested.map((n) => `<${n.name}${n.attrs.map(([key, value]) => ` ${key}="${String(value)}"`).join('')}>`).join('');
      const close = nested
        .map((n) => `</${n.name}>`)
        .reverse()
        .join('');
      return `${open}${nodeToString(op.insert)}${close}`;
    })
    .join('');
}

function nodeToString(node: unknown): string {
  if (node instanceof Y.XmlText) return textToString(node);
  if (node instanceof Y.XmlElement) {
    const attrs = node.getAttributes() as Record<string, unknown>;
    const attributes = Object.keys(attrs)
      .sort()
      .map((key) => ` ${key}="${String(attrs[key])}"`)
      .join('');
    const name = node.nodeName.toLocaleLowerCase();
    return `<${name}${attributes}>${childrenToString(node)}</${name}>`;
  }
  return String(node);
}

function childrenToString(parent: Y.XmlFragment | Y.XmlElement): string {
  return parent
    .toArray()
    .map((child) => nodeToString(child))
    .join('');
}

/** The specification fragment as `fragment.toString()` would give it, without comment anchors. */
export function specificationText(fragment: Y.XmlFragment): string {
  return childrenToString(fragment);
}
