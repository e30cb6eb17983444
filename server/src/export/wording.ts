/**
 * The sentences and table rows of the decision log and the engagement record, built
 * once so that the Word and Markdown versions say exactly the same.
 */
import { decisionStatusLabel } from '../../../shared/doc-layout.js';
import { advantageLabel, disclosureStanding, suppliersText, type Disclosure } from '../../../shared/engagement-disclosure.js';
import { positionSummary } from '../../../shared/decisions.js';
import type { FollowUp } from './content.js';
import { formatCalendarDate, formatDate, formatDateTime } from './format.js';
import type { DecisionEntry, DecisionLog, EngagementRecord } from './sources.js';

export const decisionLogTitle = 'Decision log';
export const engagementRecordTitle = 'Market engagement record';
export const preliminaryEngagementTitle = 'Preliminary market engagement';

/** "Agreed", with who set it (or that it followed the boroughs' positions) and when. */
export function statusText(entry: DecisionEntry): string {
  const { record } = entry;
  const label = decisionStatusLabel[record.status];
  if (!record.statusChangedAt) return label;
  const by = record.statusChangedBy ? `set by ${record.statusChangedBy.name}` : 'following the boroughs’ positions';
  return `${label} (${by}, ${formatDateTime(record.statusChangedAt)})`;
}

export function decisionHeading(entry: DecisionEntry, index: number): string {
  return `${index + 1}. ${entry.title || 'Untitled decision'}`;
}

/** The proposed option's title, or a sentence saying none is proposed yet. */
export function chosenText(entry: DecisionEntry): string {
  const chosen = entry.options.find((o) => o.id === entry.chosenOptionId);
  return chosen ? chosen.title || 'Untitled option' : 'No option proposed yet';
}

/** A position as the log states it: what it is about, and whether it still stands. */
function positionText(position: DecisionEntry['record']['positions'][number]): string {
  return position.current ? positionSummary(position) : `${positionSummary(position)} (an earlier proposal)`;
}

export const positionColumns = ['Borough', 'Position', 'Comment', 'Recorded by', 'When'] as const;

/**
 * One row per lead and partner borough (and any other borough that recorded one):
 * its current position with who recorded it and when, or "No position recorded".
 */
export function positionRows(entry: DecisionEntry, log: DecisionLog): string[][] {
  const rows: string[][] = [];
  const seen = new Set<string>();
  for (const borough of log.procurement.boroughs) {
    const position = entry.record.positions.find((p) => p.borough.id === borough.id);
    if (!position && borough.role === 'observer') continue;
    seen.add(borough.id);
    rows.push(
      position
        ? [borough.name, positionText(position), position.comment, position.recordedBy.name, formatDateTime(position.recordedAt)]
        : [borough.name, 'No position recorded', '', '', ''],
    );
  }
  // A borough that has left the procurement keeps its recorded position in the log.
  for (const p of entry.record.positions) {
    if (!seen.has(p.borough.id)) rows.push([p.borough.name, positionText(p), p.comment, p.recordedBy.name, formatDateTime(p.recordedAt)]);
  }
  return rows;
}

/** "3 decisions: 1 agreed, 2 open." */
export function decisionsSummary(log: DecisionLog): string {
  const n = log.decisions.length;
  if (n === 0) return 'No decisions have been recorded yet.';
  const counts = new Map<string, number>();
  for (const d of log.decisions) counts.set(d.record.status, (counts.get(d.record.status) ?? 0) + 1);
  const parts = (['agreed', 'proposed', 'open', 'superseded'] as const)
    .filter((s) => counts.has(s))
    .map((s) => `${counts.get(s)} ${decisionStatusLabel[s].toLowerCase()}`);
  return `${n} decision${n === 1 ? '' : 's'}: ${parts.join(', ')}.`;
}

export function exportedText(at: string): string {
  return `Exported on ${formatDate(at)}`;
}

// ---- engagement --------------------------------------------------------------------------

