/**
 * The decision log and the engagement record as Word documents: one heading per
 * decision or activity (so Word's navigation pane lists them), its facts, its rich text,
 * and tables of positions or follow-up actions; and the summary of preliminary market
 * engagement for the tender notice.
 */
import { Document, Packer, Paragraph, TextRun, type ISectionOptions } from 'docx';
import { disclosureStanding } from '../../../shared/engagement-disclosure.js';
import type { Block } from './content.js';
import { BlockWriter } from './docx-blocks.js';
import { colours, documentStyles, sectionOptions } from './docx-styles.js';
import { simpleTable } from './docx-tables.js';
import { labelled, spacer, textParagraph } from './docx-text.js';
import type { DecisionLog, EngagementRecord, ProcurementFacts } from './sources.js';
import {
  actionColumns,
  actionRow,
  activityFacts,
  activityHeading,
  chosenText,
  decisionHeading,
  decisionLogTitle,
  decisionsSummary,
  engagementRecordTitle,
  engagementSummary,
  exportedText,
  notYetDisclosedWarning,
  preliminaryEngagementSummary,
  preliminaryEngagementTitle,
  preliminaryFacts,
  positionColumns,
  positionRows,
  statusText,
} from './wording.js';

type Children = ISectionOptions['children'][number][];

function titlePage(title: string, procurement: ProcurementFacts, at: string, summary: string): Children {
  const facts = [procurement.reference ? `Reference: ${procurement.reference}` : null, exportedText(at)].filter(
    (x): x is string => x !== null,
  );
  return [
    new Paragraph({ style: 'Title', children: [new TextRun(title)] }),
    new Paragraph({ style: 'Subtitle', children: [new TextRun(procurement.title)] }),
    ...facts.map((f) => textParagraph(f, { colour: colours.secondary })),
    textParagraph(summary),
  ];
}

function heading(level: 1 | 2, text: string): Paragraph {
  return new Paragraph({ heading: level === 1 ? 'Heading1' : 'Heading2', children: [new TextRun(text)] });
}

function rich(writer: BlockWriter, blocks: Block[], empty: string): Children {
  return blocks.length > 0 ? writer.write(blocks) : [textParagraph(empty, { colour: colours.secondary })];
}

async function pack(title: string, procurement: ProcurementFacts, writer: BlockWriter, children: Children): Promise<Buffer> {
  const doc = new Document({
    title: `${procurement.title}: ${title.toLowerCase()}`,
    creator: procurement.boroughs.find((b) => b.role === 'lead')?.name ?? '',
    styles: documentStyles(),
    numbering: writer.numbering(),
    sections: [sectionOptions([procurement.reference, title].filter(Boolean).join(' · '), children)],
  });
  return Packer.toBuffer(doc);
}

/** The decision log as a .docx file. */
export async function decisionsDocx(log: DecisionLog): Promise<Buffer> {
  // Rich text inside a decision sits under its Heading 2 parts.
  const writer = new BlockWriter({ headingBase: 3, boroughName: log.boroughName });
  const children: Children = [...titlePage(decisionLogTitle, log.procurement, log.at, decisionsSummary(log))];
  log.decisions.forEach((entry, index) => {
    children.push(
      heading(1, decisionHeading(entry, index)),
      labelled('Question', entry.question || 'No question written yet'),
      labelled('Status', statusText(entry)),
      ...(entry.record.statusNote ? [labelled('Status note', entry.record.statusNote)] : []),
      labelled('Proposed option', chosenText(entry)),
      heading(2, 'Options'),
      entry.options.length === 0
        ? textParagraph('No options written yet.', { colour: colours.secondary })
        : simpleTable(
            [
              { header: 'Option', width: 3 },
              { header: 'Pros', width: 4 },
              { header: 'Cons', width: 4 },
            ],
            entry.options.map((o) => [
              [
                new Paragraph({
                  style: 'TableText',
                  children: [
                    new TextRun({ text: o.title || 'Untitled option', bold: true }),
                    ...(o.id === entry.chosenOptionId ? [new TextRun({ text: ' (proposed)', bold: true, color: colours.accent })] : []),
                  ],
                }),
              ],
              o.pros || 'None written',
              o.cons || 'None written',
            ]),
          ),
      heading(2, 'Rationale'),
      ...rich(writer, entry.rationale, 'No rationale written yet.'),
      heading(2, 'Borough positions'),
      simpleTable(
        positionColumns.map((header, i) => ({ header, width: [2, 2, 4, 2, 3][i]! })),
        positionRows(entry, log),
      ),
      spacer(),
    );
  });
  return pack(decisionLogTitle, log.procurement, writer, children);
}

/** The engagement record as a .docx file. */
export async function engagementDocx(record: EngagementRecord): Promise<Buffer> {
  const writer = new BlockWriter({ headingBase: 3, boroughName: record.boroughName });
  const children: Children = [...titlePage(engagementRecordTitle, record.procurement, record.at, engagementSummary(record))];
  record.activities.forEach((activity, index) => {
    children.push(
      heading(1, activityHeading(activity, index)),
      simpleTable(
        [
          { header: '', width: 1 },
          { header: '', width: 3 },
        ],
        activityFacts(activity, record).map(([label, value]) => [[textParagraph(label, { style: 'TableText', bold: true })], value]),
      ),
      heading(2, 'Summary'),
      ...rich(writer, activity.summary, 'No summary written yet.'),
      heading(2, 'Insights'),
      ...rich(writer, activity.insights, 'No insights written yet.'),
      heading(2, 'Follow-up actions'),
      activity.actions.length === 0
        ? textParagraph('No follow-up actions.', { colour: colours.secondary })
        : simpleTable(
            actionColumns.map((header, i) => ({ header, width: [6, 3, 3, 2][i]! })),
            activity.actions.map((a) => actionRow(a, record)),
          ),
      spacer(),
    );
  });
  return pack(engagementRecordTitle, record.procurement, writer, children);
}

/** Label and value rows as a two-column table without headings. */
function factsTable(facts: [string, string][]) {
  return simpleTable(
    [
      { header: '', width: 1 },
      { header: '', width: 3 },
    ],
    facts.map(([label, value]) => [[textParagraph(label, { style: 'TableText', bold: true })], value]),
  );
}

/** The summary of preliminary market engagement, for the tender notice, as a .docx file. */
export async function preliminaryEngagementDocx(record: EngagementRecord): Promise<Buffer> {
  const writer = new BlockWriter({ headingBase: 3, boroughName: record.boroughName });
  const children: Children = [
    ...titlePage(preliminaryEngagementTitle, record.procurement, record.at, preliminaryEngagementSummary(record)),
  ];
  record.activities.forEach((activity, index) => {
    children.push(heading(1, activityHeading(activity, index)));
    if (disclosureStanding(activity.disclosure) === 'to-disclose') {
      children.push(
        new Paragraph({
          children: [
            new TextRun({ text: 'Warning: ', bold: true, color: colours.accent }),
            new TextRun({ text: notYetDisclosedWarning, bold: true }),
          ],
        }),
      );
    }
    children.push(factsTable(preliminaryFacts(activity)), spacer());
  });
  return pack(preliminaryEngagementTitle, record.procurement, writer, children);
}
