/**
 * Decision status and borough positions, mounted at /api/procurements/:id/decisions:
 * read by every member, written as formal acts (see decisions.ts for the rule). What
 * each position is about is read from the live document as it is at that moment.
 */
import { Hono } from 'hono';
import { recordPositionRequest, setDecisionStatusRequest } from '../../../shared/decisions.js';
import { NotFound } from '../errors.js';
import { membershipOf, type ScopedEnv } from '../http/procurement-scope.js';
import { readBody } from '../http/validate.js';
import { requirePermission } from '../procurements/access.js';
import type { Services } from '../services.js';
import { decisionRecords, recordPosition, setDecisionStatus } from './decisions.js';
import { proposalsIn, type Proposal } from './proposal.js';

const decisionIdPattern = /^[a-z0-9]{4,40}$/;

export function decisionRoutes(services: Services): Hono<ScopedEnv> {
  const { db, engine } = services;
  const routes = new Hono<ScopedEnv>();

  const proposals = (procurementId: string) => engine.readDocument(procurementId, proposalsIn);

  /** The decision must be one of the procurement's (in its live document); its proposal now. */
  const requireDecision = async (procurementId: string, decisionId: string): Promise<Proposal | null> => {
    const all = decisionIdPattern.test(decisionId) ? await proposals(procurementId) : new Map<string, Proposal | null>();
    if (!all.has(decisionId)) throw new NotFound('That decision was not found.');
    return all.get(decisionId) ?? null;
  };
  const recordOf = async (procurementId: string, decisionId: string) =>
    (await decisionRecords(db, procurementId, await proposals(procurementId))).find((d) => d.decisionId === decisionId);

  routes.get('/', async (c) => {
    const { procurementId } = membershipOf(c);
    return c.json({ decisions: await decisionRecords(db, procurementId, await proposals(procurementId)) });
  });

  routes.put('/:decisionId/position', async (c) => {
    const member = membershipOf(c);
    const decisionId = c.req.param('decisionId');
    requirePermission(member, 'speakForBorough');
    const body = await readBody(c, recordPositionRequest);
    const proposal = await requireDecision(member.procurementId, decisionId);
    await recordPosition(db, member, decisionId, body, proposal);
    services.notify(member.procurementId, { type: 'decisions-changed', decisionId });
    return c.json({ decision: await recordOf(member.procurementId, decisionId) });
  });

  routes.put('/:decisionId/status', async (c) => {
    const member = membershipOf(c);
    const decisionId = c.req.param('decisionId');
    requirePermission(member, 'setDecisionStatus');
    const body = await readBody(c, setDecisionStatusRequest);
    const proposal = await requireDecision(member.procurementId, decisionId);
    await setDecisionStatus(db, member, decisionId, body, proposal);
    services.notify(member.procurementId, { type: 'decisions-changed', decisionId });
    return c.json({ decision: await recordOf(member.procurementId, decisionId) });
  });

  return routes;
}
