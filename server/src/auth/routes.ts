/** Signing in and out, who am I, and changing one's password. */
import { Hono } from 'hono';
import { changePasswordRequest, loginRequest, type Me } from '../../../shared/api.js';
import { AppError, Invalid, TooManyRequests } from '../errors.js';
import { clientAddress } from '../http/client-address.js';
import { requireAuth, type AppEnv } from '../http/env.js';
import { readBody } from '../http/validate.js';
import type { Services } from '../services.js';
import { boroughForEmail, boroughRequiresSso } from '../sso/connections.js';
import { recordSignIn } from '../sso/identities.js';
import { clearSessionCookie, sessionTokenFrom, setSessionCookie } from './cookie.js';
import { hashPassword, verifyAgainstDummy, verifyPassword } from './passwords.js';
import { emailKey, findUserByEmail, passwordHashOf, setPasswordHash, userSummary } from './users.js';

export function authRoutes(services: Services): Hono<AppEnv> {
  const { config, db, sessions, loginLimiter, log } = services;
  const routes = new Hono<AppEnv>();

  const tooMany = (retryAfterSeconds: number) =>
    new TooManyRequests(
      `Too many failed attempts to sign in. Wait ${Math.ceil(retryAfterSeconds / 60)} minutes, then try again.`,
      retryAfterSeconds,
    );

  routes.post('/auth/login', async (c) => {
    const body = await readBody(c, loginRequest);
    const key = emailKey(body.email);
    // Decided by the address's domain alone, so it says nothing about who has an account.
    if ((await boroughForEmail(db, body.email))?.connection?.requiresSso) {
      throw new AppError(
        403,
        'sso_required',
        'Your council asks you to sign in with your council account. Choose “Sign in with your council account”.',
      );
    }
    const address = clientAddress(c, config.trustedProxies);
    // Reserved before the (slow) password check, so parallel guesses cannot pass the limit.
    const attempt = await loginLimiter.reserve(key, address);
    if (!attempt.allowed) throw tooMany(attempt.retryAfterSeconds);
    const user = await findUserByEmail(db, body.email);
    const ok = user ? await verifyPassword(user.passwordHash, body.password) : await verifyAgainstDummy(body.password);
    if (!user || !ok) {
      log.info('login-failed', { address, known: !!user });
      throw new AppError(401, 'invalid_credentials', 'Enter a correct email address and password.');
    }
    await loginLimiter.succeeded(attempt.reservation);
    // An account whose address is outside the council's single sign-on domains (said only after its password).
    if (await boroughRequiresSso(db, user.boroughId)) {
      throw new AppError(
        403,
        'sso_required',
        'Your council asks you to sign in with your council account. Choose “Sign in with your council account”.',
      );
    }
    if (!user.hasAccess) {
      log.info('login-refused-access-removed', { user: user.id });
      throw new AppError(
        403,
        'access_removed',
        "Your access to Jointly has been removed. Ask your borough's Jointly administrator if you need it back.",
      );
    }
    // A new token at every sign-in; a session already in this browser ends.
    const previous = await sessions.validate(sessionTokenFrom(c.req.header('cookie'), config.secureCookies));
    if (previous) await sessions.end([previous.id]);
    const { token } = await sessions.create(user.id);
    setSessionCookie(c, token, config.secureCookies, config.sessions.absoluteLifetimeMs / 1000);
    await recordSignIn(db, user.id, user.boroughId, { method: 'password' });
    log.info('login', { user: user.id });
    return c.json({ user: await userSummary(db, user) });
  });

  routes.post('/auth/logout', async (c) => {
    const auth = c.get('auth');
    if (auth) await sessions.end([auth.session.id]);
    clearSessionCookie(c, config.secureCookies);
    return c.body(null, 204);
  });

  routes.get('/me', async (c) => {
    const { user, session } = requireAuth(c);
    const me: Me = {
      user: await userSummary(db, user),
      isBoroughAdmin: user.isBoroughAdmin,
      session: {
        expiresAt: new Date(session.expiresAt).toISOString(),
        idleTimeoutMinutes: Math.round(sessions.policy.idleTimeoutMs / 60_000),
      },
    };
    return c.json(me);
  });

  routes.post('/auth/password', async (c) => {
    const { user, session } = requireAuth(c);
    const body = await readBody(c, changePasswordRequest);
    if (await boroughRequiresSso(db, user.boroughId)) {
      throw new AppError(
        403,
        'sso_required',
        'Your council asks everyone to sign in with their council account, so Jointly keeps no password for you.',
      );
    }
    const key = emailKey(user.email);
    const address = clientAddress(c, config.trustedProxies);
    const attempt = await loginLimiter.reserve(key, address);
    if (!attempt.allowed) throw tooMany(attempt.retryAfterSeconds);
    if (!(await verifyPassword((await passwordHashOf(db, user.id)) ?? '', body.currentPassword))) {
      throw new Invalid('Your current password is not right.', { currentPassword: 'Your current password is not right' });
    }
    await loginLimiter.succeeded(attempt.reservation);
    if (body.newPassword === body.currentPassword) {
      throw new Invalid('Choose a new password that is different from your current one.', {
        newPassword: 'Choose a different password',
      });
    }
    await setPasswordHash(db, user.id, await hashPassword(body.newPassword));
    const ended = await sessions.endAllForUser(user.id, session.id);
    log.info('password-changed', { user: user.id, sessionsEnded: ended.length });
    return c.json({ otherSessionsEnded: ended.length });
  });

  return routes;
}
