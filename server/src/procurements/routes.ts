/** The procurement API: list, create, details, boroughs, members and invitations. */
import { Hono } from 'hono';
import {
  acceptInvitationRequest,
  addBoroughRequest,
  addMemberRequest,
  createInvitationRequest,
  createProcurementRequest,
  previewInvitationRequest,
  updateBoroughRequest,
  updateMemberRequest,
  updateProcurementRequest,
} from '../../../shared/api.js';
import { setSessionCookie } from '../auth/cookie.js';
import { userSummary } from '../auth/users.js';
import { listBoroughs } from '../boroughs.js';
import { NotFound } from '../errors.js';
import { requireAuth, type AppEnv } from '../http/env.js';
import { readBody } from '../http/validate.js';
import type { Services } from '../services.js';
import { requireStanding } from './access.js';
import { acceptInvitation, createInvitation, listInvitations, previewInvitation, revokeInvitation } from './invitations.js';
import { addBorough, addMember, removeBorough, removeMember, updateBorough, updateMember } from './participants.js';
import { createProcurement, listProcurements, procurementDetail, updateProcurement } from './procurements.js';

/** Ids in paths that cannot be ours are simply not found. */
const idPattern = /^[a-z0-9]{10,40}$/;
const boroughPattern = /^[a-z-]{2,64}$/;

export function procurementRoutes(services: Services): Hono<AppEnv> {
  const { db, config, sessions } = services;
  const routes = new Hono<AppEnv>();

  routes.get('/boroughs', (c) => c.json({ boroughs: listBoroughs(db) }));

  routes.get('/procurements', (c) => {
    const { user } = requireAuth(c);
    return c.json({ procurements: listProcurements(db, user) });
  });

  routes.post('/procurements', async (c) => {
    const { user } = requireAuth(c);
    const body = await readBody(c, createProcurementRequest);
    const id = createProcurement(db, user, body, services.initialDocument, services.seedDocumentLog);
    return c.json(procurementDetail(db, user, id), 201);
  });

  // Every route below names a procurement: unknown or not yours is 404.
  routes.use('/procurements/:id/*', async (c, next) => {
    if (!idPattern.test(c.req.param('id') ?? '')) throw new NotFound();
    await next();
  });
  routes.use('/procurements/:id', async (c, next) => {
    if (!idPattern.test(c.req.param('id') ?? '')) throw new NotFound();
    await next();
  });

  routes.get('/procurements/:id', (c) => {
    const { user } = requireAuth(c);
    return c.json(procurementDetail(db, user, c.req.param('id')));
  });

  routes.patch('/procurements/:id', async (c) => {
    const { user } = requireAuth(c);
    const id = c.req.param('id');
    requireStanding(db, user.id, id);
    updateProcurement(db, user, id, await readBody(c, updateProcurementRequest));
    services.notify(id, { type: 'procurement-changed' });
    return c.json(procurementDetail(db, user, id));
  });

  /** Runs a change to who takes part, then re-checks the live connections at once. */
  const participantChange = (id: string, change: () => void) => {
    try {
      change();
    } finally {
      services.accessChanged(id);
    }
  };

  routes.post('/procurements/:id/boroughs', async (c) => {
    const { user } = requireAuth(c);
    const id = c.req.param('id');
    requireStanding(db, user.id, id);
    const body = await readBody(c, addBoroughRequest);
    participantChange(id, () => addBorough(db, user, id, body));
    return c.json(procurementDetail(db, user, id), 201);
  });

  routes.patch('/procurements/:id/boroughs/:boroughId', async (c) => {
    const { user } = requireAuth(c);
    const id = c.req.param('id');
    requireStanding(db, user.id, id);
    const boroughId = c.req.param('boroughId');
    if (!boroughPattern.test(boroughId)) throw new NotFound('That borough is not taking part in this procurement.');
    const body = await readBody(c, updateBoroughRequest);
    participantChange(id, () => updateBorough(db, user, id, boroughId, body));
    return c.json(procurementDetail(db, user, id));
  });

  routes.delete('/procurements/:id/boroughs/:boroughId', (c) => {
    const { user } = requireAuth(c);
    const id = c.req.param('id');
    const boroughId = c.req.param('boroughId');
    if (!boroughPattern.test(boroughId)) throw new NotFound('That borough is not taking part in this procurement.');
    participantChange(id, () => removeBorough(db, user, id, boroughId));
    return c.json(procurementDetail(db, user, id));
  });

  routes.post('/procurements/:id/members', async (c) => {
    const { user } = requireAuth(c);
    const id = c.req.param('id');
    requireStanding(db, user.id, id);
    const body = await readBody(c, addMemberRequest);
    participantChange(id, () => addMember(db, user, id, body));
    return c.json(procurementDetail(db, user, id), 201);
  });

  routes.patch('/procurements/:id/members/:userId', async (c) => {
    const { user } = requireAuth(c);
    const id = c.req.param('id');
    requireStanding(db, user.id, id);
    const memberId = c.req.param('userId');
    if (!idPattern.test(memberId)) throw new NotFound('That person is not a member of this procurement.');
    const body = await readBody(c, updateMemberRequest);
    participantChange(id, () => updateMember(db, user, id, memberId, body));
    return c.json(procurementDetail(db, user, id));
  });

  routes.delete('/procurements/:id/members/:userId', (c) => {
    const { user } = requireAuth(c);
    const id = c.req.param('id');
    const memberId = c.req.param('userId');
    if (!idPattern.test(memberId)) throw new NotFound('That person is not a member of this procurement.');
    participantChange(id, () => removeMember(db, user, id, memberId));
    // Someone who removed themselves can no longer see the procurement.
    return memberId === user.id ? c.body(null, 204) : c.json(procurementDetail(db, user, id));
  });

  routes.get('/procurements/:id/invitations', (c) => {
    const { user } = requireAuth(c);
    return c.json({ invitations: listInvitations(db, user, c.req.param('id')) });
  });

  routes.post('/procurements/:id/invitations', async (c) => {
    const { user } = requireAuth(c);
    const id = c.req.param('id');
    requireStanding(db, user.id, id);
    const body = await readBody(c, createInvitationRequest);
    return c.json(createInvitation(db, user, id, body, config.publicOrigin), 201);
  });

  routes.delete('/procurements/:id/invitations/:invitationId', (c) => {
    const { user } = requireAuth(c);
    const invitationId = c.req.param('invitationId');
    if (!idPattern.test(invitationId)) throw new NotFound('That invitation was not found.');
    revokeInvitation(db, user, c.req.param('id'), invitationId);
    return c.body(null, 204);
  });

  // The link's secret travels in the body: addresses end up in proxies' logs.
  routes.post('/invitations/preview', async (c) => {
    const { token } = await readBody(c, previewInvitationRequest);
    return c.json(previewInvitation(db, token));
  });

  routes.post('/invitations/accept', async (c) => {
    const { token, ...body } = await readBody(c, acceptInvitationRequest);
    const user = await acceptInvitation(db, token, body);
    const session = sessions.create(user.id);
    setSessionCookie(c, session.token, config.secureCookies, config.sessions.absoluteLifetimeMs / 1000);
    return c.json({ user: userSummary(db, user) }, 201);
  });

  return routes;
}
