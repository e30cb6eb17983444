/** `/api/for-you`: the signed-in person's list of what needs them, and marking it read. */
import { Hono } from 'hono';
import { markReadRequest } from '../../../shared/comments.js';
import type { Db } from '../db/database.js';
import { requireAuth, type AppEnv } from '../http/env.js';
import { readBody } from '../http/validate.js';
import { forYou, markRead, unreadCount } from './notifications.js';

export function forYouRoutes(db: Db): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get('/', (c) => c.json(forYou(db, requireAuth(c).user.id)));
  routes.get('/unread', (c) => c.json({ unread: unreadCount(db, requireAuth(c).user.id) }));
  routes.post('/read', async (c) => {
    const { user } = requireAuth(c);
    const { ids } = await readBody(c, markReadRequest);
    return c.json({ unread: markRead(db, user.id, ids) });
  });
  return routes;
}
