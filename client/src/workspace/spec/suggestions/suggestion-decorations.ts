/**
 * What suggesting mode draws besides the marks themselves: a pilcrow (¶) where a
 * suggestion runs on across a paragraph break, and whole paragraphs that are suggested
 * additions or deletions marked as such.
 *
 * The suggestion library works these out by walking every node of the document, and
 * the editor asks for them after every key: 300 requirements cost a millisecond or two
 * per key even with no suggestion anywhere. Here the same rules run over the top-level
 * blocks holding a suggestion only; whether a block holds one is remembered per block
 * (an unchanged block keeps its node object), so a key costs a look at each block.
 */
import type { Mark, MarkType, Node as ProseMirrorNode } from '@tiptap/pm/model';
import type { EditorState } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';

interface BlockSummary {
  /** Some node inside carries an insertion or deletion mark. */
  suggested: boolean;
  /** Some text is inside. */
  hasText: boolean;
}

const summaries = new WeakMap<ProseMirrorNode, BlockSummary>();

/**
 * The decorations of a state's suggestions, as the suggestion library draws them; one
 * per editor, as it remembers the last document it was asked about.
 */
export function suggestionDecorations(): (state: EditorState) => DecorationSet {
  let lastDoc: ProseMirrorNode | null = null;
  let lastSet = DecorationSet.empty;
  return (state) => {
    if (state.doc === lastDoc) return lastSet;
    const { insertion, deletion } = state.schema.marks;
    if (!insertion || !deletion) return DecorationSet.empty;
    const walk = new SuggestionWalk(insertion, deletion);
    state.doc.forEach((block, offset) => {
      const summary = summaryOf(block, insertion, deletion);
      if (summary.suggested) walk.block(block, offset);
      else if (summary.hasText) walk.plainText();
    });
    lastDoc = state.doc;
    lastSet = walk.decorations.length > 0 ? DecorationSet.create(state.doc, walk.decorations) : DecorationSet.empty;
    return lastSet;
  };
}

function summaryOf(block: ProseMirrorNode, insertion: MarkType, deletion: MarkType): BlockSummary {
  let summary = summaries.get(block);
  if (summary) return summary;
  summary = { suggested: false, hasText: false };
  const found = summary;
  block.descendants((node) => {
    if (node.isText) found.hasText = true;
    if (insertion.isInSet(node.marks) || deletion.isInSet(node.marks)) found.suggested = true;
    return !(found.suggested && found.hasText);
  });
  summaries.set(block, summary);
  return summary;
}

/** Stands for the last text of a block without suggestions: it carries no mark. */
const plainParent = {};

/** The library's rules, in document order, carried from block to block. */
class SuggestionWalk {
  readonly decorations: Decoration[] = [];
  private lastParent: object | null = null;
  private lastMarks: readonly Mark[] = [];
  private lastTextEnd = 0;

  constructor(
    private readonly insertion: MarkType,
    private readonly deletion: MarkType,
  ) {}

  /** A block without suggestions, holding text: what comes next follows unmarked text. */
  plainText(): void {
    this.lastParent = plainParent;
    this.lastMarks = [];
  }

  block(block: ProseMirrorNode, offset: number): void {
    this.node(block, offset, null);
    block.descendants((node, pos, parent) => this.node(node, offset + 1 + pos, parent));
  }

  private node(node: ProseMirrorNode, pos: number, parent: ProseMirrorNode | null): boolean {
    const { insertion, deletion } = this;
    if (node.isTextblock && node.childCount > 0) {
      if (node.children.every((child) => deletion.isInSet(child.marks))) {
        this.decorations.push(Decoration.node(pos, pos + node.nodeSize, { 'data-node-deletion': 'true' }));
      }
      if (node.children.every((child) => insertion.isInSet(child.marks))) {
        this.decorations.push(Decoration.node(pos, pos + node.nodeSize, { 'data-node-insertion': 'true' }));
      }
    }
    if (!node.isText) return true;
    const deleted = deletion.isInSet(node.marks);
    const inserted = insertion.isInSet(node.marks);
    const lastDeleted = deletion.isInSet(this.lastMarks);
    const lastInserted = insertion.isInSet(this.lastMarks);
    const breakAt = this.lastTextEnd;
    this.lastMarks = node.marks;
    this.lastTextEnd = pos + node.nodeSize;
    if (parent === this.lastParent) return true;
    this.lastParent = parent;
    // Text that starts a new paragraph continues a suggestion of the paragraph before.
    if ((!deleted || !lastDeleted) && (!inserted || !lastInserted)) return true;
    if (deleted?.attrs.id !== lastDeleted?.attrs.id && inserted?.attrs.id !== lastInserted?.attrs.id) return true;
    if (deleted) this.decorations.push(pilcrowAt(breakAt, deletion.create({ id: deleted.attrs.id as unknown })));
    if (inserted) this.decorations.push(pilcrowAt(breakAt, insertion.create({ id: inserted.attrs.id as unknown })));
    return true;
  }
}

function pilcrowAt(pos: number, mark: Mark): Decoration {
  return Decoration.widget(
    pos,
    () => {
      const span = document.createElement('span');
      span.textContent = '¶';
      return span;
    },
    { key: String(mark.attrs.id), marks: [mark] },
  );
}
