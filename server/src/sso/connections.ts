/**
 * Each borough's connection to its Entra ID tenant, as its admin sets it (on "People in
 * (borough)" or with the admin command): which tenant and application, the secret
 * (sealed, write-only), which email domains lead to it, and its two policies. Also the
 * question the sign-in page asks first: which borough, if any, signs in this address.
 */
import type { BoroughSso, SetBoroughSsoRequest } from '../../../shared/sso.js';
import { domainOf } from '../../../shared/account-boroughs.js';
import { setBoroughSsoRequest } from '../../../shared/sso.js';
import { emailDomainsOf } from '../account-boroughs/email-domains.js';
import { recordAudit } from '../audit.js';
import type { SsoConfig } from '../config.js';
import type { Database, Queries } from '../db/queries.js';
import { Conflict, Invalid } from '../errors.js';
import { sealSecret } from './secret-box.js';

export interface Connection {
  boroughId: string;
  authority: string;
  tenantId: string;
  clientId: string;
  sealedSecret: string;
  usesBoroughDomains: boolean;
  allowsNewAccounts: boolean;
  requiresSso: boolean;
  updatedAt: number;
}

/** A borough's connection, or null when it has none. */
export async function connectionOf(db: Queries, boroughId: string): Promise<Connection | null> {
  const row = await db.first(db.kysely.selectFrom('borough_sso').selectAll().where('borough_id', '=', boroughId));
  if (!row) return null;
  return {
    boroughId: row.borough_id,
    authority: row.authority,
    tenantId: row.tenant_id,
    clientId: row.client_id,
    sealedSecret: row.sealed_secret,
    usesBoroughDomains: row.uses_borough_domains === 1,
    allowsNewAccounts: row.allows_new_accounts === 1,
    requiresSso: row.requires_sso === 1,
    updatedAt: row.updated_at,
  };
}

/** The domains whose addresses are sent to this connection's tenant. */
export async function connectionDomains(db: Queries, connection: Connection): Promise<string[]> {
  if (connection.usesBoroughDomains) return emailDomainsOf(db, connection.boroughId);
  const rows = await db.all(
    db.kysely.selectFrom('sso_domains').select('domain').where('borough_id', '=', connection.boroughId).orderBy('domain'),
  );
  return rows.map((row) => row.domain);
}

/**
 * The borough an address belongs to for signing in, and its connection (null when that
 * borough has not connected a tenant, or its tenant does not take this domain).
 */
export async function boroughForEmail(db: Queries, email: string): Promise<{ boroughId: string; connection: Connection | null } | null> {
  const domain = domainOf(email);
  const own = await db.first(db.kysely.selectFrom('sso_domains').select('borough_id').where('domain', '=', domain));
  if (own) return { boroughId: own.borough_id, connection: await connectionOf(db, own.borough_id) };
  const listed = await db.first(db.kysely.selectFrom('borough_email_domains').select('borough_id').where('domain', '=', domain));
  if (!listed) return null;
  const connection = await connectionOf(db, listed.borough_id);
  return { boroughId: listed.borough_id, connection: connection?.usesBoroughDomains ? connection : null };
}

/** True when the person's borough allows no password sign-in. */
export async function boroughRequiresSso(db: Queries, boroughId: string): Promise<boolean> {
  return (await connectionOf(db, boroughId))?.requiresSso ?? false;
}

/** The connection as the borough admin's page shows it: never the secret. */
export async function boroughSsoView(db: Queries, config: SsoConfig, redirectUri: string, boroughId: string): Promise<BoroughSso> {
  const connection = await connectionOf(db, boroughId);
  return {
    authorities: config.authorities,
    redirectUri,
    connection: connection && {
      authority: connection.authority,
      tenantId: connection.tenantId,
      clientId: connection.clientId,
      hasSecret: true,
      usesBoroughDomains: connection.usesBoroughDomains,
      domains: await connectionDomains(db, connection),
      allowsNewAccounts: connection.allowsNewAccounts,
      requiresSso: connection.requiresSso,
      updatedAt: new Date(connection.updatedAt).toISOString(),
    },
  };
}

/**
 * Connects a borough to its tenant, or changes the connection. Checks everything before
 * writing anything. Requiring single sign-on removes the borough's passwords, so it is
 * refused while someone with access has not linked a council account (they would be
 * locked out).
 */
