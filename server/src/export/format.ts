/**
 * Words and names the exports share: dates as GOV.UK writes them, requirement labels,
 * and safe download filenames. Dates are London dates whatever the server's zone.
 */
import { priorityLabel, type Priority } from '../../../shared/doc-layout.js';

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });
const timeFormat = new Intl.DateTimeFormat('en-GB', { hour: 'numeric', minute: '2-digit', hour12: true, timeZone: 'Europe/London' });
// A calendar date (YYYY-MM-DD) has no time of day, so it is read and written in UTC.
const calendarFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** "25 November 2026". */
export function formatDate(at: string | number | Date): string {
  return dateFormat.format(new Date(at));
}

/** "25 November 2026 at 3:04pm". */
export function formatDateTime(at: string | number | Date): string {
  return `${formatDate(at)} at ${timeFormat.format(new Date(at)).replace(/\s/g, '').toLowerCase()}`;
}

/** A stored YYYY-MM-DD as "25 November 2026", or `fallback` when there is none. */
export function formatCalendarDate(value: string, fallback = 'No date'): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return fallback;
  const at = new Date(`${value}T00:00:00Z`);
  return Number.isNaN(at.getTime()) ? fallback : calendarFormat.format(at);
}

export function priorityText(priority: Priority): string {
  return priorityLabel[priority];
}

/** Names of the boroughs a requirement applies to, or "All boroughs". */
export function appliesToText(appliesTo: string[], boroughName: (id: string) => string): string {
  return appliesTo.length === 0 ? 'All boroughs' : appliesTo.map(boroughName).join(', ');
}

/** Lower-case ASCII words joined by hyphens: "Draft for tender (v2)" → "draft-for-tender-v2". */
export function slug(value: string, maxLength = 60): string {
  return value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxLength)
    .replace(/-+$/, '')
    .toLowerCase();
}

/**
 * A download filename from the procurement's reference (or its title when it has none)
 * and what the file is: `JP-2026-014-specification-camden.docx`. Only ASCII letters,
 * digits and hyphens, so it is safe in a header and on every file system.
 */
export function exportFilename(procurement: { reference: string; title: string }, parts: string[], extension: string): string {
  // A reference keeps its capitals (JP-2026-014), as people write it.
  const reference = procurement.reference
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50);
  const base = reference || slug(procurement.title) || 'procurement';
  const rest = parts.map((part) => slug(part)).filter(Boolean);
  return `${[base, ...rest].join('-')}.${extension}`;
}
