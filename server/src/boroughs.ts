/** The London authorities as reference data: written on every start, so the list in `shared/` is the truth. */
import { Hono } from 'hono';
import type { BoroughSummary, KnownBorough } from '../../shared/api.js';
import { allBoroughDomains } from './account-boroughs/email-domains.js';
import { londonAuthorities } from '../../shared/authorities.js';
import type { Database, Queries } from './db/queries.js';

export async function seedBoroughs(db: Database): Promise<void> {
  await db.transaction(async (tx) => {
    for (const authority of londonAuthorities) {
      await tx.run(
        tx.kysely
          .insertInto('boroughs')
          .values({ id: authority.id, name: authority.name, official_name: authority.officialName })
          .onConflict((oc) => oc.column('id').doUpdateSet({ name: authority.name, official_name: authority.officialName })),
      );
    }
  });
}

export async function listBoroughs(db: Queries): Promise<BoroughSummary[]> {
  const rows = await db.all(db.kysely.selectFrom('boroughs').selectAll().orderBy('name'));
  return rows.map((row) => ({ id: row.id, name: row.name, officialName: row.official_name }));
}

/**
 * `/api/boroughs`: the London authorities, for choosing one, with the email domains each
 * lists (the invitation forms warn about another borough's address as it is typed).
 */
export function boroughRoutes(db: Queries): Hono {
  const routes = new Hono();
  routes.get('/', async (c) => {
    const domains = new Map((await allBoroughDomains(db)).map((b) => [b.id, [...b.emailDomains]]));
    const boroughs: KnownBorough[] = (await listBoroughs(db)).map((b) => ({ ...b, emailDomains: domains.get(b.id) ?? [] }));
    return c.json({ boroughs });
  });
  return routes;
}
