import type { Config } from '../../config.js';
import { requireActor } from '../../http/middleware.js';
import { publicOrigin } from '../../http/origin.js';
import { clientOf } from '../../http/client.js';
import { setSession } from '../../http/session-cookie.js';
import type { InvitesService } from './service.js';
import { routes } from '../../http/endpoint.js';

export function inviteRoutes({ invites, config }: { invites: InvitesService; config: Config }) {
  return routes((on) => {
    on('POST /api/invites', async (c, { body }) => {
      const actor = requireActor(c);
      const input = await body();
      const origin = publicOrigin(config, c.req.url, c.req.header('host'));
      return c.json(await invites.create(actor, input, origin), 201);
    });
    on('GET /api/invites', async (c, { query }) => {
      const actor = requireActor(c);
      const { caseId } = query();
      return c.json({ invites: await invites.listPending(actor, caseId) });
    });
    on('DELETE /api/invites/{id}', async (c, { params }) => {
      await invites.revoke(requireActor(c), params.id);
      return c.body(null, 204);
    });
    on('GET /api/invites/{token}', async (c, { params }) => c.json(await invites.preview(params.token)));
    on('POST /api/invites/{token}/accept', async (c, { body, params }) => {
      const input = await body();
      const result = await invites.accept(params.token, input, clientOf(c, config.trustProxyHops));
      if ('twoFactor' in result) return c.json(result);
      setSession(c, config, result.session);
      return c.json(result.me);
    });
  });
}
