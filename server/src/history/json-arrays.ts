/**
 * The history tables keep lists (a version's authors, boroughs, areas) as JSON arrays in
 * text columns. Looking inside one is spelt differently by each dialect; both give the
 * elements as a table `j` with one text column, `value` (null for a JSON null).
 */
import { sql, type RawBuilder } from 'kysely';
import type { Dialect } from '../db/queries.js';

/** The elements of the JSON array in `column`, as a table `j(value)` to select from. */
function jsonElements(dialect: Dialect, column: string): RawBuilder<unknown> {
  return dialect === 'postgres'
    ? sql`jsonb_array_elements_text(${sql.ref(column)}::jsonb) AS j(value)`
    : sql`json_each(${sql.ref(column)}) AS j`;
}

/** Whether an element of the JSON array in `column` meets `condition` (given the element as `j.value`). */
export function someElement(
  dialect: Dialect,
  column: string,
  condition: (value: RawBuilder<string | null>) => RawBuilder<boolean>,
): RawBuilder<boolean> {
  return sql<boolean>`EXISTS (SELECT 1 FROM ${jsonElements(dialect, column)} WHERE ${condition(sql<string | null>`j.value`)})`;
}
