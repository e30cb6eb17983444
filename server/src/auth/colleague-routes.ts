/** The borough admin's API: their borough's accounts and invitations to the service. */
import { Hono } from 'hono';
import { inviteColleagueRequest, updateColleagueRequest, type BoroughPeople } from '../../../shared/api.js';
import { NotFound } from '../errors.js';
import { requireAuth, type AppEnv } from '../http/env.js';
import { readBody } from '../http/validate.js';
import { createColleagueInvitation, listColleagueInvitations, withdrawColleagueInvitation } from '../procurements/invitations.js';
import type { Services } from '../services.js';
import { listColleagues, requireBoroughAdmin, updateColleague } from './colleagues.js';
import { boroughSummary } from './users.js';

const idPattern = /^[a-z0-9]{10,40}$/;

export function colleagueRoutes(services: Services): Hono<AppEnv> {
  const { db, sessions, config } = services;
  const routes = new Hono<AppEnv>();

  routes.get('/borough/people', (c) => {
    const { user } = requireAuth(c);
    const people: BoroughPeople = {
      borough: boroughSummary(db, user.boroughId),
      people: listColleagues(db, user),
      invitations: listColleagueInvitations(db, user),
    };
    return c.json(people);
  });

  // Someone who is not an admin hears so before any complaint about the body or the id.
  routes.patch('/borough/people/:userId', async (c) => {
    const { user } = requireAuth(c);
    requireBoroughAdmin(user);
    const colleagueId = c.req.param('userId');
    if (!idPattern.test(colleagueId)) throw new NotFound('That person does not have an account in your borough.');
    const body = await readBody(c, updateColleagueRequest);
    return c.json(updateColleague(db, sessions, user, colleagueId, body));
  });

  routes.post('/borough/invitations', async (c) => {
    const { user } = requireAuth(c);
    requireBoroughAdmin(user);
    const body = await readBody(c, inviteColleagueRequest);
    return c.json(createColleagueInvitation(db, user, body, config.publicOrigin), 201);
  });

  routes.delete('/borough/invitations/:invitationId', (c) => {
    const { user } = requireAuth(c);
    requireBoroughAdmin(user);
    const invitationId = c.req.param('invitationId');
    if (!idPattern.test(invitationId)) throw new NotFound('That invitation was not found.');
    withdrawColleagueInvitation(db, user, invitationId);
    return c.body(null, 204);
  });

  return routes;
}
