/** The London authorities as reference data: written on every start, so the list in `shared/` is the truth. */
import { Hono } from 'hono';
import type { BoroughSummary, KnownBorough } from '../../shared/api.js';
import { allBoroughDomains } from './account-boroughs/email-domains.js';
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

/**
 * `/api/boroughs`: the London authorities, for choosing one, with the email domains each
 * lists (the invitation forms warn about another borough's address as it is typed).
 */
export function boroughRoutes(db: Db): Hono {
  const routes = new Hono();
  routes.get('/', (c) => {
    const domains = new Map(allBoroughDomains(db).map((b) => [b.id, [...b.emailDomains]]));
    const boroughs: KnownBorough[] = listBoroughs(db).map((b) => ({ ...b, emailDomains: domains.get(b.id) ?? [] }));
    return c.json({ boroughs });
  });
  return routes;
}
