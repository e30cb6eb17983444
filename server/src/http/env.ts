/** What every API request carries through Hono's context. */
import type { Context } from 'hono';
import type { Session } from '../auth/sessions.js';
import type { User } from '../auth/users.js';
import { Unauthenticated } from '../errors.js';

export interface RequestAuth {
  session: Session;
  user: User;
}

export type AppEnv = { Variables: { auth: RequestAuth | null } };

/** The signed-in person, or a 401. */
export function requireAuth<E extends AppEnv, P extends string, I extends object>(c: Context<E, P, I>): RequestAuth {
  const auth = (c as unknown as Context<AppEnv>).get('auth');
  if (!auth) throw new Unauthenticated();
  return auth;
}
