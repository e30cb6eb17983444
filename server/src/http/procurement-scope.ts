/**
 * Every route under /api/procurements/:id goes through this once: the id must look like
 * one of ours, the person must be signed in, and their membership is resolved (or the
 * answer is 404, so that existence does not leak). Handlers then read `membership` and
 * ask the policy (procurements/access.ts) for what they do.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { Queries } from '../db/queries.js';
import { notAMember, requireMembership, type Membership } from '../procurements/access.js';
import { requireAuth, type AppEnv } from './env.js';
import { idPattern } from './params.js';

export type ScopedEnv = { Variables: AppEnv['Variables'] & { membership: Membership } };

export function procurementScope(db: Queries): MiddlewareHandler<ScopedEnv> {
  return async (c, next) => {
    const id = c.req.param('id') ?? '';
    if (!idPattern.test(id)) throw notAMember();
    const { user } = requireAuth(c);
    c.set('membership', await requireMembership(db, user, id));
    await next();
  };
}

/** The membership the scope resolved for this request. */
export function membershipOf(c: Context<ScopedEnv>): Membership {
  return c.get('membership');
}
