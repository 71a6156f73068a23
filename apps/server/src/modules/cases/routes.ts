import { requireActor } from '../../http/middleware.js';
import type { CasesService } from './service.js';
import { routes } from '../../http/endpoint.js';

export function caseRoutes(cases: CasesService) {
  return routes((on) => {
    on('GET /api/cases', async (c, { query }) => c.json(await cases.list(requireActor(c), query())));
    on('POST /api/cases', async (c, { body }) => {
      const actor = requireActor(c);
      return c.json(await cases.create(actor, await body(), { requireCustom: true }), 201);
    });
    on('GET /api/cases/{id}', async (c, { params }) => c.json(await cases.get(requireActor(c), params.id)));
    on('PATCH /api/cases/{id}', async (c, { body, params }) => {
      const actor = requireActor(c);
      return c.json(await cases.patch(actor, params.id, await body()));
    });
    on('POST /api/cases/{id}/members', async (c, { body, params }) => {
      const actor = requireActor(c);
      return c.json(await cases.addMember(actor, params.id, await body()));
    });
    on('DELETE /api/cases/{id}/members/{userId}', async (c, { params }) => {
      await cases.removeMember(requireActor(c), params.id, params.userId);
      return c.body(null, 204);
    });
  });
}
