/**
 * Council identities linked to accounts. An identity is the tenant's issuer, tenant id
 * (`tid`) and object id (`oid`): what Entra guarantees stays with one person. Email
 * addresses change and are reused, so they are shown, never matched: a token whose email
 * is someone else's still signs in only the account its `oid` is linked to.
 */
import { recordAudit } from '../audit.js';
import type { Database, Queries } from '../db/queries.js';

export interface CouncilIdentity {
  issuer: string;
  tenantId: string;
  objectId: string;
}

/** The account an identity is linked to, or null. */
export async function linkedUserId(db: Queries, identity: CouncilIdentity): Promise<string | null> {
  return (
    (
      await db.first(
        db.kysely
          .selectFrom('external_identities')
          .select('user_id')
          .where('issuer', '=', identity.issuer)
          .where('tenant_id', '=', identity.tenantId)
          .where('object_id', '=', identity.objectId),
      )
    )?.user_id ?? null
  );
}

/** When an account was linked to a council identity, or null. */
export async function linkedAt(db: Queries, userId: string): Promise<number | null> {
  const row = await db.first(db.kysely.selectFrom('external_identities').select('linked_at').where('user_id', '=', userId));
  return row?.linked_at ?? null;
}

/**
 * Links an identity to an account (replacing the account's earlier link, if any), on
 * record in the account's borough. The caller checked that the identity is free, and
 * runs this in its transaction.
 */
export async function linkIdentity(
  tx: Queries,
  userId: string,
  boroughId: string,
  identity: CouncilIdentity,
  how: 'password-confirmed' | 'new-account',
): Promise<void> {
  await tx.run(tx.kysely.deleteFrom('external_identities').where('user_id', '=', userId));
  await tx.run(
    tx.kysely.insertInto('external_identities').values({
      issuer: identity.issuer,
      tenant_id: identity.tenantId,
      object_id: identity.objectId,
      user_id: userId,
      linked_at: tx.now(),
      last_sign_in_at: null,
    }),
  );
  await recordAudit(tx, {
    procurementId: null,
    actorId: userId,
    action: 'account.council-account-linked',
    detail: { boroughId, userId, tenantId: identity.tenantId, how },
  });
}

/** Puts a sign-in on record in the person's borough: who, when (the row's time) and how. */
export async function recordSignIn(
  db: Database,
  userId: string,
  boroughId: string,
  how: { method: 'password' } | { method: 'council-account'; tenantId: string },
): Promise<void> {
  await db.transaction(async (tx) => {
    await recordAudit(tx, { procurementId: null, actorId: userId, action: 'account.signed-in', detail: { boroughId, userId, ...how } });
    if (how.method === 'council-account') {
      await tx.run(tx.kysely.updateTable('external_identities').set({ last_sign_in_at: tx.now() }).where('user_id', '=', userId));
    }
  });
}
