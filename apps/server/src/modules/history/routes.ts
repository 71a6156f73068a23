import { requireActor } from '../../http/middleware.js';
import type { HistoryService } from './service.js';
import { routes } from '../../http/endpoint.js';

export function historyRoutes(history: HistoryService) {
  return routes((on) => {
    on('GET /api/cases/{id}/versions', async (c, { params, query }) => {
      const actor = requireActor(c);
      const { doc, target } = query();
      return c.json({ versions: await history.list(actor, params.id, doc, target) });
    });
    on('POST /api/cases/{id}/versions/checkpoint', async (c, { body, params }) => {
      const actor = requireActor(c);
      const { doc, target } = await body();
      await history.checkpoint(actor, params.id, doc, target);
      return c.json({ ok: true });
    });
    on('GET /api/versions/{id}', async (c, { params }) => c.json(await history.get(requireActor(c), params.id)));
  });
}