export function activityHeading(activity: EngagementRecord['activities'][number], index: number): string {
  return `${index + 1}. ${activity.title || activity.typeLabel}`;
}

/** Label and value pairs describing an activity, in order. */
export function activityFacts(activity: EngagementRecord['activities'][number], record: EngagementRecord): [string, string][] {
  return [
    ['Type', activity.typeLabel],
    ['Date', formatCalendarDate(activity.date)],
    ['Suppliers', suppliersText(activity.suppliers.map((name) => ({ name, sme: activity.smes.includes(name) })))],
    ['Boroughs present', activity.boroughs.length > 0 ? activity.boroughs.map(record.boroughName).join(', ') : 'None recorded'],
    ...disclosureFacts(activity.disclosure),
  ];
}

/** What was shared, whether it gave an advantage, what was done and whether it was disclosed to all. */
export function disclosureFacts(disclosure: Disclosure): [string, string][] {
  return [
    ['Shared with suppliers', disclosure.shared || 'Nothing recorded'],
    ['Unfair advantage', advantageLabel[disclosure.advantage]],
    ...(disclosure.advantage === 'yes'
      ? ([
          ['What was done', disclosure.advantageAction || 'Nothing recorded'],
          ['Disclosed to all potential bidders', disclosedText(disclosure)],
        ] as [string, string][])
      : []),
  ];
}

/** "Yes, on 3 March 2026", "Yes" or "Not yet". */
function disclosedText(disclosure: Disclosure): string {
  if (!disclosure.disclosed) return 'Not yet';
  return disclosure.disclosedOn ? `Yes, on ${formatCalendarDate(disclosure.disclosedOn)}` : 'Yes';
}

/** The warning beside an activity whose advantage is not yet disclosed to all. */
export const notYetDisclosedWarning =
  'Shared with some suppliers and not yet disclosed to all potential bidders (Procurement Act 2023, sections 16 and 17).';

/** What the summary for the tender notice says about a procurement's engagement, in one sentence. */
export function preliminaryEngagementSummary(record: EngagementRecord): string {
  const n = record.activities.length;
  if (n === 0) return 'No preliminary market engagement has been recorded.';
  const flagged = record.activities.filter((a) => disclosureStanding(a.disclosure) === 'to-disclose').length;
  const unassessed = record.activities.filter((a) => disclosureStanding(a.disclosure) === 'not-assessed').length;
  return (
    [
      `${n} engagement activit${n === 1 ? 'y' : 'ies'}`,
      flagged === 0 ? 'nothing waiting to be disclosed to all potential bidders' : `${flagged} not yet disclosed to all potential bidders`,
      ...(unassessed > 0 ? [`${unassessed} not yet assessed for an unfair advantage`] : []),
    ].join('; ') + '.'
  );
}

/** Each activity's line in the summary: its date, title, suppliers and what was disclosed. */
export function preliminaryFacts(activity: EngagementRecord['activities'][number]): [string, string][] {
  return [
    ['Type', activity.typeLabel],
    ['Date', formatCalendarDate(activity.date)],
    ['Suppliers', suppliersText(activity.suppliers.map((name) => ({ name, sme: activity.smes.includes(name) })))],
    ...disclosureFacts(activity.disclosure),
  ];
}

export const actionColumns = ['Action', 'Owner', 'Due', 'Done'] as const;

export function actionRow(action: FollowUp, record: EngagementRecord): string[] {
  return [
    action.description || 'No description',
    record.personName(action.ownerId),
    formatCalendarDate(action.due, 'No due date'),
    action.done ? 'Done' : 'Not done',
  ];
}

export function engagementSummary(record: EngagementRecord): string {
  const n = record.activities.length;
  if (n === 0) return 'No engagement activities have been recorded yet.';
  const open = record.activities.reduce((sum, a) => sum + a.actions.filter((x) => !x.done).length, 0);
  return `${n} activit${n === 1 ? 'y' : 'ies'}; ${open} follow-up action${open === 1 ? '' : 's'} not yet done.`;
}
