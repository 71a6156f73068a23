import { inviteAcceptInput, inviteCreateInput, inviteListQuery } from '@casehub/contract';
import { Hono } from 'hono';
import type { Config } from '../../config.js';
import type { AppEnv } from '../../http/context.js';
import { requireActor } from '../../http/middleware.js';
import { publicOrigin } from '../../http/origin.js';
import { parseJson, parseQuery } from '../../http/validate.js';
import { clientOf } from '../../http/client.js';
import { setSession } from '../../http/session-cookie.js';
import type { InvitesService } from './service.js';

export function inviteRoutes({ invites, config }: { invites: InvitesService; config: Config }) {
  return new Hono<AppEnv>()
    .post('/invites', async (c) => {
      const actor = requireActor(c);
      const input = await parseJson(c, inviteCreateInput);
      const origin = publicOrigin(config, c.req.url, c.req.header('host'));
      return c.json(await invites.create(actor, input, origin), 201);
    })
    .get('/invites', async (c) => {
      const actor = requireActor(c);
      const { caseId } = parseQuery(c, inviteListQuery);
      return c.json({ invites: await invites.listPending(actor, caseId) });
    })
    .delete('/invites/:id', async (c) => {
      await invites.revoke(requireActor(c), c.req.param('id'));
      return c.body(null, 204);
    })
    .get('/invites/:token', async (c) => c.json(await invites.preview(c.req.param('token'))))
    .post('/invites/:token/accept', async (c) => {
      const input = await parseJson(c, inviteAcceptInput);
      const result = await invites.accept(c.req.param('token'), input, clientOf(c, config.trustProxyHops));
      if ('twoFactor' in result) return c.json(result);
      setSession(c, config, result.session);
      return c.json(result.me);
    });
}
