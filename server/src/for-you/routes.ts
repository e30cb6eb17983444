/** `/api/for-you`: the signed-in person's list of what needs them, and marking it read. */
import { Hono } from 'hono';
import { markReadRequest } from '../../../shared/comments.js';
import type { Queries } from '../db/queries.js';
import { requireAuth, type AppEnv } from '../http/env.js';
import { readBody } from '../http/validate.js';
import { forYou, markRead, unreadCount } from './notifications.js';

export function forYouRoutes(db: Queries): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get('/', async (c) => c.json(await forYou(db, requireAuth(c).user.id)));
  routes.get('/unread', async (c) => c.json({ unread: await unreadCount(db, requireAuth(c).user.id) }));
  routes.post('/read', async (c) => {
    const { user } = requireAuth(c);
    const { ids } = await readBody(c, markReadRequest);
    return c.json({ unread: await markRead(db, user.id, ids) });
  });
  return routes;
}
