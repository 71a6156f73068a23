import { requireActor } from '../../http/middleware.js';
import { routes } from '../../http/endpoint.js';
import type { SwarmService } from './service.js';

export function swarmRoutes(swarm: SwarmService) {
  return routes((on) => {
    on('GET /api/cases/{id}/swarm', async (c, { params, query }) => c.json(await swarm.suggest(requireActor(c), params.id, query().activityId)));
    on('POST /api/cases/{id}/swarm', async (c, { params, body }) => c.json(await swarm.ask(requireActor(c), params.id, await body())));
  });
}
