import { searchQuery } from '@casehub/contract';
import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { requireActor } from '../../http/middleware.js';
import { parseQuery } from '../../http/validate.js';
import type { SearchService } from './service.js';

export function searchRoutes(search: SearchService) {
  return new Hono<AppEnv>().get('/search', async (c) => {
    const actor = requireActor(c);
    const query = parseQuery(c, searchQuery);
    return c.json({ results: await search.search(actor, query) });
  });
}