export async function setConnection(
  db: Database,
  config: SsoConfig,
  boroughId: string,
  input: SetBoroughSsoRequest,
  actorId: string | null,
): Promise<void> {
  const parsed = setBoroughSsoRequest.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Invalid(issue.message, { [String(issue.path[0] ?? 'tenantId')]: issue.message });
  }
  const request = parsed.data;
  const authority = (request.authority ?? config.authorities[0]!).replace(/\/+$/, '');
  if (!config.authorities.includes(authority)) {
    throw new Invalid('Choose one of the Microsoft clouds offered.', { authority: 'Choose one of the Microsoft clouds offered' });
  }
  // Sealed once, whether or not the transaction has to run again.
  const newSecret = request.clientSecret ? sealSecret(request.clientSecret, config.secretKey) : null;
  // Read in the transaction that writes: a connection made meanwhile is changed, not made twice.
  await db.transaction(async (tx) => {
    const before = await connectionOf(tx, boroughId);
    if (!before && !newSecret) {
      throw new Invalid('Enter the client secret.', { clientSecret: 'Enter the client secret' });
    }
    const domains = request.usesBoroughDomains ? await emailDomainsOf(tx, boroughId) : request.domains;
    if (domains.length === 0) {
      const message = request.usesBoroughDomains
        ? 'Your borough lists no email domains yet. List them below first, or give the domains for single sign-on here.'
        : 'Enter at least one email domain.';
      throw new Invalid(message, { domains: message });
    }
    if (!request.usesBoroughDomains) await requireOwnDomainsFree(tx, boroughId, domains);
    if (request.requiresSso) await requireEveryoneLinked(tx, boroughId, request.tenantId);
    const values = {
      authority,
      tenant_id: request.tenantId,
      client_id: request.clientId,
      sealed_secret: newSecret ?? before!.sealedSecret,
      uses_borough_domains: request.usesBoroughDomains ? 1 : 0,
      allows_new_accounts: request.allowsNewAccounts ? 1 : 0,
      requires_sso: request.requiresSso ? 1 : 0,
      updated_by: actorId,
      updated_at: tx.now(),
    };
    if (before) await tx.run(tx.kysely.updateTable('borough_sso').set(values).where('borough_id', '=', boroughId));
    else await tx.run(tx.kysely.insertInto('borough_sso').values({ borough_id: boroughId, ...values }));
    await tx.run(tx.kysely.deleteFrom('sso_domains').where('borough_id', '=', boroughId));
    if (!request.usesBoroughDomains) {
      for (const domain of domains) await tx.run(tx.kysely.insertInto('sso_domains').values({ domain, borough_id: boroughId }));
    }
    let passwordsRemoved = 0;
    if (request.requiresSso && !before?.requiresSso) {
      passwordsRemoved = await tx.run(tx.kysely.updateTable('users').set({ password_hash: '' }).where('borough_id', '=', boroughId));
    }
    await recordAudit(tx, {
      procurementId: null,
      actorId,
      action: before ? 'borough.sso-changed' : 'borough.sso-connected',
      detail: {
        boroughId,
        authority,
        tenantId: request.tenantId,
        clientId: request.clientId,
        secretReplaced: !!request.clientSecret,
        domains,
        allowsNewAccounts: request.allowsNewAccounts,
        requiresSso: request.requiresSso,
        passwordsRemoved,
      },
    });
  });
}

/** Disconnects the borough's tenant; its people sign in with passwords again (once they have one). */
export async function removeConnection(db: Database, boroughId: string, actorId: string | null): Promise<void> {
  await db.transaction(async (tx) => {
    const removed = await tx.run(tx.kysely.deleteFrom('borough_sso').where('borough_id', '=', boroughId));
    if (removed === 0) throw new Conflict('Your borough has no single sign-on to disconnect.');
    await recordAudit(tx, { procurementId: null, actorId, action: 'borough.sso-disconnected', detail: { boroughId } });
  });
}

async function requireOwnDomainsFree(db: Queries, boroughId: string, domains: readonly string[]): Promise<void> {
  for (const domain of domains) {
    const owner =
      (await db.first(
        db.kysely
          .selectFrom('borough_email_domains as d')
          .innerJoin('boroughs as b', 'b.id', 'd.borough_id')
          .select(['b.id', 'b.name'])
          .where('d.domain', '=', domain),
      )) ??
      (await db.first(
        db.kysely
          .selectFrom('sso_domains as d')
          .innerJoin('boroughs as b', 'b.id', 'd.borough_id')
          .select(['b.id', 'b.name'])
          .where('d.domain', '=', domain),
      ));
    if (owner && owner.id !== boroughId) {
      throw new Invalid(`${domain} is listed as ${owner.name}’s.`, { domains: `${domain} is listed as ${owner.name}’s` });
    }
  }
}

async function requireEveryoneLinked(db: Queries, boroughId: string, tenantId: string): Promise<void> {
  const unlinked = await db.all(
    db.kysely
      .selectFrom('users as u')
      .leftJoin('external_identities as i', (join) => join.onRef('i.user_id', '=', 'u.id').on('i.tenant_id', '=', tenantId))
      .select(['u.display_name'])
      .where('u.borough_id', '=', boroughId)
      .where('u.access_removed_at', 'is', null)
      .where('i.user_id', 'is', null)
      .orderBy('u.display_name'),
  );
  if (unlinked.length === 0) return;
  const names = unlinked.map((row) => row.display_name);
  const shown = names.length > 5 ? `${names.slice(0, 5).join(', ')} and ${names.length - 5} more` : names.join(', ');
  const message =
    `${shown} ${names.length === 1 ? 'has' : 'have'} not linked a council account yet, so requiring single sign-on would lock ` +
    `them out. Ask them to link it on their “Change your password” page, or remove their access first.`;
  throw new Invalid(message, { requiresSso: message });
}
