import { requireActor } from '../../http/middleware.js';
import { routes } from '../../http/endpoint.js';
import type { CustomFieldsService } from './service.js';

/** Settings → Custom fields: read by members, changed by owners and admins (declared in the endpoint table). */
export function customFieldRoutes(fields: CustomFieldsService) {
  return routes((on) => {
    on('GET /api/settings/custom-fields', async (c) => c.json(await fields.list(requireActor(c))));
    on('PUT /api/settings/custom-fields/{kind}', async (c, { params, body }) => {
      const actor = requireActor(c);
      return c.json(await fields.set(actor, params.kind, await body()));
    });
  });
}
