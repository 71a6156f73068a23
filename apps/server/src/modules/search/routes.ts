import { requireActor } from '../../http/middleware.js';
import type { SearchService } from './service.js';
import { routes } from '../../http/endpoint.js';

export function searchRoutes(search: SearchService) {
  return routes((on) => {
    on('GET /api/search', async (c, { query }) => {
      const actor = requireActor(c);
      return c.json({ results: await search.search(actor, query()) });
    });
  });
}
