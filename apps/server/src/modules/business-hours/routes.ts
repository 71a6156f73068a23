import { requireActor } from '../../http/middleware.js';
import { routes } from '../../http/endpoint.js';
import type { BusinessHoursService } from './service.js';

/** Settings → Business hours: read by members, changed by owners and admins (declared in the endpoint table). */
export function businessHoursRoutes(hours: BusinessHoursService) {
  return routes((on) => {
    on('GET /api/settings/business-hours', async (c) => c.json(await hours.get(requireActor(c))));
    on('PUT /api/settings/business-hours', async (c, { body }) => {
      const actor = requireActor(c);
      return c.json(await hours.set(actor, await body()));
    });
  });
}
