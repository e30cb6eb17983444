/**
 * The procurement API. Unscoped (`/api/procurements`): the list and creating one.
 * Scoped (`/api/procurements/:id`, membership resolved once): its details, the
 * boroughs taking part and the members. Every change to who takes part re-checks the
 * open live connections at once.
 */
import { Hono } from 'hono';
import {
  addBoroughRequest,
  addMemberRequest,
  createProcurementRequest,
  updateBoroughRequest,
  updateMemberRequest,
  updateProcurementRequest,
  whoDecidesRequest,
} from '../../../shared/api.js';
import { NotFound } from '../errors.js';
import { requireAuth, type AppEnv } from '../http/env.js';
import { idParam } from '../http/params.js';
import { membershipOf, type ScopedEnv } from '../http/procurement-scope.js';
import { readBody } from '../http/validate.js';
import type { Services } from '../services.js';
import { addBorough, addMember, removeBorough, removeMember, updateBorough, updateMember } from './participants.js';
import { createProcurement, listProcurements, procurementDetail, setLeadDecides, updateProcurement } from './procurements.js';

const boroughPattern = /^[a-z-]{2,64}$/;

/** When a procurement's document last changed, from the document log. */
const lastActivityIn = (services: Services) => async (document: string) =>
  (await services.store.writtenAt(document, Number.MAX_SAFE_INTEGER)) ?? 0;

/** `/api/procurements`: the person's procurements, and a new one. */
export function procurementListRoutes(services: Services): Hono<AppEnv> {
  const { db } = services;
  const routes = new Hono<AppEnv>();
  const lastActivity = lastActivityIn(services);

  routes.get('/', async (c) => c.json({ procurements: await listProcurements(db, requireAuth(c).user, lastActivity) }));

  routes.post('/', async (c) => {
    const { user } = requireAuth(c);
    const body = await readBody(c, createProcurementRequest);
    const id = await createProcurement(db, user, body, services.initialDocument, services.seedDocumentLog);
    // Its first state was written without the live engine: the search index learns of it here.
    services.search.indexer.documentChanged(id);
    return c.json(await procurementDetail(db, user, id, lastActivity), 201);
  });

  return routes;
}

/** `/api/procurements/:id`: details, boroughs and members. */
export function procurementRoutes(services: Services): Hono<ScopedEnv> {
  const { db } = services;
  const routes = new Hono<ScopedEnv>();
  const lastActivity = lastActivityIn(services);
  const detail = (c: Parameters<typeof membershipOf>[0]) =>
    procurementDetail(db, membershipOf(c).user, membershipOf(c).procurementId, lastActivity);

  /** Runs a change to who takes part, then re-checks the live connections at once. */
  const participantChange = async (id: string, change: () => Promise<unknown>) => {
    try {
      await change();
    } finally {
      await services.accessChanged(id);
    }
  };
  const boroughParam = (value: string | undefined) => {
    if (!boroughPattern.test(value ?? '')) throw new NotFound('That borough is not taking part in this procurement.');
    return value!;
  };

  routes.get('/', async (c) => c.json(await detail(c)));

  routes.patch('/', async (c) => {
    const member = membershipOf(c);
    await updateProcurement(db, member, await readBody(c, updateProcurementRequest));
    services.notify(member.procurementId, { type: 'procurement-changed' });
    return c.json(await detail(c));
  });

  // Who decides on suggested changes: the live connections' rights change at once.
  routes.put('/who-decides', async (c) => {
    const member = membershipOf(c);
    const { leadDecides } = await readBody(c, whoDecidesRequest);
    await participantChange(member.procurementId, () => setLeadDecides(db, member, leadDecides));
    services.notify(member.procurementId, { type: 'procurement-changed' });
    return c.json(await detail(c));
  });

  routes.post('/boroughs', async (c) => {
    const member = membershipOf(c);
    const body = await readBody(c, addBoroughRequest);
    await participantChange(member.procurementId, () => addBorough(db, member, body));
    return c.json(await detail(c), 201);
  });

  routes.patch('/boroughs/:boroughId', async (c) => {
    const member = membershipOf(c);
    const boroughId = boroughParam(c.req.param('boroughId'));
    const body = await readBody(c, updateBoroughRequest);
    await participantChange(member.procurementId, () => updateBorough(db, member, boroughId, body));
    return c.json(await detail(c));
  });

  routes.delete('/boroughs/:boroughId', async (c) => {
    const member = membershipOf(c);
    const boroughId = boroughParam(c.req.param('boroughId'));
    await participantChange(member.procurementId, () => removeBorough(db, member, boroughId));
    return c.json(await detail(c));
  });

  routes.post('/members', async (c) => {
    const member = membershipOf(c);
    const body = await readBody(c, addMemberRequest);
    await participantChange(member.procurementId, () => addMember(db, member, body));
    return c.json(await detail(c), 201);
  });

  routes.patch('/members/:userId', async (c) => {
    const member = membershipOf(c);
    const memberId = idParam(c, 'userId', 'That person is not a member of this procurement.');
    const body = await readBody(c, updateMemberRequest);
    await participantChange(member.procurementId, () => updateMember(db, member, memberId, body));
    return c.json(await detail(c));
  });

  routes.delete('/members/:userId', async (c) => {
    const member = membershipOf(c);
    const memberId = idParam(c, 'userId', 'That person is not a member of this procurement.');
    await participantChange(member.procurementId, () => removeMember(db, member, memberId));
    // Someone who removed themselves can no longer see the procurement.
    return memberId === member.user.id ? c.body(null, 204) : c.json(await detail(c));
  });

  return routes;
}
