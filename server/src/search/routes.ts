/**
 * `/api/search?q=…`: everything the signed-in person can see that has the words. Any
 * text is a valid search (see query.ts); only a search longer than the box allows is
 * refused, with nothing done.
 */
import { Hono } from 'hono';
import { searchLimit, searchQuery, type SearchResponse } from '../../../shared/search.js';
import { Invalid } from '../errors.js';
import { requireAuth, type AppEnv } from '../http/env.js';
import { searchWords } from './query.js';
import type { SearchIndex } from './search-index.js';

export function searchRoutes(index: SearchIndex): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get('/', async (c) => {
    const { user } = requireAuth(c);
    const parsed = searchQuery.safeParse({ q: c.req.query('q') });
    if (!parsed.success)
      throw new Invalid(parsed.error.issues[0]?.message ?? 'The search is not valid.', { q: parsed.error.issues[0]?.message ?? '' });
    const { q } = parsed.data;
    const body: SearchResponse = { query: q, results: await index.search(user.id, searchWords(q), searchLimit) };
    return c.json(body);
  });
  return routes;
}
