/**
 * The facts about a procurement every export prints (its title, reference, summary and
 * the boroughs taking part), and how a borough id becomes a name.
 */
import type { ParticipatingBorough } from '../../../shared/api.js';
import { authorityById } from '../../../shared/authorities.js';
import type { Queries } from '../db/queries.js';
import { NotFound } from '../errors.js';
import { participatingBoroughs } from '../procurements/procurements.js';

export interface ProcurementFacts {
  id: string;
  title: string;
  reference: string;
  summary: string;
  /** Lead first, then partners, then observers, each by name. */
  boroughs: ParticipatingBorough[];
}

/** Turns a borough id into its name: one taking part, any London authority, or the id. */
export type BoroughNamer = (id: string) => string;

export async function procurementFacts(db: Queries, procurementId: string): Promise<ProcurementFacts> {
  const row = await db.first(
    db.kysely.selectFrom('procurements').select(['id', 'title', 'reference', 'summary']).where('id', '=', procurementId),
  );
  if (!row) throw new NotFound('This procurement was not found, or you are not part of it.');
  return { ...row, boroughs: await participatingBoroughs(db, procurementId) };
}

export function boroughNamer(facts: ProcurementFacts): BoroughNamer {
  const names = new Map(facts.boroughs.map((b) => [b.id, b.name]));
  return (id) => names.get(id) ?? authorityById(id)?.name ?? id;
}
