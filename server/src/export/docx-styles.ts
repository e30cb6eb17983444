/**
 * How every Word export looks: the A4 page and its footer, the colours, and the
 * paragraph and character styles. Headings use Word's own Heading styles, so the
 * navigation pane and a table of contents work.
 */
import { Footer, LineRuleType, PageNumber, Paragraph, TabStopType, TextRun, type ISectionOptions, type IStylesOptions } from 'docx';

/** A4 in twentieths of a point, with 2 cm margins: what councils print on. */
export const page = { width: 11906, height: 16838, margin: 1134 } as const;
/** The width between the margins, in twentieths of a point. */
export const textWidth = page.width - 2 * page.margin;

/** The colours of every Word export, as Word's hex RGB. */
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
