/**
 * Limits password attempts per account and per network address over a sliding window,
 * kept in SQL so a restart does not reset an attack in progress.
 *
 * An attempt is *reserved* before the password is checked: the check and the record of
 * the attempt happen in one write transaction, so 200 guesses sent at once verify
 * at most the limit and the rest are refused. (Checking first and recording the failure
 * after the slow password hash let every parallel guess through the check.) A correct
 * password releases its reservation and forgives the account's earlier failures.
 *
 * IPv6 addresses count per /64, the block one household or office is given: one
 * machine can use a fresh address of its /64 for every request.
 */
import { sql } from 'kysely';
import { isIPv6 } from 'node:net';
import type { Database, Dialect } from '../db/queries.js';

export interface LoginLimits {
  perAccount: number;
  perAddress: number;
  windowMs: number;
}

/** One attempt that passed the limits; its rows stand as failures unless released. */
export interface Reservation {
  readonly emailKey: string;
  /** The attempt's own rows (the table has no id: see `rowIdentity`). */
  readonly rowIds: readonly (number | string)[];
}

export type Reserved = { allowed: true; reservation: Reservation } | { allowed: false; retryAfterSeconds: number };

export class LoginLimiter {
  constructor(
    private readonly db: Database,
    private readonly limits: LoginLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** Reserves an attempt for the account and the address, or says how long to wait. */
  reserve(emailKey: string, address: string): Promise<Reserved> {
    const { db, limits } = this;
    const keys = [
      [accountKey(emailKey), limits.perAccount],
      [addressKey(address), limits.perAddress],
    ] as const;
    return db.transaction(async (tx): Promise<Reserved> => {
      const now = this.now();
      const since = now - limits.windowMs;
      let retryAfterMs = 0;
      for (const [key, limit] of keys) {
        const attempts = await tx.all(
          tx.kysely
            .selectFrom('login_failures')
            .select('failed_at')
            .where('key', '=', key)
            .where('failed_at', '>', since)
            .orderBy('failed_at', 'desc')
            .limit(limit),
        );
        if (attempts.length < limit) continue;
        // Allowed again once the oldest of the last `limit` attempts leaves the window.
        retryAfterMs = Math.max(retryAfterMs, attempts[attempts.length - 1]!.failed_at + limits.windowMs - now);
      }
      if (retryAfterMs > 0) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) };
      const rowIds: (number | string)[] = [];
      for (const [key] of keys) {
        const inserted = await tx.first(
          tx.kysely
            .insertInto('login_failures')
            .values({ key, failed_at: now })
            .returning(sql<number | string>`${sql.ref(rowIdentity(tx.dialect))}`.as('row_id')),
        );
        rowIds.push(inserted!.row_id);
      }
      await tx.run(tx.kysely.deleteFrom('login_failures').where('failed_at', '<=', since));
      return { allowed: true, reservation: { emailKey, rowIds } };
    });
  }

  /** The password was right: the attempt was no failure, and the account's earlier ones are forgiven. */
  async succeeded(reservation: Reservation): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.run(tx.kysely.deleteFrom('login_failures').where(tx.inList(rowIdentity(tx.dialect), reservation.rowIds)));
      await tx.run(tx.kysely.deleteFrom('login_failures').where('key', '=', accountKey(reservation.emailKey)));
    });
  }
}

/**
 * The column that tells one attempt's row from another's with the same key and time:
 * SQLite's rowid; PostgreSQL's ctid, which stays put while a row is not updated (these
 * rows never are).
 */
const rowIdentity = (dialect: Dialect) => (dialect === 'sqlite' ? 'rowid' : 'ctid');

const accountKey = (emailKey: string) => `account:${emailKey}`;
const addressKey = (address: string) => `address:${addressBlock(address)}`;

/** An IPv4 address as it is; an IPv6 address as its /64 (`2001:db8:1:2::/64`). */
export function addressBlock(address: string): string {
  const groups = isIPv6(address) ? ipv6Groups(address) : null;
  return groups ? `${groups.slice(0, 4).join(':')}::/64` : address;
}

/** The eight groups of an IPv6 address, in lower-case hex without leading zeros. */
function ipv6Groups(address: string): string[] | null {
  const halves = address.split('%')[0]!.split('::');
  if (halves.length > 2) return null;
  const split = (half: string) => (half === '' ? [] : half.split(':'));
  const head = split(halves[0]!);
  const tail = halves.length === 2 ? split(halves[1]!) : [];
  // An embedded IPv4 address (::ffff:192.0.2.1) is the last two groups.
  const last = tail.length > 0 ? tail : head;
  const ipv4 = last.at(-1)?.includes('.') ? last.pop()!.split('.').map(Number) : null;
  if (ipv4) last.push(((ipv4[0]! << 8) | ipv4[1]!).toString(16), ((ipv4[2]! << 8) | ipv4[3]!).toString(16));
  const missing = 8 - head.length - tail.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return null;
  return [...head, ...Array<string>(missing).fill('0'), ...tail].map((group) => parseInt(group, 16).toString(16));
}
