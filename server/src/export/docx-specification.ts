/**
 * The specification as a Word document a procurement officer can attach to a tender:
 * a cover (procurement, version, boroughs and, unless left out, their sign-offs), a
 * table of contents, the specification with each requirement in its own box, and an
 * appendix listing every requirement.
 */
import { WordComments } from './docx-comments.js';
import { WordRevisions } from './docx-suggestions.js';
import { Document, InternalHyperlink, Packer, Paragraph, TableOfContents, TextRun, type ISectionOptions } from 'docx';
import { requirementText } from './block-queries.js';
import { appendixTitle, boroughsTable, coverFacts, specificationKind, versionText } from './cover.js';
import { BlockWriter, requirementBookmark } from './docx-blocks.js';
import { colours, documentStyles, sectionOptions } from './docx-styles.js';
import { simpleTable } from './docx-tables.js';
import { spacer, textParagraph } from './docx-text.js';
import { appliesToText, priorityText } from './format.js';
import type { SpecificationExport } from './sources.js';

/** Each column's share of the boroughs table's width. */
const boroughColumnWidths: Record<string, number> = { Borough: 2, Role: 2, 'Sign-off': 5 };

function cover(input: SpecificationExport): ISectionOptions['children'] {
  const { cover } = input;
  const boroughs = boroughsTable(cover);
  return [
    new Paragraph({ style: 'Title', children: [new TextRun(cover.procurement.title)] }),
    new Paragraph({ style: 'Subtitle', children: [new TextRun(specificationKind)] }),
    simpleTable(
      [
        { header: '', width: 1 },
        { header: '', width: 3 },
      ],
      coverFacts(cover).map(([label, value]) => [[textParagraph(label, { style: 'TableText', bold: true })], value]),
      undefined,
      { borders: false },
    ),
    new Paragraph({ style: 'Label', children: [new TextRun('Boroughs taking part')] }),
    simpleTable(
      boroughs.columns.map((header) => ({ header, width: boroughColumnWidths[header] ?? 2 })),
      boroughs.rows,
    ),
  ];
}

function contents(): ISectionOptions['children'] {
  return [
    new Paragraph({ style: 'Label', children: [new TextRun('Contents')] }),
    // Filled in from the headings when written; Word adds page numbers when it updates it.
    new TableOfContents('Contents', { hyperlink: true, headingStyleRange: '1-3' }),
  ];
}

function appendix(input: SpecificationExport): ISectionOptions['children'] {
  const intro =
    input.requirements.length === 0
      ? 'The specification has no requirements yet.'
      : `All ${input.requirements.length} requirement${input.requirements.length === 1 ? '' : 's'} of this specification, in the order they appear.`;
  return [
    new Paragraph({ heading: 'Heading1', pageBreakBefore: true, children: [new TextRun(appendixTitle)] }),
    new Paragraph({ children: [new TextRun(intro)] }),
    ...(input.requirements.length === 0
      ? []
      : [
          simpleTable(
            [
              { header: 'ID', width: 13 },
              { header: 'Requirement', width: 54 },
              { header: 'Priority', width: 11 },
              { header: 'Applies to', width: 20 },
            ],
            input.requirements.map((r) => {
              const bookmark = requirementBookmark(r);
              const id = new TextRun({ text: r.id, bold: true });
              return [
                [
                  new Paragraph({
                    style: 'TableText',
                    children: [bookmark ? new InternalHyperlink({ anchor: bookmark, children: [id] }) : id],
                  }),
                ],
                requirementText(r),
                priorityText(r.priority),
                appliesToText(r.appliesTo, input.boroughName),
              ];
            }),
          ),
        ]),
  ];
}

/** The specification as a .docx file. */
export async function specificationDocx(input: SpecificationExport): Promise<Buffer> {
  const comments = input.threads ? new WordComments(input.threads) : undefined;
  const revisions = input.suggester ? new WordRevisions(input.suggester, comments?.nextId ?? 1) : undefined;
  const writer = new BlockWriter({ headingBase: 1, boroughName: input.boroughName, comments, revisions });
  const body = writer.write(input.blocks);
  const { procurement, version } = input.cover;
  const footer = [procurement.reference, input.cover.variant ? `Version for ${input.cover.variant.name}` : null, versionText(version)]
    .filter(Boolean)
    .join(' · ');
  // Cover, contents and body are sections of their own, so each starts a new page
  // without an empty paragraph at the top.
  const main: ISectionOptions['children'] = [
    ...(body.length > 0
      ? body
      : [new Paragraph({ children: [new TextRun({ text: 'The specification is empty.', color: colours.secondary })] })]),
    spacer(),
    ...appendix(input),
  ];
  const doc = new Document({
    title: `${procurement.title}: ${specificationKind.toLowerCase()}`,
    subject: versionText(version),
    description: procurement.summary,
    creator: procurement.boroughs.find((b) => b.role === 'lead')?.name ?? '',
    styles: documentStyles(),
    numbering: writer.numbering(),
    sections: [sectionOptions(null, cover(input)), sectionOptions(footer, contents()), sectionOptions(footer, main)],
    ...(comments ? { comments: comments.options() } : {}),
  });
  return Packer.toBuffer(doc);
}
