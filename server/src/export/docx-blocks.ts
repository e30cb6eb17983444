/**
 * The Word side of the content model: page set-up, styles and list numbering shared by
 * every Word export, and a writer that turns blocks into Word paragraphs and tables.
 * Headings use Word's own Heading styles, so the navigation pane and a table of contents
 * work; lists use real Word numbering, so they stay lists when someone edits them.
 */
import {
  AlignmentType,
  Bookmark,
  BorderStyle,
  ExternalHyperlink,
  Footer,
  HeadingLevel,
  LevelFormat,
  LineRuleType,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TabStopType,
  TextRun,
  WidthType,
  type INumberingOptions,
  type IStylesOptions,
  type ParagraphChild,
  type ISectionOptions,
} from 'docx';
import type { Block, RequirementBlock, Run, TableCell as ContentCell } from './content.js';
import { topHeadingLevel } from './content.js';
import { appliesToText, priorityText } from './format.js';

// ---- page and styles ---------------------------------------------------------------------

/** A4 in twentieths of a point, with 2 cm margins: what councils print on. */
export const page = { width: 11906, height: 16838, margin: 1134 } as const;
export const textWidth = page.width - 2 * page.margin;

export const colours = {
  text: '0B0C0C',
  secondary: '505A5F',
  link: '1D70B8',
  border: 'B1B4B6',
  shade: 'F3F2F1',
  accent: '1D70B8',
} as const;

const font = 'Arial';

/** Styles of every Word export: GOV.UK-like type in a font every machine has. */
export function documentStyles(): IStylesOptions {
  const heading = (size: number, before: number) => ({
    run: { font, size, bold: true, color: colours.text },
    paragraph: { spacing: { before, after: 120 }, keepNext: true, keepLines: true },
  });
  return {
    default: {
      document: {
        run: { font, size: 22, color: colours.text },
        paragraph: { spacing: { after: 120, line: 276, lineRule: LineRuleType.AUTO } },
      },
      title: {
        run: { font, size: 52, bold: true, color: colours.text },
        paragraph: { spacing: { after: 240, line: 240, lineRule: LineRuleType.AUTO } },
      },
      heading1: heading(36, 360),
      heading2: heading(30, 300),
      heading3: heading(26, 240),
      heading4: heading(24, 200),
      heading5: heading(22, 200),
      heading6: heading(22, 160),
      listParagraph: { paragraph: { spacing: { after: 60 } } },
    },
    paragraphStyles: [
      {
        id: 'Subtitle',
        name: 'Subtitle',
        basedOn: 'Normal',
        next: 'Normal',
        run: { font, size: 32, color: colours.secondary },
        paragraph: { spacing: { after: 360 } },
      },
      {
        // Looks like a heading, but stays out of the table of contents and navigation pane.
        id: 'Label',
        name: 'Label',
        basedOn: 'Normal',
        next: 'Normal',
        run: { font, size: 28, bold: true },
        paragraph: { spacing: { before: 360, after: 120 }, keepNext: true },
      },
      {
        id: 'TableText',
        name: 'Table text',
        basedOn: 'Normal',
        run: { font, size: 20 },
        paragraph: { spacing: { before: 40, after: 40, line: 252 } },
      },
    ],
    characterStyles: [{ id: 'Hyperlink', name: 'Hyperlink', basedOn: 'DefaultParagraphFont', run: { color: colours.link, underline: {} } }],
  };
}

/** Bulleted and numbered lists, nine levels deep as Word allows, indented alike. */
export function listNumbering(orderedStarts: Iterable<number>): INumberingOptions {
  const indent = (level: number) => ({ left: 567 * (level + 1), hanging: 357 });
  const bulletSymbols = ['•', '◦', '▪'];
  const orderedFormats = [LevelFormat.DECIMAL, LevelFormat.LOWER_LETTER, LevelFormat.LOWER_ROMAN];
  const levels = Array.from({ length: 9 }, (_, level) => level);
  const config: INumberingOptions['config'][number][] = [
    {
      reference: 'bullets',
      levels: levels.map((level) => ({
        level,
        format: LevelFormat.BULLET,
        text: bulletSymbols[level % 3]!,
        alignment: AlignmentType.LEFT,
        style: { paragraph: { indent: indent(level) } },
      })),
    },
  ];
  for (const start of new Set([1, ...orderedStarts])) {
    config.push({
      reference: orderedReference(start),
      levels: levels.map((level) => ({
        level,
        format: orderedFormats[level % 3]!,
        text: `%${level + 1}.`,
        start: level === 0 ? start : 1,
        alignment: AlignmentType.LEFT,
        style: { paragraph: { indent: indent(level) } },
      })),
    });
  }
  return { config };
}

