import { requireActor } from '../../http/middleware.js';
import { routes } from '../../http/endpoint.js';
import type { PlanTemplatesService } from './service.js';

/** Plan templates (issue 15.3): members read and apply them, owners and admins write them; declared in the endpoint table. */
export function planTemplateRoutes(templates: PlanTemplatesService) {
  return routes((on) => {
    on('GET /api/plan-templates', async (c) => c.json({ templates: await templates.list(requireActor(c)) }));
    on('POST /api/plan-templates', async (c, { body }) => {
      const actor = requireActor(c);
      return c.json(await templates.create(actor, await body()), 201);
    });
    on('GET /api/plan-templates/{id}', async (c, { params }) => c.json(await templates.get(requireActor(c), params.id)));
    on('PATCH /api/plan-templates/{id}', async (c, { body, params }) => {
      const actor = requireActor(c);
      return c.json(await templates.update(actor, params.id, await body()));
    });
    on('DELETE /api/plan-templates/{id}', async (c, { params }) => {
      await templates.remove(requireActor(c), params.id);
      return c.body(null, 204);
    });
    on('POST /api/plan-templates/{id}/cases', async (c, { body, params }) => {
      const actor = requireActor(c);
      return c.json(await templates.createCase(actor, params.id, await body()), 201);
    });
    on('POST /api/cases/{id}/apply-template', async (c, { body, params }) => {
      const actor = requireActor(c);
      return c.json(await templates.apply(actor, params.id, await body()));
    });
    on('POST /api/cases/{id}/save-as-template', async (c, { body, params }) => {
      const actor = requireActor(c);
      return c.json(await templates.saveFromCase(actor, params.id, await body()), 201);
    });
  });
}
