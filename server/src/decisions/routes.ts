/**
 * Decision status and borough positions, mounted at /api/procurements/:id/decisions:
 * read by every member, written as formal acts (see decisions.ts for who may).
 */
import { Hono } from 'hono';
import { recordPositionRequest, setDecisionStatusRequest } from '../../../shared/api.js';
import { decisionsOf } from '../../../shared/doc-layout.js';
import { NotFound } from '../errors.js';
import { membershipOf, type ScopedEnv } from '../http/procurement-scope.js';
import { readBody } from '../http/validate.js';
import { requirePermission } from '../procurements/access.js';
import type { Services } from '../services.js';
import { decisionRecords, recordPosition, setDecisionStatus } from './decisions.js';

const decisionIdPattern = /^[a-z0-9]{4,40}$/;

export function decisionRoutes(services: Services): Hono<ScopedEnv> {
  const { db, engine } = services;
  const routes = new Hono<ScopedEnv>();

  /** The decision must be one of the procurement's (in its live document). */
  const requireDecision = async (procurementId: string, decisionId: string) => {
    const exists =
      decisionIdPattern.test(decisionId) &&
      (await engine.readDocument(procurementId, (doc) =>
        decisionsOf(doc)
          .toArray()
          .some((d) => d.get('id') === decisionId),
      ));
    if (!exists) throw new NotFound('That decision was not found.');
  };
  const recordOf = (procurementId: string, decisionId: string) =>
    decisionRecords(db, procurementId).find((d) => d.decisionId === decisionId);

  routes.get('/', (c) => c.json({ decisions: decisionRecords(db, membershipOf(c).procurementId) }));

  routes.put('/:decisionId/position', async (c) => {
    const member = membershipOf(c);
    const decisionId = c.req.param('decisionId');
    requirePermission(member, 'speakForBorough');
    const body = await readBody(c, recordPositionRequest);
    await requireDecision(member.procurementId, decisionId);
    recordPosition(db, member, decisionId, body);
    services.notify(member.procurementId, { type: 'decisions-changed', decisionId });
    return c.json({ decision: recordOf(member.procurementId, decisionId) });
  });

  routes.put('/:decisionId/status', async (c) => {
    const member = membershipOf(c);
    const decisionId = c.req.param('decisionId');
    requirePermission(member, 'setDecisionStatus');
    const body = await readBody(c, setDecisionStatusRequest);
    await requireDecision(member.procurementId, decisionId);
    setDecisionStatus(db, member, decisionId, body);
    services.notify(member.procurementId, { type: 'decisions-changed', decisionId });
    return c.json({ decision: recordOf(member.procurementId, decisionId) });
  });

  return routes;
}
