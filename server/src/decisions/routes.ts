/** Decision status and borough positions: read by every member, written as formal acts. */
import { Hono } from 'hono';
import { recordPositionRequest, setDecisionStatusRequest } from '../../../shared/api.js';
import { decisionsOf } from '../../../shared/doc-layout.js';
import { NotFound } from '../errors.js';
import { requireAuth, type AppEnv } from '../http/env.js';
import { readBody } from '../http/validate.js';
import { requireStanding } from '../procurements/access.js';
import type { Services } from '../services.js';
import { decisionRecords, recordPosition, setDecisionStatus } from './decisions.js';

const decisionIdPattern = /^[a-z0-9]{4,40}$/;

export function decisionRoutes(services: Services): Hono<AppEnv> {
  const { db, engine } = services;
  const routes = new Hono<AppEnv>();

  /** The decision must be one of the procurement's (in its live document). */
  const requireDecision = async (procurementId: string, decisionId: string) => {
    const exists =
      decisionIdPattern.test(decisionId) &&
      (await engine.readDocument(procurementId, (doc) => decisionsOf(doc).toArray().some((d) => d.get('id') === decisionId)));
    if (!exists) throw new NotFound('That decision was not found.');
  };

  routes.get('/procurements/:id/decisions', (c) => {
    const { user } = requireAuth(c);
    const id = c.req.param('id');
    requireStanding(db, user.id, id);
    return c.json({ decisions: decisionRecords(db, id) });
  });

  routes.put('/procurements/:id/decisions/:decisionId/position', async (c) => {
    const { user } = requireAuth(c);
    const id = c.req.param('id');
    const decisionId = c.req.param('decisionId');
    requireStanding(db, user.id, id);
    const body = await readBody(c, recordPositionRequest);
    await requireDecision(id, decisionId);
    recordPosition(db, user, id, decisionId, body);
    services.notify(id, { type: 'decisions-changed', decisionId });
    return c.json({ decision: decisionRecords(db, id).find((d) => d.decisionId === decisionId) });
  });

  routes.put('/procurements/:id/decisions/:decisionId/status', async (c) => {
    const { user } = requireAuth(c);
    const id = c.req.param('id');
    const decisionId = c.req.param('decisionId');
    requireStanding(db, user.id, id);
    const body = await readBody(c, setDecisionStatusRequest);
    await requireDecision(id, decisionId);
    setDecisionStatus(db, user, id, decisionId, body);
    services.notify(id, { type: 'decisions-changed', decisionId });
    return c.json({ decision: decisionRecords(db, id).find((d) => d.decisionId === decisionId) });
  });

  return routes;
}
