/**
 * Invitation routes. Scoped (`/api/procurements/:id/invitations`): list, create and
 * withdraw a procurement's invitations. Unscoped (`/api/invitations`): what a link
 * offers, and accepting it; the link's secret travels in the body, because addresses end
 * up in proxies' logs.
 */
import { Hono } from 'hono';
import { acceptInvitationRequest, createInvitationRequest, previewInvitationRequest } from '../../../shared/api.js';
import { setSessionCookie } from '../auth/cookie.js';
import { userSummary } from '../auth/users.js';
import type { AppEnv } from '../http/env.js';
import { idParam } from '../http/params.js';
import { membershipOf, type ScopedEnv } from '../http/procurement-scope.js';
import { readBody } from '../http/validate.js';
import { requirePermission } from '../procurements/access.js';
import type { Services } from '../services.js';
import { acceptInvitation, previewInvitation } from './accept.js';
import { createInvitation, listInvitations, revokeInvitation } from './procurement-invitations.js';

/** `/api/procurements/:id/invitations`. */
export function procurementInvitationRoutes(services: Services): Hono<ScopedEnv> {
  const { db, config } = services;
  const routes = new Hono<ScopedEnv>();

  routes.get('/', async (c) => c.json({ invitations: await listInvitations(db, membershipOf(c)) }));

  routes.post('/', async (c) => {
    const member = membershipOf(c);
    requirePermission(member, 'manageOwnBorough');
    const body = await readBody(c, createInvitationRequest);
    return c.json(await createInvitation(db, member, body, config.publicOrigin), 201);
  });

  routes.delete('/:invitationId', async (c) => {
    await revokeInvitation(db, membershipOf(c), idParam(c, 'invitationId', 'That invitation was not found.'));
    return c.body(null, 204);
  });

  return routes;
}

/** `/api/invitations`: a link's preview and its acceptance, by someone not yet signed in. */
export function invitationLinkRoutes(services: Services): Hono<AppEnv> {
  const { db, config, sessions } = services;
  const routes = new Hono<AppEnv>();

  routes.post('/preview', async (c) => {
    const { token } = await readBody(c, previewInvitationRequest);
    return c.json(await previewInvitation(db, token));
  });

  routes.post('/accept', async (c) => {
    const { token, ...details } = await readBody(c, acceptInvitationRequest);
    const user = await acceptInvitation(db, token, details);
    const session = await sessions.create(user.id);
    setSessionCookie(c, session.token, config.secureCookies, config.sessions.absoluteLifetimeMs / 1000);
    return c.json({ user: await userSummary(db, user) }, 201);
  });

  return routes;
}