const orderedReference = (start: number) => `ordered-${start}`;

/**
 * A4 portrait, starting on a new page, with the footer every export has: what it is,
 * and "Page 3 of 12" (none when `footerText` is null, as on a cover).
 */
export function sectionOptions(footerText: string | null, children: ISectionOptions['children']): ISectionOptions {
  return {
    properties: {
      page: {
        size: { width: page.width, height: page.height },
        margin: { top: page.margin, bottom: page.margin, left: page.margin, right: page.margin, footer: 567, header: 567 },
      },
    },
    footers:
      footerText === null
        ? { default: new Footer({ children: [] }) }
        : {
            default: new Footer({
              children: [
                new Paragraph({
                  tabStops: [{ type: TabStopType.RIGHT, position: textWidth }],
                  children: [
                    new TextRun({ text: footerText, size: 16, color: colours.secondary }),
                    new TextRun({
                      children: ['\tPage ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES],
                      size: 16,
                      color: colours.secondary,
                    }),
                  ],
                }),
              ],
            }),
          },
    children,
  };
}

// ---- inline text -------------------------------------------------------------------------

function textRuns(run: Run, extra: { style?: string } = {}): TextRun[] {
  // A line break inside a paragraph (Shift+Enter in the editor) is a Word line break.
  return run.text.split('\n').map(
    (line, i) =>
      new TextRun({
        text: line,
        break: i > 0 ? 1 : 0,
        // Only marks that are on are written: an explicit "not bold" would override the
        // paragraph's style and make headings plain.
        ...(run.bold ? { bold: true } : {}),
        ...(run.italic ? { italics: true } : {}),
        ...(run.strike ? { strike: true } : {}),
        ...(run.underline ? { underline: {} } : {}),
        ...extra,
      }),
  );
}

/** Word runs for the model's runs; links are real hyperlinks. */
export function inlineChildren(runs: Run[]): ParagraphChild[] {
  const children: ParagraphChild[] = [];
  for (const run of runs) {
    if (run.link) children.push(new ExternalHyperlink({ link: run.link, children: textRuns(run, { style: 'Hyperlink' }) }));
    else children.push(...textRuns(run));
  }
  return children;
}

/** A plain paragraph of text, lines split on "\n". */
export function textParagraph(text: string, options: { style?: string; bold?: boolean; colour?: string } = {}): Paragraph {
  return new Paragraph({
    ...(options.style ? { style: options.style } : {}),
    children: text.split('\n').map(
      (line, i) =>
        new TextRun({
          text: line,
          break: i > 0 ? 1 : 0,
          ...(options.bold ? { bold: true } : {}),
          ...(options.colour ? { color: options.colour } : {}),
        }),
    ),
  });
}

/** A paragraph reading "Label: value" with the label in bold. */
export function labelled(label: string, value: string): Paragraph {
  return new Paragraph({
    children: [
      new TextRun({ text: `${label}: `, bold: true }),
      ...value.split('\n').map((line, i) => new TextRun({ text: line, break: i > 0 ? 1 : 0 })),
    ],
  });
}

// ---- tables ------------------------------------------------------------------------------

const thin = { style: BorderStyle.SINGLE, size: 4, color: colours.border } as const;
const none = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' } as const;
export const tableBorders = { top: thin, bottom: thin, left: thin, right: thin, insideHorizontal: thin, insideVertical: thin };
export const noBorders = { top: none, bottom: none, left: none, right: none, insideHorizontal: none, insideVertical: none };
const cellMargins = { top: 60, bottom: 60, left: 100, right: 100 };

export interface SimpleColumn {
  header: string;
  /** Share of the width, in twips; scaled to the space there is. */
  width: number;
}

/**
 * A table of plain text (or paragraphs) with a header row that repeats on every page,
 * and rows that do not break across pages.
 */
export function simpleTable(
  columns: SimpleColumn[],
  rows: (string | Paragraph[])[][],
  width = textWidth,
  options: { borders?: boolean } = {},
): Table {
  const total = columns.reduce((sum, c) => sum + c.width, 0);
  const widths = columns.map((c) => Math.floor((c.width / total) * width));
  const cell = (content: string | Paragraph[], i: number, header: boolean) =>
    new TableCell({
      width: { size: widths[i]!, type: WidthType.DXA },
      margins: cellMargins,
      ...(header ? { shading: { type: ShadingType.CLEAR, fill: colours.shade, color: 'auto' } } : {}),
      children:
        typeof content === 'string'
          ? [
              new Paragraph({
                style: 'TableText',
                children: content
                  .split('\n')
                  .map((line, j) => new TextRun({ text: line, break: j > 0 ? 1 : 0, ...(header ? { bold: true } : {}) })),
              }),
            ]
          : content,
    });
  const showHeader = columns.some((c) => c.header !== '');
  return new Table({
    width: { size: width, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: options.borders === false ? noBorders : tableBorders,
    rows: [
      ...(showHeader
        ? [new TableRow({ tableHeader: true, cantSplit: true, children: columns.map((c, i) => cell(c.header, i, true)) })]
        : []),
      ...rows.map((row) => new TableRow({ cantSplit: true, children: row.map((content, i) => cell(content, i, false)) })),
    ],
  });
}

/** A bookmark name for a requirement: Word allows letters, digits and underscores. */
export function requirementBookmark(requirement: RequirementBlock): string | null {
  return requirement.number === null ? null : `REQ_${String(requirement.number).padStart(3, '0')}`;
}

// ---- blocks ------------------------------------------------------------------------------

type WordBlock = Paragraph | Table;

const headingLevels = [
  HeadingLevel.HEADING_1,
  HeadingLevel.HEADING_2,
  HeadingLevel.HEADING_3,
  HeadingLevel.HEADING_4,
  HeadingLevel.HEADING_5,
  HeadingLevel.HEADING_6,
];

export interface BlockWriterOptions {
  /** The Word heading level of the content's top headings (1 for a specification). */
  headingBase: number;
  boroughName: (id: string) => string;
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
        return [new Paragraph({ heading: headingLevels[level - 1]!, children: inlineChildren(block.runs) })];
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
    return inlineChildren(this.bold ? runs.map((r) => ({ ...r, bold: true })) : runs);
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

  /**
   * A requirement as a shaded, bordered box that Word keeps on one page: its ID (a
   * bookmark the appendix links to), priority and boroughs, then its words.
   */
  private requirement(requirement: RequirementBlock, width: number): Table {
    let bookmark = requirementBookmark(requirement);
    if (bookmark && this.bookmarks.has(bookmark)) bookmark = null;
    if (bookmark) this.bookmarks.add(bookmark);
    const idRun = new TextRun({ text: requirement.id, bold: true, color: colours.accent });
    const meta = new Paragraph({
      keepNext: true,
      spacing: { after: 80 },
      children: [
        bookmark ? new Bookmark({ id: bookmark, children: [idRun] }) : idRun,
        new TextRun({ text: '    Priority: ', color: colours.secondary }),
        new TextRun({ text: priorityText(requirement.priority), bold: true }),
        new TextRun({ text: '    Applies to: ', color: colours.secondary }),
        new TextRun({ text: appliesToText(requirement.appliesTo, this.options.boroughName), bold: true }),
      ],
    });
    const body = this.blocks(requirement.blocks, width - 400);
    const accent = { style: BorderStyle.SINGLE, size: 24, color: colours.accent } as const;
    return new Table({
      width: { size: width, type: WidthType.DXA },
      columnWidths: [width],
      layout: TableLayoutType.FIXED,
      borders: { top: thin, bottom: thin, right: thin, left: accent, insideHorizontal: none, insideVertical: none },
      rows: [
        new TableRow({
          cantSplit: true,
          children: [
            new TableCell({
              width: { size: width, type: WidthType.DXA },
              margins: { top: 100, bottom: 40, left: 200, right: 160 },
              shading: { type: ShadingType.CLEAR, fill: colours.shade, color: 'auto' },
              borders: { top: thin, bottom: thin, right: thin, left: accent },
              children: [meta, ...body],
            }),
          ],
        }),
      ],
    });
  }
}

/** A 6-point empty paragraph: the space after a table. */
export function gap(): Paragraph {
  return new Paragraph({ spacing: { before: 0, after: 0, line: 120, lineRule: LineRuleType.EXACT }, children: [] });
}

/** An empty paragraph, for space between a table and what follows. */
export function spacer(): Paragraph {
  return new Paragraph({ spacing: { after: 120 }, children: [] });
}
