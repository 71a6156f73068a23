import { AppError, notFound } from '../../errors.js';
import { requireActor } from '../../http/middleware.js';
import { canInWorkspace, type Actor } from '../access/policy.js';
import type { RoutingService } from './service.js';
import { routes } from '../../http/endpoint.js';

const notAllowed = () => new AppError('forbidden', 'Only workspace owners and admins can change routing');

function reader(c: Parameters<typeof requireActor>[0]): Actor {
  const actor = requireActor(c);
  if (!canInWorkspace(actor, 'routing.read')) throw notFound('No such page');
  return actor;
}

function manager(c: Parameters<typeof requireActor>[0]): Actor {
  const actor = reader(c);
  if (!canInWorkspace(actor, 'routing.manage')) throw notAllowed();
  return actor;
}

/** Routing rules and teams, and the first-response targets, edited in settings. */
export function routingRoutes(routing: RoutingService) {
  return routes((on) => {
    on('GET /api/routing/rules', async (c) => c.json({ rules: await routing.listRules(reader(c)) }));
    on('POST /api/routing/rules', async (c, { body }) => {
      const actor = manager(c);
      const input = await body();
      return c.json(await routing.createRule(actor, input), 201);
    });
    on('PATCH /api/routing/rules/{id}', async (c, { body, params }) => {
      const actor = manager(c);
      const current = await routing.rule(actor, params.id);
      const patch = await body();
      return c.json(await routing.updateRule(actor, current, patch));
    });
    on('DELETE /api/routing/rules/{id}', async (c, { params }) => {
      await routing.deleteRule(manager(c), params.id);
      return c.body(null, 204);
    });
    on('POST /api/routing/rules/reorder', async (c, { body }) => {
      const actor = manager(c);
      const { ids } = await body();
      return c.json({ rules: await routing.reorderRules(actor, ids) });
    });
    on('GET /api/routing/teams', async (c) => c.json({ teams: await routing.listTeams(reader(c)) }));
    on('POST /api/routing/teams', async (c, { body }) => {
      const actor = manager(c);
      const input = await body();
      return c.json(await routing.createTeam(actor, input), 201);
    });
    on('PUT /api/routing/teams/{id}', async (c, { body, params }) => {
      const actor = manager(c);
      const input = await body();
      return c.json(await routing.updateTeam(actor, params.id, input));
    });
    on('DELETE /api/routing/teams/{id}', async (c, { params }) => {
      await routing.deleteTeam(manager(c), params.id);
      return c.body(null, 204);
    });
    on('GET /api/settings/response-targets', async (c) => c.json(await routing.responseTargets(reader(c))));
    on('PUT /api/settings/response-targets', async (c, { body }) => {
      const actor = manager(c);
      const targets = await body();
      return c.json(await routing.setResponseTargets(actor, targets));
    });
  });
}
