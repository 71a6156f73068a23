import { requireActor } from '../../http/middleware.js';
import { routes } from '../../http/endpoint.js';
import type { PipelinesService } from './service.js';

/** Settings → Pipelines: read by members, changed by owners and admins (declared in the endpoint table). */
export function pipelineRoutes(pipelines: PipelinesService) {
  return routes((on) => {
    on('GET /api/settings/pipelines', async (c) => c.json(await pipelines.list(requireActor(c))));
    on('PUT /api/settings/pipelines/{kind}', async (c, { params, body }) => {
      const actor = requireActor(c);
      return c.json(await pipelines.set(actor, params.kind, await body()));
    });
  });
}
