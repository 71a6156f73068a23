import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../http/context.js';
import { requireActor } from '../../http/middleware.js';
import { parseQuery } from '../../http/validate.js';
import type { SearchService } from './service.js';

export const searchQuery = z.object({
  q: z.string().trim().min(1, 'type something to search for').max(500),
  caseId: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});

export function searchRoutes(search: SearchService) {
  return new Hono<AppEnv>().get('/search', async (c) => {
    const actor = requireActor(c);
    const query = parseQuery(c, searchQuery);
    return c.json({ results: await search.search(actor, query) });
  });
}
