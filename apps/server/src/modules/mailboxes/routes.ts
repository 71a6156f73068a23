import { requireActor } from '../../http/middleware.js';
import type { MailboxesService } from './service.js';
import { routes } from '../../http/endpoint.js';

/** DESIGN §10: `/api/mailboxes`, `/api/mailboxes/<id>`, and `/api/mailboxes/test` (a connection test, nothing stored). */
export function mailboxRoutes(mailboxes: MailboxesService) {
  return routes((on) => {
    on('POST /api/mailboxes', async (c, { body }) => {
      const actor = requireActor(c);
      mailboxes.authorize(actor);
      return c.json(await mailboxes.create(actor, await body()), 201);
    });
    on('POST /api/mailboxes/test', async (c, { body }) => {
      const actor = requireActor(c);
      mailboxes.authorize(actor);
      return c.json(await mailboxes.test(actor, await body()));
    });
    on('GET /api/mailboxes', async (c) => c.json(await mailboxes.list(requireActor(c))));
    on('GET /api/mailboxes/senders', async (c) => c.json(await mailboxes.senders(requireActor(c))));
    on('DELETE /api/mailboxes/{id}', async (c, { params }) => {
      await mailboxes.remove(requireActor(c), params.id);
      return c.body(null, 204);
    });
  });
}
