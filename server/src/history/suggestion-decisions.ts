/** Reading the record of decisions on suggested changes, for the history and the comparison. */
import type { SuggestionDecisionRecord } from '../../../shared/history.js';
import type { Queries } from '../db/queries.js';
import type { Person } from '../../../shared/history.js';

/**
 * The decisions made by updates at log positions after `fromSeq`, up to and with `toSeq`,
 * in order; `peopleOf` names the people (timeline.ts's `peopleById`).
 */
export async function suggestionDecisionsBetween(
  db: Queries,
  procurementId: string,
  fromSeq: number,
  toSeq: number,
  peopleOf: (ids: readonly (string | null)[]) => Promise<Map<string | null, Person>>,
): Promise<SuggestionDecisionRecord[]> {
  const rows = await db.all(
    db.kysely
      .selectFrom('suggestion_decisions')
      .selectAll()
      .where('procurement_id', '=', procurementId)
      .where('seq', '>', fromSeq)
      .where('seq', '<=', toSeq)
      .orderBy('seq')
      .orderBy('id'),
  );
  if (rows.length === 0) return [];
  const people = await peopleOf(rows.flatMap((row) => [row.suggested_by, row.decided_by]));
  const personOf = (id: string) => people.get(id) ?? { id, name: 'A former member', borough: null, boroughId: null, colour: '#505a5f' };
  return rows.map((row) => ({
    outcome: row.outcome,
    kind: row.kind,
    summary: row.summary,
    place: row.place,
    suggestedBy: personOf(row.suggested_by),
    suggestedAt: new Date(row.suggested_at).toISOString(),
    decidedBy: row.decided_by ? personOf(row.decided_by) : null,
    decidedAt: new Date(row.decided_at).toISOString(),
    seq: row.seq,
  }));
}
