import { requireActor } from '../../http/middleware.js';
import { routes } from '../../http/endpoint.js';
import type { SavedViewsService } from './service.js';

/** Saved views of cases (issue 17.4): members, declared in the endpoint table (guests get 404 before the body is read). */
export function viewRoutes(views: SavedViewsService) {
  return routes((on) => {
    on('GET /api/views', async (c) => c.json({ views: await views.list(requireActor(c)) }));
    on('POST /api/views', async (c, { body }) => {
      const actor = requireActor(c);
      return c.json(await views.create(actor, await body()), 201);
    });
    on('PATCH /api/views/{id}', async (c, { params, body }) => {
      const actor = requireActor(c);
      return c.json(await views.update(actor, params.id, await body()));
    });
    on('DELETE /api/views/{id}', async (c, { params }) => {
      await views.remove(requireActor(c), params.id);
      return c.body(null, 204);
    });
  });
}
