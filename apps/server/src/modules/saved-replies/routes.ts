import { requireActor } from '../../http/middleware.js';
import type { SavedRepliesService } from './service.js';
import { routes } from '../../http/endpoint.js';

/** The workspace's saved replies (issue 13.6): members, declared in the endpoint table. */
export function savedReplyRoutes(replies: SavedRepliesService) {
  return routes((on) => {
    on('GET /api/saved-replies', async (c) => c.json({ replies: await replies.list(requireActor(c)) }));
    on('POST /api/saved-replies', async (c, { body }) => {
      const actor = requireActor(c);
      return c.json(await replies.create(actor, await body()), 201);
    });
    on('PATCH /api/saved-replies/{id}', async (c, { body, params }) => {
      const actor = requireActor(c);
      return c.json(await replies.update(actor, params.id, await body()));
    });
    on('DELETE /api/saved-replies/{id}', async (c, { params }) => {
      await replies.remove(requireActor(c), params.id);
      return c.body(null, 204);
    });
  });
}
