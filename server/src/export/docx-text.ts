/**
 * Word paragraphs and runs of text: the model's formatted runs as Word runs and
 * hyperlinks, and the plain paragraphs and spacing the Word exports put around them.
 */
import { ExternalHyperlink, LineRuleType, Paragraph, TextRun, type IRunOptions, type ParagraphChild } from 'docx';
import type { Run } from './content.js';
import type { WordComments } from './docx-comments.js';
import type { WordRevisions } from './docx-suggestions.js';

/** What a Word file for review carries besides the text: open comments, suggestions as tracked changes. */
export interface ReviewMarks {
  comments?: WordComments | undefined;
  revisions?: WordRevisions | undefined;
}

function textRuns(run: Run, review: ReviewMarks, extra: { style?: string } = {}): ParagraphChild[] {
  // Without tracked changes, a suggestion's words are plain text (the reading as accepted).
  const write = (options: IRunOptions) => (review.revisions ? review.revisions.run(options, run.suggestion) : new TextRun(options));
  // A line break inside a paragraph (Shift+Enter in the editor) is a Word line break.
  return run.text.split('\n').map((line, i) =>
    write({
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

/**
 * Word runs for the model's runs; links are real hyperlinks; open threads as Word
 * comments and suggestions as tracked changes, when given.
 */
export function inlineChildren(runs: Run[], review: ReviewMarks = {}): ParagraphChild[] {
  const runChildren = (run: Run): ParagraphChild[] =>
    run.link ? [new ExternalHyperlink({ link: run.link, children: textRuns(run, review, { style: 'Hyperlink' }) })] : textRuns(run, review);
  return review.comments ? review.comments.wrap(runs, runChildren) : runs.flatMap(runChildren);
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

/** A 6-point empty paragraph: the space after a table. */
export function gap(): Paragraph {
  return new Paragraph({ spacing: { before: 0, after: 0, line: 120, lineRule: LineRuleType.EXACT }, children: [] });
}

/** An empty paragraph, for space between a table and what follows. */
export function spacer(): Paragraph {
  return new Paragraph({ spacing: { after: 120 }, children: [] });
}
