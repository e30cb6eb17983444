/**
 * Reading a date typed as day, month and year (GOV.UK's date input) into the ISO date
 * ('YYYY-MM-DD') the data keeps, with the Design System's error messages: what is
 * missing, which part cannot be right, and which fields to mark.
 */

/** One of the three fields of a date input, in the order they appear. */
export type DatePart = 'day' | 'month' | 'year';

/** What a person has typed in each field, as typed. */
export interface DateParts {
  day: string;
  month: string;
  year: string;
}

/** Why the typed date cannot be kept, and which fields to mark as in error (in field order). */
export interface DateProblem {
  message: string;
  fields: DatePart[];
}

/** An ISO date ('' when every field is empty), or the problem with what was typed. */
export type DateReading = { ok: true; iso: string } | ({ ok: false } & DateProblem);

const partOrder: readonly DatePart[] = ['day', 'month', 'year'];
const emptyParts: DateParts = { day: '', month: '', year: '' };

// People copy dates from letters and minutes that spell the month out ("4 Nov 2026"), so
// names and their usual short forms are taken as well as numbers.
const monthNames = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/** The fields showing a stored ISO date ('2026-03-07' → 7, 3, 2026); empty for no date or anything else. */
export function partsOfIso(iso: string): DateParts {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) return emptyParts;
  const [, year, month, day] = match as unknown as [string, string, string, string];
  return { day: String(Number(day)), month: String(Number(month)), year };
}

/** Whether two sets of fields say the same thing, ignoring spaces around what was typed. */
export function sameParts(a: DateParts, b: DateParts): boolean {
  return partOrder.every((part) => a[part].trim() === b[part].trim());
}

/**
 * Reads the three fields. `name` is what the date is called in messages ("Due date" gives
 * "Due date must include a month"). Problems are reported in GOV.UK's order: something
 * missing, then a field that cannot be right, then a year without 4 numbers, then a day
 * the month does not have.
 */
export function readDateParts(parts: DateParts, name: string): DateReading {
  const typed = { day: parts.day.trim(), month: parts.month.trim(), year: parts.year.trim() };
  const missing = partOrder.filter((part) => typed[part] === '');
  if (missing.length === 3) return { ok: true, iso: '' };
  if (missing.length > 0) return problem(`${name} must include a ${missing.join(' and ')}`, missing);

  const day = readDay(typed.day);
  const month = readMonth(typed.month);
  const year = /^\d+$/.test(typed.year) ? Number(typed.year) : null;
  const unreal = partOrder.filter((part) => ({ day, month, year })[part] === null);
  if (unreal.length > 0) return problem(`${name} must be a real date`, unreal);
  if (typed.year.length !== 4) return problem('Year must include 4 numbers', ['year']);
  if (year! < 1000) return problem(`${name} must be a real date`, ['year']);

  if (day! > daysIn(month!, year!)) {
    // 31 February could be a wrong day or a wrong month; 29 February only a wrong year.
    const fields: DatePart[] = day! > daysIn(month!, 2024) ? ['day', 'month'] : ['day', 'month', 'year'];
    return problem(`${name} must be a real date`, fields);
  }
  return { ok: true, iso: `${typed.year}-${pad(month!)}-${pad(day!)}` };
}

function problem(message: string, fields: DatePart[]): DateReading {
  return { ok: false, message, fields };
}

function readDay(text: string): number | null {
  const day = /^\d{1,2}$/.test(text) ? Number(text) : NaN;
  return day >= 1 && day <= 31 ? day : null;
}

function readMonth(text: string): number | null {
  if (/^\d{1,2}$/.test(text)) {
    const month = Number(text);
    return month >= 1 && month <= 12 ? month : null;
  }
  const word = text.toLowerCase().replace(/\.$/, '');
  if (word.length < 3) return null;
  const index = monthNames.findIndex((name) => name === word || name.slice(0, 3) === word || (word === 'sept' && name === 'september'));
  return index >= 0 ? index + 1 : null;
}

/** Days in `month` (1–12) of `year`, leap years included. */
function daysIn(month: number, year: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
