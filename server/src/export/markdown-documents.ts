/**
 * The three exports as Markdown: the specification (cover facts, the text, and an
 * appendix table of requirements that reads back into rows), the decision log, the
 * engagement record and the summary of preliminary market engagement.
 */
import { disclosureStanding } from '../../../shared/engagement-disclosure.js';
import { requirementText } from './block-queries.js';
import { appendixTitle, boroughsTable, coverFacts, specificationKind } from './cover.js';
import { appliesToText, priorityText } from './format.js';
import { blocksMarkdown, escapeInline, escapeText, plainTable } from './markdown.js';
import type { DecisionLog, EngagementRecord, SpecificationExport } from './sources.js';
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

const facts = (pairs: [string, string][]) =>
  pairs.map(([label, value]) => `- **${escapeInline(label)}:** ${escapeInline(value)}`).join('\n');

/** The appendix's columns, in order. */
export const requirementColumns = ['ID', 'Requirement', 'Priority', 'Applies to'] as const;

/** The specification as Markdown. */
export function specificationMarkdown(input: SpecificationExport): string {
  const { cover } = input;
  const boroughs = boroughsTable(cover);
  const parts = [
    `# ${escapeInline(cover.procurement.title)}`,
    `**${specificationKind}**`,
    facts(coverFacts(cover)),
    '## Boroughs taking part',
    plainTable(boroughs.columns, boroughs.rows),
    '---',
    blocksMarkdown(input.blocks, { headingBase: 2, boroughName: input.boroughName }) || '_The specification is empty._',
    '---',
    `## ${appendixTitle}`,
    input.requirements.length === 0
      ? 'The specification has no requirements yet.'
      : plainTable(
          requirementColumns,
          input.requirements.map((r) => [
            r.id,
            requirementText(r),
            priorityText(r.priority),
            appliesToText(r.appliesTo, input.boroughName),
          ]),
        ),
  ];
  return `${parts.join('\n\n')}\n`;
}

function titleBlock(title: string, log: { procurement: DecisionLog['procurement']; at: string }, summary: string): string[] {
  const lines = [log.procurement.reference ? `Reference: ${log.procurement.reference}` : null, exportedText(log.at)].filter(
    (x): x is string => x !== null,
  );
  return [`# ${title}: ${escapeInline(log.procurement.title)}`, lines.map(escapeInline).join('  \n'), escapeText(summary)];
}

/** The decision log as Markdown. */
export function decisionsMarkdown(log: DecisionLog): string {
  const parts = titleBlock(decisionLogTitle, log, decisionsSummary(log));
  log.decisions.forEach((entry, index) => {
    parts.push(
      `## ${escapeInline(decisionHeading(entry, index))}`,
      facts([
        ['Question', entry.question || 'No question written yet'],
        ['Status', statusText(entry)],
        ...(entry.record.statusNote ? ([['Status note', entry.record.statusNote]] as [string, string][]) : []),
        ['Proposed option', chosenText(entry)],
      ]),
      '### Options',
      entry.options.length === 0
        ? '_No options written yet._'
        : entry.options
            .map((o, i) => {
              const chosen = o.id === entry.chosenOptionId ? ' (proposed)' : '';
              const detail = (label: string, text: string) =>
                `   - ${label}: ${text ? escapeText(text).replace(/ {2}\n/g, '  \n     ') : 'None written'}`;
              return [
                `${i + 1}. **${escapeInline(o.title || 'Untitled option')}**${chosen}`,
                detail('Pros', o.pros),
                detail('Cons', o.cons),
              ].join('\n');
            })
            .join('\n'),
      '### Rationale',
      blocksMarkdown(entry.rationale, { headingBase: 4, boroughName: log.boroughName }) || '_No rationale written yet._',
      '### Borough positions',
      plainTable(positionColumns, positionRows(entry, log)),
    );
  });
  return `${parts.join('\n\n')}\n`;
}

/** The engagement record as Markdown. */
export function engagementMarkdown(record: EngagementRecord): string {
  const parts = titleBlock(engagementRecordTitle, record, engagementSummary(record));
  record.activities.forEach((activity, index) => {
    parts.push(
      `## ${escapeInline(activityHeading(activity, index))}`,
      facts(activityFacts(activity, record)),
      '### Summary',
      blocksMarkdown(activity.summary, { headingBase: 4, boroughName: record.boroughName }) || '_No summary written yet._',
      '### Insights',
      blocksMarkdown(activity.insights, { headingBase: 4, boroughName: record.boroughName }) || '_No insights written yet._',
      '### Follow-up actions',
      activity.actions.length === 0
        ? '_No follow-up actions._'
        : plainTable(
            actionColumns,
            activity.actions.map((a) => actionRow(a, record)),
          ),
    );
  });
  return `${parts.join('\n\n')}\n`;
}

/** The summary of preliminary market engagement, for the tender notice, as Markdown. */
export function preliminaryEngagementMarkdown(record: EngagementRecord): string {
  const parts = titleBlock(preliminaryEngagementTitle, record, preliminaryEngagementSummary(record));
  record.activities.forEach((activity, index) => {
    parts.push(`## ${escapeInline(activityHeading(activity, index))}`);
    if (disclosureStanding(activity.disclosure) === 'to-disclose') parts.push(`> **Warning:** ${escapeInline(notYetDisclosedWarning)}`);
    parts.push(facts(preliminaryFacts(activity)));
  });
  return `${parts.join('\n\n')}\n`;
}
