/**
 * Writes the content model's blocks as Word paragraphs and tables: headings in Word's
 * Heading styles, lists on Word numbering, tables, quotations, and each requirement in
 * its own box with a bookmark the appendix links to.
 */
import type { WordComments } from './docx-comments.js';
import type { WordRevisions } from './docx-suggestions.js';
import {
  Bookmark,
  BorderStyle,
  HeadingLevel,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
  type INumberingOptions,
  type IRunOptions,
  type ParagraphChild,
} from 'docx';
import { topHeadingLevel } from './block-queries.js';
import type { Block, RequirementBlock, Run, SuggestedText, TableCell as ContentCell } from './content.js';
import { listNumbering, orderedReference } from './docx-numbering.js';
import { colours, textWidth } from './docx-styles.js';
import { cellMargins, noBorder, tableBorders, thinBorder } from './docx-tables.js';
import { gap, inlineChildren } from './docx-text.js';
import { appliesToText, priorityText } from './format.js';

/** A bookmark name for a requirement: Word allows letters, digits and underscores. */
export function requirementBookmark(requirement: RequirementBlock): string | null {
  return requirement.number === null ? null : `REQ_${String(requirement.number).padStart(3, '0')}`;
}

type WordBlock = Paragraph | Table;

const headingLevels = [
  HeadingLevel.HEADING_1,
  HeadingLevel.HEADING_2,
  HeadingLevel.HEADING_3,
  HeadingLevel.HEADING_4,
  HeadingLevel.HEADING_5,
  HeadingLevel.HEADING_6,
];

/** What a block writer needs to know about the document it writes into. */
export interface BlockWriterOptions {
  /** The Word heading level of the content's top headings (1 for a specification). */
  headingBase: number;
  boroughName: (id: string) => string;
  /** Open comment threads to write as Word comments (the specification for review). */
  comments?: WordComments | undefined;
  /** Where open suggestions become Word tracked changes (the specification for review). */
  revisions?: WordRevisions | undefined;
}

/**
 * Writes blocks as Word content. One writer per document: it counts the numbered lists,
 * so that each starts again at its own first number, and notes the starts it used, which
 * the document's numbering definitions must include (`numbering()`).
 */
export class BlockWriter {
  private instance = 0;
  private readonly starts = new Set<number>([1]);
  private headingShift = 0;
  /** Set while writing header cells, whose text is bold. */
  private bold = false;
  /** How deep in quotations the writer is: quoted paragraphs are indented with a rule. */
  private quoteDepth = 0;
  /** Bookmarks written: a name may be used once, so a repeated number gets none. */
  private readonly bookmarks = new Set<string>();

  constructor(private readonly options: BlockWriterOptions) {}

  /** The numbering definitions for every list written so far. */
  numbering(): INumberingOptions {
    return listNumbering(this.starts);
  }

  /** Writes a rich-text field or the specification; its top headings go to `headingBase`. */
  write(blocks: Block[], width = textWidth): WordBlock[] {
    this.headingShift = this.options.headingBase - topHeadingLevel(blocks);
    return this.blocks(blocks, width);
  }

  private blocks(blocks: Block[], width: number): WordBlock[] {
    return blocks.flatMap((block) => this.block(block, width));
  }

