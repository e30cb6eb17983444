/**
 * `/api/borough/sso`: a borough admin's connection to their Entra ID tenant. Mounted
 * inside the borough admin's routes, whose middleware has already checked the caller.
 */
import { Hono } from 'hono';
import type { User } from '../auth/users.js';
import type { AppEnv } from '../http/env.js';
import { readBody } from '../http/validate.js';
import type { Services } from '../services.js';
import { setBoroughSsoRequest } from '../../../shared/sso.js';
import { boroughSsoView, removeConnection, setConnection } from './connections.js';
import { callbackPath } from './routes.js';

type AdminEnv = { Variables: AppEnv['Variables'] & { admin: User } };

/** Read, set and remove the admin's own borough's connection (never its secret). */
export function boroughSsoRoutes(services: Services): Hono<AdminEnv> {
  const { db, config } = services;
  const routes = new Hono<AdminEnv>();
  const view = (boroughId: string) => boroughSsoView(db, config.sso, config.publicOrigin + callbackPath, boroughId);

  routes.get('/', async (c) => c.json(await view(c.get('admin').boroughId)));

  routes.put('/', async (c) => {
    const admin = c.get('admin');
    const body = await readBody(c, setBoroughSsoRequest);
    await setConnection(db, config.sso, admin.boroughId, body, admin.id);
    return c.json(await view(admin.boroughId));
  });

  routes.delete('/', async (c) => {
    const admin = c.get('admin');
    await removeConnection(db, admin.boroughId, admin.id);
    return c.json(await view(admin.boroughId));
  });

  return routes;
}
