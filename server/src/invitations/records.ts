/**
 * Invitation records: how a link's secret is kept (only its SHA-256), how a link is
 * written, issued (with the daily limit per person) and opened, and how a row is shown.
 * Like session tokens, a link carries `<id>.<secret>`.
 */
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { sha256 } from '@oslojs/crypto/sha2';
import type { Invitation, InvitationBasics } from '../../../shared/api.js';
import type { MemberRole } from '../../../shared/roles.js';
import { recordAudit } from '../audit.js';
import { boroughSummary } from '../auth/users.js';
import type { Database, Queries } from '../db/queries.js';
import { NotFound, TooManyRequests } from '../errors.js';
import { newId, newSecret } from '../ids.js';

export const invitationLifetimeMs = 7 * 24 * 3_600_000;

/** Invitations one person may send in a day: enough for any team, too few to probe addresses. */
export const invitationsPerDay = 50;

export const gone = () => new NotFound('This invitation link has expired, has already been used, or is not right.');

function hashSecret(secret: string): Uint8Array {
  return sha256(new TextEncoder().encode(secret));
}

/**
 * The link to send: the token is in the fragment, which browsers never send to a server,
 * so it stays out of proxies' and servers' logs; the page posts it.
 */
export function invitationLink(publicOrigin: string, id: string, secret: string): string {
  return `${publicOrigin}/invitations#${id}.${secret}`;
}

/** What every invitation row shows, joined with its issuer (`u`). */
export const basicColumns = [
  'i.id',
  'i.email',
  'i.created_by',
  'u.display_name as inviter_name',
  'i.created_at',
  'i.expires_at',
  'i.accepted_at',
] as const;

export type BasicRow = {
  id: string;
  email: string;
  created_by: string;
  inviter_name: string;
  created_at: number;
  expires_at: number;
  accepted_at: number | null;
};

export function toBasics(row: BasicRow, now: number): InvitationBasics {
  return {
    id: row.id,
    email: row.email,
    invitedBy: { id: row.created_by, name: row.inviter_name },
    createdAt: new Date(row.created_at).toISOString(),
    expiresAt: new Date(row.expires_at).toISOString(),
    acceptedAt: row.accepted_at ? new Date(row.accepted_at).toISOString() : null,
    expired: row.accepted_at === null && row.expires_at <= now,
  };
}

export const invitationColumns = [...basicColumns, 'i.role', 'i.borough_id'] as const;

export async function toInvitation(db: Queries, row: BasicRow & { role: MemberRole | null; borough_id: string }): Promise<Invitation> {
  return {
    ...toBasics(row, db.now()),
    // Always set for an invitation to a procurement (the table's CHECK says so).
    role: row.role ?? 'viewer',
    borough: await boroughSummary(db, row.borough_id),
  };
}

/**
 * Stores a new invitation (only its secret's hash) with its audit entry; the caller has
 * checked that its issuer may. Returns the id and the secret for the one-time link.
 */
export async function issueInvitation(
  db: Database,
  invitation: { procurementId: string | null; boroughId: string; email: string; role: MemberRole | null; createdBy: string },
): Promise<{ id: string; secret: string }> {
  const id = newId();
  const secret = newSecret();
  return db.transaction(async (tx) => {
    const now = tx.now();
    const sentToday = await tx.first(
      tx.kysely
        .selectFrom('invitations')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('created_by', '=', invitation.createdBy)
        .where('created_at', '>', now - 24 * 3_600_000),
    );
    if ((sentToday?.n ?? 0) >= invitationsPerDay) {
      throw new TooManyRequests(`You have sent ${invitationsPerDay} invitations in the last 24 hours. Try again tomorrow.`, 3600);
    }
    await tx.run(
      tx.kysely.insertInto('invitations').values({
        id,
        secret_hash: hashSecret(secret),
        procurement_id: invitation.procurementId,
        borough_id: invitation.boroughId,
        email: invitation.email,
        role: invitation.role,
        created_by: invitation.createdBy,
        created_at: now,
        expires_at: now + invitationLifetimeMs,
        accepted_at: null,
        accepted_by: null,
      }),
    );
    await recordAudit(tx, {
      procurementId: invitation.procurementId,
      actorId: invitation.createdBy,
      action: invitation.procurementId ? 'invitation.created' : 'colleague-invitation.created',
      detail: { invitationId: id, email: invitation.email, ...(invitation.role ? { role: invitation.role } : {}) },
    });
    return { id, secret };
  });
}

/** The live invitation a link stands for, or 404 (unknown, wrong secret, expired or used). */
export async function openInvitation(db: Queries, token: string) {
  const dot = token.indexOf('.');
  if (dot <= 0 || token.length > 200) throw gone();
  const row = await db.first(db.kysely.selectFrom('invitations').selectAll().where('id', '=', token.slice(0, dot)));
  if (!row || !constantTimeEqual(hashSecret(token.slice(dot + 1)), new Uint8Array(row.secret_hash))) throw gone();
  if (row.accepted_at !== null || row.expires_at <= db.now()) throw gone();
  return row;
}
