/**
 * The borough each person was credited to at a given moment, for the history recorder,
 * which asks once per logged update: answers are cached per person and thrown away
 * whenever another correction has been approved (a count that only grows).
 */
import type { Db } from '../db/database.js';

interface PersonBoroughs {
  now: string | null;
  /** Approved corrections, oldest first: before `at`, the person was in `from`. */
  corrections: { at: number; from: string }[];
}

export class BoroughsOverTime {
  private readonly people = new Map<string, PersonBoroughs>();
  private approvedSeen = -1;

  constructor(private readonly db: Db) {}

  /** Call before a run of `at` questions: forgets everything if a correction was approved since. */
  refresh(): void {
    const row = this.db.prepare("SELECT count(*) AS n FROM borough_corrections WHERE outcome = 'approved'").get() as { n: number };
    if (row.n !== this.approvedSeen) {
      this.people.clear();
      this.approvedSeen = row.n;
    }
  }

  /** The borough `userId` was in at `at` (ms), or null for no such account. */
  at(userId: string, at: number): string | null {
    let person = this.people.get(userId);
    if (!person) {
      const now = this.db.prepare('SELECT borough_id FROM users WHERE id = ?').get(userId) as { borough_id: string } | undefined;
      const corrections = this.db
        .prepare(
          'SELECT decided_at AS at, from_borough_id AS "from" FROM borough_corrections WHERE user_id = ? AND outcome = \'approved\' ORDER BY decided_at',
        )
        .all(userId) as { at: number; from: string }[];
      person = { now: now?.borough_id ?? null, corrections };
      this.people.set(userId, person);
    }
    for (const correction of person.corrections) if (at < correction.at) return correction.from;
    return person.now;
  }
}
