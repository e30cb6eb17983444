/**
 * Limits failed sign-ins per account and per network address over a sliding window,
 * kept in SQL so a restart does not reset an attack in progress.
 */
import type { Db } from '../db/database.js';

export interface LoginLimits {
  perAccount: number;
  perAddress: number;
  windowMs: number;
}

export type LimitVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export class LoginLimiter {
  constructor(
    private readonly db: Db,
    private readonly limits: LoginLimits,
    private readonly now: () => number = Date.now,
  ) {}

  check(emailKey: string, address: string): LimitVerdict {
    const since = this.now() - this.limits.windowMs;
    let retryAfterMs = 0;
    for (const [key, limit] of [
      [accountKey(emailKey), this.limits.perAccount],
      [addressKey(address), this.limits.perAddress],
    ] as const) {
      const failures = this.db.all(
        this.db.kysely
          .selectFrom('login_failures')
          .select('failed_at')
          .where('key', '=', key)
          .where('failed_at', '>', since)
          .orderBy('failed_at', 'desc')
          .limit(limit),
      );
      if (failures.length < limit) continue;
      // Allowed again once the oldest of the last `limit` failures leaves the window.
      const oldest = failures[failures.length - 1]!.failed_at;
      retryAfterMs = Math.max(retryAfterMs, oldest + this.limits.windowMs - this.now());
    }
    if (retryAfterMs <= 0) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) };
  }

  recordFailure(emailKey: string, address: string): void {
    const now = this.now();
    this.db.transaction(() => {
      this.db.run(
        this.db.kysely.insertInto('login_failures').values([
          { key: accountKey(emailKey), failed_at: now },
          { key: addressKey(address), failed_at: now },
        ]),
      );
      this.db.run(this.db.kysely.deleteFrom('login_failures').where('failed_at', '<=', now - this.limits.windowMs));
    });
  }

  /** A successful sign-in forgives the account's earlier failures. */
  clearAccount(emailKey: string): void {
    this.db.run(this.db.kysely.deleteFrom('login_failures').where('key', '=', accountKey(emailKey)));
  }
}

const accountKey = (emailKey: string) => `account:${emailKey}`;
const addressKey = (address: string) => `address:${address}`;
