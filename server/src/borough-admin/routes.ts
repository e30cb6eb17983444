/**
 * The borough admin's API, mounted at /api/borough: their borough's accounts, and every
 * invitation into it (to the service, or to a procurement). One middleware checks that
 * the caller is signed in and an admin, before any body or id is looked at.
 */
import { Hono } from 'hono';
import { inviteColleagueRequest, updateColleagueRequest, type BoroughPeople } from '../../../shared/api.js';
import { boroughSummary, type User } from '../auth/users.js';
import { requireAuth, type AppEnv } from '../http/env.js';
import { idParam } from '../http/params.js';
import { readBody } from '../http/validate.js';
import { createColleagueInvitation, listBoroughInvitations, withdrawBoroughInvitation } from '../invitations/borough-invitations.js';
import type { Services } from '../services.js';
import { listColleagues, requireBoroughAdmin, updateColleague } from './colleagues.js';

type AdminEnv = { Variables: AppEnv['Variables'] & { admin: User } };

export function boroughAdminRoutes(services: Services): Hono<AdminEnv> {
  const { db, sessions, config } = services;
  const routes = new Hono<AdminEnv>();

  routes.use('*', async (c, next) => {
    const { user } = requireAuth(c);
    requireBoroughAdmin(user);
    c.set('admin', user);
    await next();
  });

  routes.get('/people', (c) => {
    const admin = c.get('admin');
    const people: BoroughPeople = {
      borough: boroughSummary(db, admin.boroughId),
      people: listColleagues(db, admin),
      invitations: listBoroughInvitations(db, admin),
    };
    return c.json(people);
  });

  routes.patch('/people/:userId', async (c) => {
    const colleagueId = idParam(c, 'userId', 'That person does not have an account in your borough.');
    const body = await readBody(c, updateColleagueRequest);
    return c.json(updateColleague(db, sessions, c.get('admin'), colleagueId, body));
  });

  routes.post('/invitations', async (c) => {
    const body = await readBody(c, inviteColleagueRequest);
    return c.json(createColleagueInvitation(db, c.get('admin'), body, config.publicOrigin), 201);
  });

  routes.delete('/invitations/:invitationId', (c) => {
    withdrawBoroughInvitation(db, c.get('admin'), idParam(c, 'invitationId', 'That invitation was not found.'));
    return c.body(null, 204);
  });

  return routes;
}
