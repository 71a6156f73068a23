import { webhookCreateInput, webhookDeliveriesQuery } from '@casehub/contract';
import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { requireActor } from '../../http/middleware.js';
import { parseJson, parseQuery } from '../../http/validate.js';
import type { WebhooksService } from './service.js';

/** DESIGN §10: `/api/webhooks`, `/api/webhooks/<id>`, `/api/webhooks/<id>/deliveries` (+ resend). */
export function webhookRoutes(webhooks: WebhooksService) {
  return new Hono<AppEnv>()
    .post('/webhooks', async (c) => {
      const actor = requireActor(c);
      const input = await parseJson(c, webhookCreateInput);
      return c.json(await webhooks.create(actor, input), 201);
    })
    .get('/webhooks', async (c) => c.json(await webhooks.list(requireActor(c))))
    .delete('/webhooks/:id', async (c) => {
      await webhooks.remove(requireActor(c), c.req.param('id'));
      return c.body(null, 204);
    })
    .get('/webhooks/:id/deliveries', async (c) => {
      const actor = requireActor(c);
      const { limit } = parseQuery(c, webhookDeliveriesQuery);
      return c.json(await webhooks.deliveries(actor, c.req.param('id'), limit));
    })
    .post('/webhooks/:id/deliveries/:deliveryId/resend', async (c) =>
      c.json(await webhooks.resend(requireActor(c), c.req.param('id'), c.req.param('deliveryId')), 202),
    );
}
