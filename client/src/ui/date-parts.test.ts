import { describe, expect, it } from 'vitest';
import { partsOfIso, readDateParts, sameParts, type DateParts } from './date-parts.js';

const read = (day: string, month: string, year: string, name = 'Due date') => readDateParts({ day, month, year }, name);

describe('reading a date typed as day, month and year', () => {
  it('keeps a complete, real date as an ISO date, whatever leading zeros or spaces were typed', () => {
    expect(read('27', '3', '2026')).toEqual({ ok: true, iso: '2026-03-27' });
    expect(read(' 04 ', '11', '2026')).toEqual({ ok: true, iso: '2026-11-04' });
    expect(read('29', '2', '2028')).toEqual({ ok: true, iso: '2028-02-29' });
  });

  it('takes a month written as a word or its usual short form', () => {
    expect(read('4', 'Nov', '2026')).toEqual({ ok: true, iso: '2026-11-04' });
    expect(read('4', 'november', '2026')).toEqual({ ok: true, iso: '2026-11-04' });
    expect(read('30', 'Sept', '2026')).toEqual({ ok: true, iso: '2026-09-30' });
    expect(read('4', 'No', '2026')).toMatchObject({ ok: false, message: 'Due date must be a real date', fields: ['month'] });
  });

  it('reads three empty fields as no date, so the date can be cleared', () => {
    expect(read('', ' ', '')).toEqual({ ok: true, iso: '' });
  });

  it('says what is missing, and marks only the missing fields', () => {
    expect(read('27', '', '2026')).toEqual({ ok: false, message: 'Due date must include a month', fields: ['month'] });
    expect(read('', '', '2026')).toEqual({ ok: false, message: 'Due date must include a day and month', fields: ['day', 'month'] });
    expect(read('27', '', '')).toEqual({ ok: false, message: 'Due date must include a month and year', fields: ['month', 'year'] });
  });

  it('says a date that cannot be right must be a real date, marking the field that is wrong', () => {
    expect(read('27', '13', '2026')).toEqual({ ok: false, message: 'Due date must be a real date', fields: ['month'] });
    expect(read('0', '3', '2026')).toEqual({ ok: false, message: 'Due date must be a real date', fields: ['day'] });
    expect(read('2x', '3', '2026')).toEqual({ ok: false, message: 'Due date must be a real date', fields: ['day'] });
    expect(read('27', '3', '0999')).toEqual({ ok: false, message: 'Due date must be a real date', fields: ['year'] });
  });

  it('asks for a year of 4 numbers', () => {
    expect(read('27', '3', '26')).toEqual({ ok: false, message: 'Year must include 4 numbers', fields: ['year'] });
  });

  it('marks the day and month of a day the month never has, and the whole date when only the year rules it out', () => {
    expect(read('31', '2', '2026', 'Date')).toEqual({ ok: false, message: 'Date must be a real date', fields: ['day', 'month'] });
    expect(read('31', '4', '2026', 'Date')).toEqual({ ok: false, message: 'Date must be a real date', fields: ['day', 'month'] });
    expect(read('29', '2', '2026', 'Date')).toEqual({ ok: false, message: 'Date must be a real date', fields: ['day', 'month', 'year'] });
  });
});

describe('showing a stored date in the three fields', () => {
  it('shows day and month without leading zeros, as the hint does', () => {
    expect(partsOfIso('2026-03-07')).toEqual({ day: '7', month: '3', year: '2026' });
  });

  it('shows empty fields for no date, or for anything that is not an ISO date', () => {
    const empty: DateParts = { day: '', month: '', year: '' };
    expect(partsOfIso('')).toEqual(empty);
    expect(partsOfIso('03/07/2026')).toEqual(empty);
  });

  it('reads back what it shows', () => {
    const parts = partsOfIso('2026-12-01');
    expect(readDateParts(parts, 'Date')).toEqual({ ok: true, iso: '2026-12-01' });
    expect(sameParts(parts, { day: ' 1', month: '12 ', year: '2026' })).toBe(true);
    expect(sameParts(parts, { day: '01', month: '12', year: '2026' })).toBe(false);
  });
});
