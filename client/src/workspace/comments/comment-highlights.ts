/**
 * The highlights of comment anchors in the specification, kept in step with the text at
 * a cost that follows the blocks a change touched, not the size of the document.
 *
 * Every change, typed here or arriving from a colleague, keeps the untouched top-level
 * blocks as the very same node objects (ProseMirror shares unchanged nodes, and the Yjs
 * binding reuses the node it made for each unchanged block). So a change is the stretch
 * of blocks between the longest shared start and end; the previous highlights are moved
 * past it and only its blocks are read again. Others' changes arrive as a replacement of
 * the whole document, whose own mapping would drop every highlight.
 */
import type { Node as PMNode } from '@tiptap/pm/model';
import { Mapping, StepMap } from '@tiptap/pm/transform';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { commentMarkName } from '../../../../shared/comments.js';

/** What is shown: the chosen thread more strongly, resolved threads not at all. */
export interface HighlightChoice {
  activeId: string | null;
  resolvedIds: ReadonlySet<string>;
}

/** The highlights of the whole document, and which threads are anchored in it. */
export interface Highlights {
  decorations: DecorationSet;
  /** The threads anchored in the text now, in the order their text comes. */
  anchored: readonly string[];
}

interface AnchorSpan {
  /** From the block's start. */
  from: number;
  to: number;
  threadId: string;
}

interface BlockAnchors {
  spans: readonly AnchorSpan[];
  threads: readonly string[];
}

const noAnchors: BlockAnchors = { spans: [], threads: [] };
// Nodes never change, so what a block anchors is read once per block object.
const anchorsByBlock = new WeakMap<PMNode, BlockAnchors>();

function anchorsOf(block: PMNode): BlockAnchors {
  let anchors = anchorsByBlock.get(block);
  if (anchors) return anchors;
  const spans: AnchorSpan[] = [];
  const threads = new Set<string>();
  block.descendants((node, pos) => {
    if (!node.isText) return true;
    for (const mark of node.marks) {
      if (mark.type.name !== commentMarkName) continue;
      const threadId = String(mark.attrs.threadId);
      threads.add(threadId);
      spans.push({ from: pos + 1, to: pos + 1 + node.nodeSize, threadId });
    }
    return false;
  });
  anchors = spans.length ? { spans, threads: [...threads] } : noAnchors;
  anchorsByBlock.set(block, anchors);
  return anchors;
}

function decorationsOfBlocks(doc: PMNode, fromIndex: number, toIndex: number, start: number, choice: HighlightChoice): Decoration[] {
  const decorations: Decoration[] = [];
  let blockStart = start;
  for (let index = fromIndex; index < toIndex; index++) {
    const block = doc.child(index);
    for (const span of anchorsOf(block).spans) {
      if (choice.resolvedIds.has(span.threadId)) continue;
      const active = span.threadId === choice.activeId;
      const attrs = { class: active ? 'app-comment-highlight app-comment-anchor--active' : 'app-comment-highlight' };
      decorations.push(Decoration.inline(blockStart + span.from, blockStart + span.to, attrs));
    }
    blockStart += block.nodeSize;
  }
  return decorations;
}

function anchoredIn(doc: PMNode, previous: readonly string[]): readonly string[] {
  const anchored = new Set<string>();
  doc.forEach((block) => {
    for (const threadId of anchorsOf(block).threads) anchored.add(threadId);
  });
  const same = anchored.size === previous.length && [...anchored].every((id, i) => previous[i] === id);
  return same ? previous : [...anchored];
}

/** Every highlight of the document, read afresh (when it opens, or what is shown changes). */
export function highlightsOf(doc: PMNode, choice: HighlightChoice, previousAnchored: readonly string[] = []): Highlights {
  const decorations = DecorationSet.create(doc, decorationsOfBlocks(doc, 0, doc.childCount, 0, choice));
  return { decorations, anchored: anchoredIn(doc, previousAnchored) };
}

/** The stretch of top-level blocks that differ between two documents, and where it lies in each. */
export interface ChangedBlocks {
  firstIndex: number;
  /** End (exclusive) of the stretch among the old document's blocks, and among the new one's. */
  oldEndIndex: number;
  newEndIndex: number;
  start: number;
  oldEnd: number;
  newEnd: number;
}

export function changedBlocks(before: PMNode, after: PMNode): ChangedBlocks {
  const shortest = Math.min(before.childCount, after.childCount);
  let firstIndex = 0;
  let start = 0;
  while (firstIndex < shortest && before.child(firstIndex) === after.child(firstIndex)) {
    start += before.child(firstIndex).nodeSize;
    firstIndex++;
  }
  let oldEndIndex = before.childCount;
  let newEndIndex = after.childCount;
  let sharedEnd = 0;
  while (oldEndIndex > firstIndex && newEndIndex > firstIndex && before.child(oldEndIndex - 1) === after.child(newEndIndex - 1)) {
    sharedEnd += before.child(oldEndIndex - 1).nodeSize;
    oldEndIndex--;
    newEndIndex--;
  }
  return {
    firstIndex,
    oldEndIndex,
    newEndIndex,
    start,
    oldEnd: before.content.size - sharedEnd,
    newEnd: after.content.size - sharedEnd,
  };
}

/** The highlights after a change of the document, with what is shown unchanged. */
export function highlightsAfterChange(previous: Highlights, before: PMNode, after: PMNode, choice: HighlightChoice): Highlights {
  const changed = changedBlocks(before, after);
  if (changed.firstIndex === changed.oldEndIndex && changed.firstIndex === changed.newEndIndex) return previous;
  const moved = previous.decorations.map(
    new Mapping([new StepMap([changed.start, changed.oldEnd - changed.start, changed.newEnd - changed.start])]),
    after,
  );
  const added = decorationsOfBlocks(after, changed.firstIndex, changed.newEndIndex, changed.start, choice);
  return { decorations: added.length ? moved.add(after, added) : moved, anchored: anchoredIn(after, previous.anchored) };
}
