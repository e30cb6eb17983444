/**
 * `/api/sso`: signing in with a council account, and linking one to an account.
 *
 * - `POST /start` with an email (its domain finds the borough) or a borough: where the
 *   browser goes next, and a cookie with the attempt's `state`.
 * - `GET /callback`: where the tenant sends the browser back. Success starts the usual
 *   session; any failure goes back to the sign-in page with the outcome, with no session.
 * - `GET /account` and `POST /link`: the signed-in person's side (link only with their
 *   password confirmed).
 * - `GET /boroughs`: the boroughs one can choose on the sign-in page.
 */
import { Hono, type Context } from 'hono';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import { domainOf } from '../../../shared/account-boroughs.js';
import { startSsoLinkRequest, startSsoRequest, ssoOutcomes, type SsoAccount, type StartSso } from '../../../shared/sso.js';
import { sessionTokenFrom, setSessionCookie } from '../auth/cookie.js';
import { verifyPassword } from '../auth/passwords.js';
import { emailKey, passwordHashOf } from '../auth/users.js';
import { AppError, Invalid, TooManyRequests } from '../errors.js';
import { clientAddress } from '../http/client-address.js';
import { requireAuth, type AppEnv } from '../http/env.js';
import { readBody } from '../http/validate.js';
import type { Services } from '../services.js';
import { boroughForEmail, connectionOf, type Connection } from './connections.js';
import { linkedAt, recordSignIn } from './identities.js';
import { finishAttempt, startAttempt, type Attempt, type FlowParts } from './sign-in-flow.js';
import { TenantUnavailable, type Tenants } from './tenants.js';

/** Where Entra sends people back, as registered in each borough's application. */
export const callbackPath = '/api/sso/callback';

/** The routes above; `tenants` holds the discovery documents and keys between sign-ins. */
export function ssoRoutes(services: Services, tenants: Tenants): Hono<AppEnv> {
  const { config, db, sessions, loginLimiter, log } = services;
  const routes = new Hono<AppEnv>();
  const parts: FlowParts = {
    db,
    clock: services.clock,
    config: config.sso,
    tenants,
    log: log.child('sso'),
    redirectUri: config.publicOrigin + callbackPath,
  };
  const attemptCookie = config.secureCookies ? '__Host-jointly_sso' : 'jointly_sso';
  const cookieOptions = { httpOnly: true, sameSite: 'Lax', path: '/', secure: config.secureCookies } as const;

  const boroughName = async (id: string) =>
    (await db.first(db.kysely.selectFrom('boroughs').select('name').where('id', '=', id)))?.name ?? id;

  const begin = async (c: Context, connection: Connection, attempt: Attempt): Promise<StartSso> => {
    let started;
    try {
      started = await startAttempt(parts, connection, attempt);
    } catch (error) {
      if (!(error instanceof TenantUnavailable)) throw error;
      log.warn('sso-tenant-unavailable', { borough: connection.boroughId, error: error.message });
      throw new AppError(503, 'sso_unavailable', ssoOutcomes.unavailable);
    }
    setCookie(c, attemptCookie, started.state, { ...cookieOptions, maxAge: config.sso.attemptLifetimeMs / 1000 });
    return { redirectUrl: started.redirectUrl };
  };

  routes.get('/boroughs', async (c) => {
    const rows = await db.all(
      db.kysely
        .selectFrom('borough_sso as s')
        .innerJoin('boroughs as b', 'b.id', 's.borough_id')
        .select(['b.id', 'b.name'])
        .orderBy('b.name'),
    );
    return c.json({ boroughs: rows });
  });

  routes.post('/start', async (c) => {
    const body = await readBody(c, startSsoRequest);
    if ('email' in body) {
      const found = await boroughForEmail(db, body.email);
      if (!found) {
        throw new Invalid(
          `We do not know which council ${domainOf(body.email)} belongs to. Sign in with your password, or choose your borough.`,
          { ssoEmail: `We do not know which council ${domainOf(body.email)} belongs to` },
        );
      }
      if (!found.connection) {
        const message = `${await boroughName(found.boroughId)} has not set up sign-in with council accounts. Sign in with your password.`;
        throw new Invalid(message, { ssoEmail: message });
      }
      return c.json(await begin(c, found.connection, { purpose: 'sign-in', loginHint: body.email }));
    }
    const connection = await connectionOf(db, body.boroughId);
    if (!connection) {
      const message = `${await boroughName(body.boroughId)} has not set up sign-in with council accounts. Sign in with your password.`;
      throw new Invalid(message, { boroughId: message });
    }
    return c.json(await begin(c, connection, { purpose: 'sign-in' }));
  });

  routes.get('/callback', async (c) => {
    const cookieState = getCookie(c, attemptCookie) ?? null;
    deleteCookie(c, attemptCookie, cookieOptions);
    const auth = c.get('auth');
    const query = new URL(c.req.url).searchParams;
    const result = await finishAttempt(parts, query, cookieState, auth?.user.id ?? null);
    if (result.kind === 'failed') {
      if (result.purpose === 'link') return c.redirect(`/account/password?sso=${result.outcome}`, 303);
      const retry = result.outcome === 'unavailable' && result.boroughId ? `&borough=${encodeURIComponent(result.boroughId)}` : '';
      return c.redirect(`/sign-in?sso=${result.outcome}${retry}`, 303);
    }
    if (result.kind === 'linked') return c.redirect('/account/password?sso=linked', 303);
    // As after a password: a new session, and any other one in this browser ends.
    const previous = await sessions.validate(sessionTokenFrom(c.req.header('cookie'), config.secureCookies));
    if (previous) await sessions.end([previous.id]);
    const { token } = await sessions.create(result.user.id);
    setSessionCookie(c, token, config.secureCookies, config.sessions.absoluteLifetimeMs / 1000);
    await recordSignIn(db, result.user.id, result.user.boroughId, { method: 'council-account', tenantId: result.tenantId });
    log.info('login', { user: result.user.id, method: 'council-account' });
    return c.redirect('/procurements', 303);
  });

  routes.get('/account', async (c) => {
    const { user } = requireAuth(c);
    const connection = await connectionOf(db, user.boroughId);
    const at = await linkedAt(db, user.id);
    const account: SsoAccount = {
      available: !!connection,
      required: connection?.requiresSso ?? false,
      linkedAt: at === null ? null : new Date(at).toISOString(),
      hasPassword: !!(await passwordHashOf(db, user.id)),
    };
    return c.json(account);
  });

  routes.post('/link', async (c) => {
    const { user } = requireAuth(c);
    const body = await readBody(c, startSsoLinkRequest);
    const connection = await connectionOf(db, user.boroughId);
    if (!connection) throw new Invalid(ssoOutcomes['not-configured']);
    const attempt = await loginLimiter.reserve(emailKey(user.email), clientAddress(c, config.trustedProxies));
    if (!attempt.allowed) {
      throw new TooManyRequests(
        `Too many wrong passwords. Wait ${Math.ceil(attempt.retryAfterSeconds / 60)} minutes, then try again.`,
        attempt.retryAfterSeconds,
      );
    }
    if (!(await verifyPassword((await passwordHashOf(db, user.id)) ?? '', body.currentPassword))) {
      throw new Invalid('Your password is not right.', { currentPassword: 'Your password is not right' });
    }
    await loginLimiter.succeeded(attempt.reservation);
    return c.json(await begin(c, connection, { purpose: 'link', userId: user.id }));
  });

  return routes;
}
