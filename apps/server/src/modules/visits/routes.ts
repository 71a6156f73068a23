import { requireActor } from '../../http/middleware.js';
import { routes } from '../../http/endpoint.js';
import type { VisitsService } from './service.js';

export function visitRoutes(visits: VisitsService) {
  return routes((on) => {
    on('POST /api/cases/{id}/visit', async (c, { params }) => c.json(await visits.visit(requireActor(c), params.id)));
    on('POST /api/cases/{id}/seen', async (c, { params, body }) => {
      await visits.seen(requireActor(c), params.id, (await body()).through);
      return c.body(null, 204);
    });
    on('GET /api/cases/{id}/views', async (c, { params }) => c.json(await visits.views(requireActor(c), params.id)));
  });
}
