import { requireActor } from '../../http/middleware.js';
import type { WebhooksService } from './service.js';
import { routes } from '../../http/endpoint.js';

/** DESIGN §10: `/api/webhooks`, `/api/webhooks/<id>`, `/api/webhooks/<id>/deliveries` (+ resend). */
export function webhookRoutes(webhooks: WebhooksService) {
  return routes((on) => {
    on('POST /api/webhooks', async (c, { body }) => {
      const actor = requireActor(c);
      const input = await body();
      return c.json(await webhooks.create(actor, input), 201);
    });
    on('GET /api/webhooks', async (c) => c.json(await webhooks.list(requireActor(c))));
    on('DELETE /api/webhooks/{id}', async (c, { params }) => {
      await webhooks.remove(requireActor(c), params.id);
      return c.body(null, 204);
    });
    on('GET /api/webhooks/{id}/deliveries', async (c, { params, query }) => {
      const actor = requireActor(c);
      const { limit } = query();
      return c.json(await webhooks.deliveries(actor, params.id, limit));
    });
    on('POST /api/webhooks/{id}/deliveries/{deliveryId}/resend', async (c, { params }) =>
      c.json(await webhooks.resend(requireActor(c), params.id, params.deliveryId), 202),
    );
  });
}
