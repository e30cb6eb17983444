/**
 * The borough admin's API, mounted at /api/borough: their borough's accounts, and every
 * invitation into it (to the service, or to a procurement). One middleware checks that
 * the caller is signed in and an admin, before any body or id is looked at.
 */
import { Hono, type Context } from 'hono';
import { requestBoroughCorrection, setEmailDomainsRequest } from '../../../shared/account-boroughs.js';
import {
  approveCorrection,
  declineCorrection,
  listCorrections,
  requestCorrection,
  withdrawCorrection,
} from '../account-boroughs/corrections.js';
import { emailDomainsOf, setEmailDomains } from '../account-boroughs/email-domains.js';
import { inviteColleagueRequest, updateColleagueRequest, type BoroughPeople } from '../../../shared/api.js';
import { boroughSummary, type User } from '../auth/users.js';
import { requireAuth, type AppEnv } from '../http/env.js';
import { idParam } from '../http/params.js';
import { readBody } from '../http/validate.js';
import { createColleagueInvitation, listBoroughInvitations, withdrawBoroughInvitation } from '../invitations/borough-invitations.js';
import type { Services } from '../services.js';
import { boroughSsoRoutes } from '../sso/admin-routes.js';
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

  routes.get('/people', async (c) => {
    const admin = c.get('admin');
    const people: BoroughPeople = {
      borough: await boroughSummary(db, admin.boroughId),
      people: await listColleagues(db, admin),
      invitations: await listBoroughInvitations(db, admin),
      emailDomains: await emailDomainsOf(db, admin.boroughId),
      corrections: await listCorrections(db, admin),
    };
    return c.json(people);
  });

  routes.patch('/people/:userId', async (c) => {
    const colleagueId = idParam(c, 'userId', 'That person does not have an account in your borough.');
    const body = await readBody(c, updateColleagueRequest);
    return c.json(await updateColleague(db, sessions, c.get('admin'), colleagueId, body));
  });

  routes.post('/invitations', async (c) => {
    const body = await readBody(c, inviteColleagueRequest);
    return c.json(await createColleagueInvitation(db, c.get('admin'), body, config.publicOrigin), 201);
  });

  routes.delete('/invitations/:invitationId', async (c) => {
    await withdrawBoroughInvitation(db, c.get('admin'), idParam(c, 'invitationId', 'That invitation was not found.'));
    return c.body(null, 204);
  });

  routes.put('/email-domains', async (c) => {
    const admin = c.get('admin');
    const { domains } = await readBody(c, setEmailDomainsRequest);
    return c.json({ emailDomains: await setEmailDomains(db, admin.boroughId, domains, admin.id) });
  });

  routes.post('/corrections', async (c) => {
    const body = await readBody(c, requestBoroughCorrection);
    return c.json(await requestCorrection(db, c.get('admin'), body), 201);
  });

  const correctionId = (c: Context) => idParam(c, 'correctionId', 'That request was not found.');

  routes.post('/corrections/:correctionId/approve', async (c) => {
    const { correction, procurementIds } = await approveCorrection(db, c.get('admin'), correctionId(c));
    for (const procurementId of procurementIds) {
      await services.accessChanged(procurementId);
      services.notify(procurementId, { type: 'participants-changed' });
    }
    return c.json(correction);
  });

  routes.post('/corrections/:correctionId/decline', async (c) => c.json(await declineCorrection(db, c.get('admin'), correctionId(c))));

  routes.route('/sso', boroughSsoRoutes(services));

  routes.post('/corrections/:correctionId/withdraw', async (c) => c.json(await withdrawCorrection(db, c.get('admin'), correctionId(c))));

  return routes;
}