  private block(block: Block, width: number): WordBlock[] {
    switch (block.type) {
      case 'heading': {
        const level = Math.min(6, Math.max(1, block.level + this.headingShift));
        return [new Paragraph({ heading: headingLevels[level - 1]!, children: this.inline(block.runs) })];
      }
      case 'paragraph':
        return [this.paragraph(block.runs)];
      case 'list':
        return this.list(block, 0, width, null);
      // Word joins a table to a table right after it, and a table cell must end with a
      // paragraph, so each table is followed by a small gap.
      case 'table':
        return [this.table(block.rows, width), gap()];
      case 'requirement':
        return [this.requirement(block, width), gap()];
      case 'quote': {
        this.quoteDepth++;
        try {
          return this.blocks(block.blocks, width - 567);
        } finally {
          this.quoteDepth--;
        }
      }
      case 'rule':
        return [
          new Paragraph({ border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: colours.border, space: 4 } }, children: [] }),
        ];
    }
  }

  private inline(runs: Run[]): ParagraphChild[] {
    const { comments, revisions } = this.options;
    return inlineChildren(this.bold ? runs.map((r) => ({ ...r, bold: true })) : runs, { comments, revisions });
  }

  private paragraph(
    runs: Run[],
    options: { numbering?: { reference: string; level: number; instance: number }; indentLeft?: number } = {},
  ): Paragraph {
    const quoteIndent = 567 * this.quoteDepth;
    const left = (options.indentLeft ?? 0) + quoteIndent;
    return new Paragraph({
      children: this.inline(runs),
      ...(options.numbering ? { numbering: options.numbering } : {}),
      ...(left > 0 && !options.numbering ? { indent: { left } } : {}),
      ...(this.quoteDepth > 0 ? { border: { left: { style: BorderStyle.SINGLE, size: 18, color: colours.border, space: 8 } } } : {}),
    });
  }

  private list(
    list: Extract<Block, { type: 'list' }>,
    depth: number,
    width: number,
    inherited: { reference: string; instance: number } | null,
  ): WordBlock[] {
    const level = Math.min(depth, 8);
    let numbering: { reference: string; instance: number };
    if (!list.ordered) numbering = { reference: 'bullets', instance: 0 };
    else if (inherited && inherited.reference !== 'bullets') {
      // A numbered list inside a numbered list is a deeper level of the same Word list,
      // which restarts by itself after each item above it.
      numbering = inherited;
    } else {
      this.starts.add(list.start);
      numbering = { reference: orderedReference(list.start), instance: ++this.instance };
    }
    const out: WordBlock[] = [];
    for (const item of list.items) {
      let numbered = false;
      for (const block of item) {
        if (block.type === 'paragraph' || block.type === 'heading') {
          out.push(
            numbered
              ? this.paragraph(block.runs, { indentLeft: 567 * (level + 1) })
              : this.paragraph(block.runs, { numbering: { reference: numbering.reference, level, instance: numbering.instance } }),
          );
          numbered = true;
        } else if (block.type === 'list') {
          out.push(...this.list(block, depth + 1, width, numbering));
        } else {
          out.push(...this.block(block, width));
        }
      }
    }
    return out;
  }

  private table(rows: ContentCell[][], width: number): Table {
    const columns = Math.max(1, ...rows.map((row) => row.reduce((n, cell) => n + cell.colspan, 0)));
    const columnWidth = Math.floor(width / columns);
    return new Table({
      width: { size: columnWidth * columns, type: WidthType.DXA },
      columnWidths: Array.from({ length: columns }, () => columnWidth),
      layout: TableLayoutType.FIXED,
      borders: tableBorders,
      rows: rows.map((row, r) => {
        const header = row.every((cell) => cell.header);
        return new TableRow({
          // A first row of header cells repeats at the top of each page.
          tableHeader: header && r === 0,
          cantSplit: true,
          children: row.map((cell) => {
            const cellWidth = columnWidth * cell.colspan;
            this.bold = cell.header;
            let content: WordBlock[];
            try {
              content = this.blocks(cell.blocks, cellWidth - 200);
            } finally {
              this.bold = false;
            }
            return new TableCell({
              width: { size: cellWidth, type: WidthType.DXA },
              margins: cellMargins,
              columnSpan: cell.colspan,
              rowSpan: cell.rowspan,
              ...(cell.header ? { shading: { type: ShadingType.CLEAR, fill: colours.shade, color: 'auto' } } : {}),
              // Word needs a paragraph in every cell.
              children: content.length > 0 ? content : [new Paragraph({})],
            });
          }),
        });
      }),
    });
  }

  /** A run of a requirement's line of facts; tracked when the requirement is a suggestion and the file shows them. */
  private metaRun(options: IRunOptions, suggestion: SuggestedText | undefined): ParagraphChild {
    return this.options.revisions ? this.options.revisions.run(options, suggestion) : new TextRun(options);
  }

  /**
   * A requirement's priority or boroughs. A proposed change of it is shown as Word shows
   * a replaced word: the value before deleted, the proposed one inserted, by the proposer.
   */
  private metaValue(requirement: RequirementBlock, now: string, before: { id: string; text: string } | undefined): ParagraphChild[] {
    if (!before || before.text === now || requirement.suggestion || !this.options.revisions) {
      return [this.metaRun({ text: now, bold: true }, requirement.suggestion)];
    }
    return [
      this.metaRun({ text: before.text, bold: true }, { kind: 'deletion', id: before.id }),
      this.metaRun({ text: now, bold: true }, { kind: 'insertion', id: before.id }),
    ];
  }

  /**
   * A requirement as a shaded, bordered box that Word keeps on one page: its ID (a
   * bookmark the appendix links to), priority and boroughs, then its words.
   */
  private requirement(requirement: RequirementBlock, width: number): Table {
    let bookmark = requirementBookmark(requirement);
    if (bookmark && this.bookmarks.has(bookmark)) bookmark = null;
    if (bookmark) this.bookmarks.add(bookmark);
    const idRun = this.metaRun({ text: requirement.id, bold: true, color: colours.accent }, requirement.suggestion);
    let priority: { id: string; text: string } | undefined;
    let appliesTo: { id: string; text: string } | undefined;
    const appliesToName = (ids: string[]) => appliesToText(ids, this.options.boroughName);
    for (const proposal of requirement.proposed ?? []) {
      if (proposal.attrName === 'priority') priority = { id: proposal.id, text: priorityText(proposal.previous) };
      else appliesTo = { id: proposal.id, text: appliesToName(proposal.previous) };
    }
    const meta = new Paragraph({
      keepNext: true,
      spacing: { after: 80 },
      children: [
        bookmark ? new Bookmark({ id: bookmark, children: [idRun] }) : idRun,
        this.metaRun({ text: '    Priority: ', color: colours.secondary }, requirement.suggestion),
        ...this.metaValue(requirement, priorityText(requirement.priority), priority),
        this.metaRun({ text: '    Applies to: ', color: colours.secondary }, requirement.suggestion),
        ...this.metaValue(requirement, appliesToName(requirement.appliesTo), appliesTo),
      ],
    });
    const body = this.blocks(requirement.blocks, width - 400);
    const accent = { style: BorderStyle.SINGLE, size: 24, color: colours.accent } as const;
    return new Table({
      width: { size: width, type: WidthType.DXA },
      columnWidths: [width],
      layout: TableLayoutType.FIXED,
      borders: {
        top: thinBorder,
        bottom: thinBorder,
        right: thinBorder,
        left: accent,
        insideHorizontal: noBorder,
        insideVertical: noBorder,
      },
      rows: [
        new TableRow({
          cantSplit: true,
          children: [
            new TableCell({
              width: { size: width, type: WidthType.DXA },
              margins: { top: 100, bottom: 40, left: 200, right: 160 },
              shading: { type: ShadingType.CLEAR, fill: colours.shade, color: 'auto' },
              borders: { top: thinBorder, bottom: thinBorder, right: thinBorder, left: accent },
              children: [meta, ...body],
            }),
          ],
        }),
      ],
    });
  }
}
