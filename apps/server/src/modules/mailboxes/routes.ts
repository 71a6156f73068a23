import { mailboxCreateInput } from '@casehub/contract';
import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { requireActor } from '../../http/middleware.js';
import { parseJson } from '../../http/validate.js';
import type { MailboxesService } from './service.js';

/** DESIGN §10: `/api/mailboxes`, `/api/mailboxes/<id>`, and `/api/mailboxes/test` (a connection test, nothing stored). */
export function mailboxRoutes(mailboxes: MailboxesService) {
  return new Hono<AppEnv>()
    .post('/mailboxes', async (c) => {
      const actor = requireActor(c);
      mailboxes.authorize(actor);
      return c.json(await mailboxes.create(actor, await parseJson(c, mailboxCreateInput)), 201);
    })
    .post('/mailboxes/test', async (c) => {
      const actor = requireActor(c);
      mailboxes.authorize(actor);
      return c.json(await mailboxes.test(actor, await parseJson(c, mailboxCreateInput)));
    })
    .get('/mailboxes', async (c) => c.json(await mailboxes.list(requireActor(c))))
    .get('/mailboxes/senders', async (c) => c.json(await mailboxes.senders(requireActor(c))))
    .delete('/mailboxes/:id', async (c) => {
      await mailboxes.remove(requireActor(c), c.req.param('id'));
      return c.body(null, 204);
    });
}
