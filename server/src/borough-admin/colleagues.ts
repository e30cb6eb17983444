/**
 * Borough administration: a borough admin (the first one made with the admin CLI) looks
 * after the accounts of their own borough — sees them, invites colleagues to the service
 * (see invitations), makes or unmakes admins, and removes the access of someone who has
 * left, which also ends their sessions, closes their live connections at once and
 * withdraws the invitations they sent. The routes check once that the caller is an admin
 * (see routes.ts); these functions act within the admin's borough.
 */
import type { Colleague, UpdateColleagueRequest } from '../../../shared/api.js';
import type { Database, Queries } from '../db/queries.js';
import { withinTransaction } from '../db/within-transaction.js';
import { Conflict, Forbidden, NotFound } from '../errors.js';
import { recordAudit } from '../audit.js';
import type { Sessions } from '../auth/sessions.js';
import type { User } from '../auth/users.js';
import { withdrawAllInvitationsBy, withdrawColleagueInvitationsBy } from '../invitations/borough-invitations.js';

export function requireBoroughAdmin(user: User): void {
  if (!user.isBoroughAdmin) throw new Forbidden("Only your borough's Jointly administrators can manage its accounts.");
}

/** Everyone with an account in the admin's borough, by name (or just one of them). */
export async function listColleagues(db: Queries, admin: User, onlyId?: string): Promise<Colleague[]> {
  let query = db.kysely
    .selectFrom('users as u')
    .leftJoin('procurement_members as m', 'm.user_id', 'u.id')
    .select((eb) => [
      'u.id',
      'u.display_name',
      'u.email',
      'u.is_borough_admin',
      'u.access_removed_at',
      'u.created_at',
      eb.fn.count<number>('m.procurement_id').as('procurements'),
    ])
    .where('u.borough_id', '=', admin.boroughId)
    .groupBy('u.id')
    .orderBy('u.display_name');
  if (onlyId) query = query.where('u.id', '=', onlyId);
  const rows = await db.all(query);
  return rows.map((row) => ({
    id: row.id,
    name: row.display_name,
    email: row.email,
    isBoroughAdmin: row.is_borough_admin === 1,
    accessRemovedAt: row.access_removed_at === null ? null : new Date(row.access_removed_at).toISOString(),
    createdAt: new Date(row.created_at).toISOString(),
    procurements: Number(row.procurements),
  }));
}

/** Changes a colleague's admin role or access; returns them as the list shows them. */
export async function updateColleague(
  db: Database,
  sessions: Sessions,
  admin: User,
  colleagueId: string,
  change: UpdateColleagueRequest,
): Promise<Colleague> {
  if (colleagueId === admin.id && (change.hasAccess === false || change.isBoroughAdmin === false)) {
    // Someone must stay able to look after the borough's accounts.
    throw new Conflict('You cannot remove your own access or admin role. Ask another admin of your borough.');
  }
  const removing = await db.transaction(async (tx) => {
    const row = await tx.first(
      tx.kysely
        .selectFrom('users')
        .select(['id', 'borough_id', 'is_borough_admin', 'access_removed_at'])
        .where('id', '=', colleagueId)
        .where('borough_id', '=', admin.boroughId),
    );
    if (!row) throw new NotFound('That person does not have an account in your borough.');
    if (change.isBoroughAdmin !== undefined && change.isBoroughAdmin !== (row.is_borough_admin === 1)) {
      await tx.run(
        tx.kysely
          .updateTable('users')
          .set({ is_borough_admin: change.isBoroughAdmin ? 1 : 0 })
          .where('id', '=', colleagueId),
      );
      await recordAudit(tx, {
        procurementId: null,
        actorId: admin.id,
        action: change.isBoroughAdmin ? 'account.admin-granted' : 'account.admin-removed',
        detail: { userId: colleagueId },
      });
      if (!change.isBoroughAdmin) await withdrawColleagueInvitationsBy(tx, colleagueId);
    }
    if (change.hasAccess !== undefined && change.hasAccess !== (row.access_removed_at === null)) {
      await setAccess(tx, colleagueId, change.hasAccess, admin.id);
    }
    return change.hasAccess === false && row.access_removed_at === null;
  });
  // Their browsers are signed out and their live connections close now, not at expiry.
  if (removing) await sessions.endAllForUser(colleagueId);
  return (await listColleagues(db, admin, colleagueId))[0]!;
}

/**
 * Removes or restores someone's access, with its audit entry (inside the caller's
 * transaction `db` when there is one). The caller ends their sessions after a removal.
 */
export function setAccess(db: Queries, userId: string, hasAccess: boolean, actorId: string | null): Promise<void> {
  return withinTransaction(db, async (tx) => {
    await tx.run(
      tx.kysely
        .updateTable('users')
        .set({ access_removed_at: hasAccess ? null : tx.now() })
        .where('id', '=', userId),
    );
    await recordAudit(tx, {
      procurementId: null,
      actorId,
      action: hasAccess ? 'account.access-restored' : 'account.access-removed',
      detail: { userId },
    });
    // What someone sent speaks with their authority, which they no longer have.
    if (!hasAccess) await withdrawAllInvitationsBy(tx, userId);
  });
}
