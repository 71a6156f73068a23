import { versionListQuery } from '@casehub/contract';
import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { requireActor } from '../../http/middleware.js';
import { parseJson, parseQuery } from '../../http/validate.js';
import type { HistoryService } from './service.js';

export function historyRoutes(history: HistoryService) {
  return new Hono<AppEnv>()
    .get('/cases/:id/versions', async (c) => {
      const actor = requireActor(c);
      const { doc, target } = parseQuery(c, versionListQuery);
      return c.json({ versions: await history.list(actor, c.req.param('id'), doc, target) });
    })
    .post('/cases/:id/versions/checkpoint', async (c) => {
      const actor = requireActor(c);
      const { doc, target } = await parseJson(c, versionListQuery);
      await history.checkpoint(actor, c.req.param('id'), doc, target);
      return c.json({ ok: true });
    })
    .get('/versions/:id', async (c) => c.json(await history.get(requireActor(c), c.req.param('id'))));
}
