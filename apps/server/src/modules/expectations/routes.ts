import { requireActor } from '../../http/middleware.js';
import type { ExpectationsService } from './service.js';
import { routes } from '../../http/endpoint.js';

export function expectationRoutes(expectations: ExpectationsService) {
  return routes((on) => {
    on('POST /api/cases/{id}/expectations', async (c, { body, params }) => {
      const actor = requireActor(c);
      const input = await body();
      return c.json(await expectations.record(actor, params.id, input), 201);
    });
    on('PATCH /api/cases/{id}/expectations/{eid}', async (c, { body, params }) => {
      const actor = requireActor(c);
      const edit = await body();
      await expectations.change(actor, params.id, params.eid, edit);
      return c.body(null, 204);
    });
    on('GET /api/expectations', async (c, { query }) => {
      const actor = requireActor(c);
      return c.json(await expectations.list(actor, query()));
    });
    on('GET /api/expectations/stats', async (c, { query }) => c.json(await expectations.stats(requireActor(c), query())));
  });
}
