/**
 * When the demo's past happened: on working days before the moment it is seeded, at
 * office hours, by the database's clock (never the machine's calendar, so a test's
 * clock gives a test's past). Times are UTC, which is London's time in winter and an
 * hour behind it in summer: office hours either way, whatever the time zone of the
 * machine.
 */
import type { Database, Queries } from '../db/queries.js';

const dayMs = 86_400_000;

/** The start (00:00 UTC) of the `n`-th working day (Monday to Friday) from `now`'s day: back when `n` < 0. */
function workingDay(now: number, n: number): number {
  let day = Math.floor(now / dayMs) * dayMs;
  for (let left = Math.abs(n); left > 0;) {
    day += Math.sign(n) * dayMs;
    const weekday = new Date(day).getUTCDay();
    if (weekday !== 0 && weekday !== 6) left--;
  }
  return day;
}

/** `time` ('HH:MM', UTC) on the `n`-th working day before `now` (n ≥ 1: always before `now`). */
export function workingDaysBefore(now: number, n: number, time: string): number {
  if (n < 1) throw new Error('The past is at least a working day back.');
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  return workingDay(now, -n) + (hours * 60 + minutes) * 60_000;
}

/** The date ('YYYY-MM-DD', UTC) `n` working days from `now`'s day: back when `n` < 0. */
export function workingDate(now: number, n: number): string {
  return new Date(workingDay(now, n)).toISOString().slice(0, 10);
}

/**
 * The demo's transaction as it was at `at`: the same handle, with a clock that says
 * `at`, so that the product's own functions (a position, a sign-off, a comment) record
 * a past act with its time, checked and audited as they would have been then. Those
 * that open a transaction of their own join the demo's instead: it is seeded all or
 * nothing.
 */
export function dbAt(tx: Queries, at: number): Database {
  const then = Object.create(tx, {
    now: { value: () => at },
    transaction: { value: <T>(fn: (joined: Queries) => Promise<T>): Promise<T> => fn(then) },
    derivedTransaction: { value: <T>(fn: (joined: Queries) => Promise<T>): Promise<T> => fn(then) },
    close: {
      value: () => Promise.reject(new Error('the demo’s transaction is not the database: it cannot be closed')),
    },
  }) as Database;
  return then;
}
