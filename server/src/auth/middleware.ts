/** Reads the session cookie on every API request; routes that need a person call `requireAuth`. */
import type { MiddlewareHandler } from 'hono';
import type { Queries } from '../db/queries.js';
import type { AppEnv } from '../http/env.js';
import { sessionTokenFrom } from './cookie.js';
import type { Sessions } from './sessions.js';
import { findUserWithAccess } from './users.js';

export function loadSession(db: Queries, sessions: Sessions, secureCookies: boolean): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const session = await sessions.validate(sessionTokenFrom(c.req.header('cookie'), secureCookies));
    const user = session ? await findUserWithAccess(db, session.userId) : null;
    c.set('auth', session && user ? { session, user } : null);
    await next();
  };
}
