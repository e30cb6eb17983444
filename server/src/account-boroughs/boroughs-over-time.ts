/**
 * The borough each person was credited to at a given moment, for the history recorder,
 * which asks once per logged update: answers are cached per person and thrown away
 * whenever another correction has been approved (a count that only grows).
 */
import type { Queries } from '../db/queries.js';

interface PersonBoroughs {
  now: string | null;
  /** Approved corrections, oldest first: before `at`, the person was in `from`. */
  corrections: { at: number; from: string }[];
}

export class BoroughsOverTime {
  private readonly people = new Map<string, PersonBoroughs>();
  private approvedSeen = -1;

  constructor(private readonly db: Queries) {}

  /** Call before a run of `at` questions: forgets everything if a correction was approved since. */
  async refresh(): Promise<void> {
    const { db } = this;
    const row = await db.first(
      db.kysely
        .selectFrom('borough_corrections')
        .select(({ fn }) => fn.countAll<number>().as('n'))
        .where('outcome', '=', 'approved'),
    );
    const approved = Number(row?.n ?? 0);
    if (approved !== this.approvedSeen) {
      this.people.clear();
      this.approvedSeen = approved;
    }
  }

  /** The borough `userId` was in at `at` (ms), or null for no such account. */
  async at(userId: string, at: number): Promise<string | null> {
    const { db } = this;
    let person = this.people.get(userId);
    if (!person) {
      const now = await db.first(db.kysely.selectFrom('users').select('borough_id').where('id', '=', userId));
      const corrections = await db.all(
        db.kysely
          .selectFrom('borough_corrections')
          .select(['decided_at as at', 'from_borough_id as from'])
          .where('user_id', '=', userId)
          .where('outcome', '=', 'approved')
          .orderBy('decided_at'),
      );
      person = { now: now?.borough_id ?? null, corrections: corrections.map((c) => ({ at: c.at ?? 0, from: c.from })) };
      this.people.set(userId, person);
    }
    for (const correction of person.corrections) if (at < correction.at) return correction.from;
    return person.now;
  }
}
