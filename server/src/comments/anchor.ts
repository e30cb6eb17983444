/**
 * A thread's anchor in the specification: a `comment` mark over the text it is about,
 * written by the server (so people who may only comment can still anchor a thread), as
 * Yjs formatting on the document's text. Being formatting, it travels with its text:
 * typed around or inside, split or joined, moved, undone, restored.
 *
 * Comment marks overlap, so the editor binding (y-tiptap) stores each under its own
 * attribute, `comment--` and a short hash of the mark; the server writes that same name,
 * so the editor reads the mark and, when it next writes the text, finds it unchanged.
 */
import { sha256 } from '@oslojs/crypto/sha2';
import * as buffer from 'lib0/buffer';
import * as Y from 'yjs';
import { commentMarkName } from '../../../shared/comments.js';
import { specificationOf } from '../../../shared/doc-layout.js';
import { withinRoot } from '../workspace/within-root.js';

/** The longest quote kept with a thread. */
export const quoteMax = 1000;

/** The Yjs attribute that holds the `comment` mark of `threadId`. */
export function anchorAttribute(threadId: string): string {
  const digest = sha256(buffer.encodeAny({ type: commentMarkName, attrs: { threadId } }));
  // The digest folded into six bytes: eight characters of base64.
  const folded = digest.slice(0, 6);
  for (let i = 6; i < digest.length; i++) folded[i % 6]! ^= digest[i]!;
  return `${commentMarkName}--${buffer.toBase64(folded)}`;
}

/** Is this text attribute a comment anchor (of any thread)? */
export function isAnchorAttribute(name: string): boolean {
  return name === commentMarkName || name.startsWith(`${commentMarkName}--`);
}

/** Every piece of text in the specification, in reading order. */
function textsOf(fragment: Y.XmlFragment | Y.XmlElement, into: Y.XmlText[] = []): Y.XmlText[] {
  for (const child of fragment.toArray()) {
    if (child instanceof Y.XmlText) into.push(child);
    else if (child instanceof Y.XmlElement) textsOf(child, into);
  }
  return into;
}

/** A point in the specification's text: the n-th piece of text, and an offset in it. */
interface Point {
  text: number;
  offset: number;
}

function pointOf(texts: Y.XmlText[], position: Y.AbsolutePosition, fragment: Y.XmlFragment): Point | null {
  const { type, index } = position;
  if (type instanceof Y.XmlText) {
    const at = texts.indexOf(type);
    return at === -1 ? null : { text: at, offset: index };
  }
  if (!(type instanceof Y.XmlElement) && type !== fragment) return null;
  // Between blocks: the start of the first text at or after that child.
  const parent = type as Y.XmlElement | Y.XmlFragment;
  if (type instanceof Y.XmlElement && !withinRoot(type, fragment)) return null;
  const after = parent.toArray().slice(index);
  for (const child of after) {
    const first = child instanceof Y.XmlText ? child : child instanceof Y.XmlElement ? textsOf(child)[0] : undefined;
    if (first) return { text: texts.indexOf(first), offset: 0 };
  }
  return { text: texts.length, offset: 0 };
}

/** The stretches of text a selection covers: the n-th text, from and to offsets. */
export interface Selection {
  stretches: { text: number; from: number; to: number }[];
  quote: string;
}

/**
 * The specification text between two relative positions (base64 of
 * `Y.encodeRelativePosition`), or null when either is not in the specification or
 * nothing lies between them.
 */
export function resolveSelection(doc: Y.Doc, startBase64: string, endBase64: string): Selection | null {
  const fragment = specificationOf(doc);
  const texts = textsOf(fragment);
  const absolute = (encoded: string) => {
    try {
      return Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(buffer.fromBase64(encoded)), doc);
    } catch {
      return null;
    }
  };
  const startAt = absolute(startBase64);
  const endAt = absolute(endBase64);
  if (!startAt || !endAt) return null;
  const start = pointOf(texts, startAt, fragment);
  const end = pointOf(texts, endAt, fragment);
  if (!start || !end || start.text >= texts.length) return null;
  const stretches: Selection['stretches'] = [];
  for (let n = start.text; n <= Math.min(end.text, texts.length - 1); n++) {
    const length = texts[n]!.length;
    const from = n === start.text ? Math.min(start.offset, length) : 0;
    const to = n === end.text ? Math.min(end.offset, length) : length;
    if (to > from) stretches.push({ text: n, from, to });
  }
  if (stretches.length === 0) return null;
  const quote = stretches
    .map((s) => plainSlice(texts[s.text]!, s.from, s.to))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!quote) return null;
  return { stretches, quote: quote.length > quoteMax ? `${quote.slice(0, quoteMax - 1)}…` : quote };
}

/** The characters of `text` from `from` to `to` (embedded nodes left out). */
function plainSlice(text: Y.XmlText, from: number, to: number): string {
  let at = 0;
  let out = '';
  for (const op of text.toDelta() as { insert: unknown }[]) {
    const length = typeof op.insert === 'string' ? op.insert.length : 1;
    if (typeof op.insert === 'string' && at + length > from && at < to) {
      out += op.insert.slice(Math.max(0, from - at), Math.max(0, to - at));
    }
    at += length;
    if (at >= to) break;
  }
  return out;
}

/** Makes a change on a copy of the document and returns it as an update (null if none). */
function changeOnCopy(doc: Y.Doc, change: (copy: Y.Doc) => void): Uint8Array | null {
  const copy = new Y.Doc({ gc: false });
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  let update: Uint8Array | null = null;
  copy.on('update', (u: Uint8Array) => (update = u));
  copy.transact(() => change(copy));
  copy.destroy();
  return update;
}

/** The update that anchors `threadId` over `selection` (resolved on the same state of `doc`). */
export function anchorUpdate(doc: Y.Doc, selection: Selection, threadId: string): Uint8Array | null {
  const attribute = anchorAttribute(threadId);
  return changeOnCopy(doc, (copy) => {
    const texts = textsOf(specificationOf(copy));
    for (const s of selection.stretches) texts[s.text]?.format(s.from, s.to - s.from, { [attribute]: { threadId } });
  });
}

/** The update that takes `threadId`'s anchor out of the text, or null when it has none. */
export function removeAnchorUpdate(doc: Y.Doc, threadId: string): Uint8Array | null {
  const attribute = anchorAttribute(threadId);
  if (!anchoredIn(doc, attribute)) return null;
  return changeOnCopy(doc, (copy) => {
    for (const text of textsOf(specificationOf(copy))) {
      let at = 0;
      for (const op of text.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
        const length = typeof op.insert === 'string' ? op.insert.length : 1;
        if (op.attributes && attribute in op.attributes) text.format(at, length, { [attribute]: null });
        at += length;
      }
    }
  });
}

function anchoredIn(doc: Y.Doc, attribute: string): boolean {
  return textsOf(specificationOf(doc)).some((text) =>
    (text.toDelta() as { attributes?: Record<string, unknown> }[]).some((op) => !!op.attributes && attribute in op.attributes),
  );
}
