/**
 * Word tables of plain text, such as the appendix of requirements or a list of actions,
 * and the borders and cell margins every Word table shares.
 */
import { BorderStyle, Paragraph, ShadingType, Table, TableCell, TableLayoutType, TableRow, TextRun, WidthType } from 'docx';
import { colours, textWidth } from './docx-styles.js';

/** A thin grey border line. */
export const thinBorder = { style: BorderStyle.SINGLE, size: 4, color: colours.border } as const;
/** No border line. */
export const noBorder = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' } as const;
/** Thin grey lines around and between every cell. */
export const tableBorders = {
  top: thinBorder,
  bottom: thinBorder,
  left: thinBorder,
  right: thinBorder,
  insideHorizontal: thinBorder,
  insideVertical: thinBorder,
};
/** No lines at all, for tables that only lay things out. */
export const noBorders = {
  top: noBorder,
  bottom: noBorder,
  left: noBorder,
  right: noBorder,
  insideHorizontal: noBorder,
  insideVertical: noBorder,
};
/** The space between a cell's border and its text. */
export const cellMargins = { top: 60, bottom: 60, left: 100, right: 100 };

/** A column of a plain table: its header and its share of the width. */
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
