/** The London authorities as reference data: written on every start, so the list in `shared/` is the truth. */
import { Hono } from 'hono';
import type { BoroughSummary } from '../../shared/api.js';
import { londonAuthorities } from '../../shared/authorities.js';
import type { Db } from './db/database.js';

export function seedBoroughs(db: Db): void {
  db.transaction(() => {
    for (const authority of londonAuthorities) {
      db.run(
        db.kysely
          .insertInto('boroughs')
          .values({ id: authority.id, name: authority.name, official_name: authority.officialName })
          .onConflict((oc) => oc.column('id').doUpdateSet({ name: authority.name, official_name: authority.officialName })),
      );
    }
  });
}

export function listBoroughs(db: Db): BoroughSummary[] {
  return db
    .all(db.kysely.selectFrom('boroughs').selectAll().orderBy('name'))
    .map((row) => ({ id: row.id, name: row.name, officialName: row.official_name }));
}

/** `/api/boroughs`: the London authorities, for choosing one. */
export function boroughRoutes(db: Db): Hono {
  const routes = new Hono();
  routes.get('/', (c) => c.json({ boroughs: listBoroughs(db) }));
  return routes;
}
