/**
 * The facts about a procurement every export prints (its title, reference, summary and
 * the boroughs taking part), and how a borough id becomes a name.
 */
import type { ParticipatingBorough } from '../../../shared/api.js';
import { authorityById } from '../../../shared/authorities.js';
import type { Db } from '../db/database.js';
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

export function procurementFacts(db: Db, procurementId: string): ProcurementFacts {
  const row = db.first(
    db.kysely.selectFrom('procurements').select(['id', 'title', 'reference', 'summary']).where('id', '=', procurementId),
  );
  if (!row) throw new NotFound('This procurement was not found, or you are not part of it.');
  return { ...row, boroughs: participatingBoroughs(db, procurementId) };
}

export function boroughNamer(facts: ProcurementFacts): BoroughNamer {
  const names = new Map(facts.boroughs.map((b) => [b.id, b.name]));
  return (id) => names.get(id) ?? authorityById(id)?.name ?? id;
}
