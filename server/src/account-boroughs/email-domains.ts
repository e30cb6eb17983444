/**
 * Each borough's email domains, listed by its admin (or the admin command), and the check
 * every invitation passes: refused for another borough's address, confirmed by the
 * inviter for an address outside their borough's domains (see shared/account-boroughs).
 */
import { checkInvitee, inviteeMessage, type BoroughDomains } from '../../../shared/account-boroughs.js';
import { recordAudit } from '../audit.js';
import type { Database, Queries } from '../db/queries.js';
import { Invalid } from '../errors.js';

/** Every borough with the domains it lists, by name. */
export async function allBoroughDomains(db: Queries): Promise<BoroughDomains[]> {
  const domains = new Map<string, string[]>();
  for (const row of await db.all(db.kysely.selectFrom('borough_email_domains').select(['borough_id', 'domain']).orderBy('domain'))) {
    domains.set(row.borough_id, [...(domains.get(row.borough_id) ?? []), row.domain]);
  }
  const boroughs = await db.all(db.kysely.selectFrom('boroughs').select(['id', 'name']).orderBy('name'));
  return boroughs.map((b) => ({ id: b.id, name: b.name, emailDomains: domains.get(b.id) ?? [] }));
}

export async function emailDomainsOf(db: Queries, boroughId: string): Promise<string[]> {
  const rows = await db.all(
    db.kysely.selectFrom('borough_email_domains').select('domain').where('borough_id', '=', boroughId).orderBy('domain'),
  );
  return rows.map((row) => row.domain);
}

/**
 * Replaces a borough's domains. A domain is one borough's only: one already listed by
 * another borough is refused (shared-service domains are best left unlisted).
 */
export async function setEmailDomains(
  db: Database,
  boroughId: string,
  domains: readonly string[],
  actorId: string | null,
): Promise<string[]> {
  return db.transaction(async (tx) => {
    if (!(await tx.first(tx.kysely.selectFrom('boroughs').select('id').where('id', '=', boroughId)))) {
      throw new Invalid(`There is no borough with the id “${boroughId}”.`);
    }
    for (const domain of domains) {
      const owner = await tx.first(
        tx.kysely
          .selectFrom('borough_email_domains as d')
          .innerJoin('boroughs as b', 'b.id', 'd.borough_id')
          .select(['b.id', 'b.name'])
          .where('d.domain', '=', domain),
      );
      if (owner && owner.id !== boroughId) {
        throw new Invalid(`${domain} is listed as ${owner.name}’s. Ask ${owner.name}’s administrator if it should not be.`, {
          domains: `${domain} is listed as ${owner.name}’s`,
        });
      }
    }
    const before = await emailDomainsOf(tx, boroughId);
    const removed = before.filter((d) => !domains.includes(d));
    const added = domains.filter((d) => !before.includes(d));
    if (removed.length > 0) {
      await tx.run(tx.kysely.deleteFrom('borough_email_domains').where('borough_id', '=', boroughId).where(tx.inList('domain', removed)));
    }
    for (const domain of added) {
      await tx.run(
        tx.kysely.insertInto('borough_email_domains').values({ domain, borough_id: boroughId, added_by: actorId, added_at: tx.now() }),
      );
    }
    if (removed.length + added.length > 0) {
      await recordAudit(tx, {
        procurementId: null,
        actorId,
        action: 'borough.email-domains-changed',
        detail: { boroughId, added, removed },
      });
    }
    return emailDomainsOf(tx, boroughId);
  });
}

/**
 * Throws unless `email` may be invited into `boroughId`: never at another borough's
 * domain; outside the borough's own domains only with the inviter's confirmation.
 */
export async function requireInviteeOfBorough(
  db: Queries,
  email: string,
  boroughId: string,
  confirmedWorksForBorough: boolean,
): Promise<void> {
  const boroughs = await allBoroughDomains(db);
  const check = checkInvitee(email, boroughId, boroughs);
  const boroughName = boroughs.find((b) => b.id === boroughId)?.name ?? boroughId;
  if (check.kind === 'other-borough') {
    throw new Invalid(inviteeMessage(check, boroughName)!, { email: `This is a ${check.borough.name} address` });
  }
  if (check.kind === 'outside-domains' && !confirmedWorksForBorough) {
    const message = inviteeMessage(check, boroughName)!;
    throw new Invalid(message, { worksForBorough: `Confirm that they work for ${boroughName}` });
  }
}
