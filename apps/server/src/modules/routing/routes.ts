import { responseTargets, routingReorderInput, routingRuleInput, routingRulePatch, routingTeamInput } from '@casehub/contract';
import { Hono } from 'hono';
import { AppError, notFound } from '../../errors.js';
import type { AppEnv } from '../../http/context.js';
import { requireActor } from '../../http/middleware.js';
import { parseJson } from '../../http/validate.js';
import { canInWorkspace, type Actor } from '../access/policy.js';
import type { RoutingService } from './service.js';

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
  return new Hono<AppEnv>()
    .get('/routing/rules', async (c) => c.json({ rules: await routing.listRules(reader(c)) }))
    .post('/routing/rules', async (c) => {
      const actor = manager(c);
      const input = await parseJson(c, routingRuleInput);
      return c.json(await routing.createRule(actor, input), 201);
    })
    .patch('/routing/rules/:id', async (c) => {
      const actor = manager(c);
      const current = await routing.rule(actor, c.req.param('id'));
      const patch = await parseJson(c, routingRulePatch);
      return c.json(await routing.updateRule(actor, current, patch));
    })
    .delete('/routing/rules/:id', async (c) => {
      await routing.deleteRule(manager(c), c.req.param('id'));
      return c.body(null, 204);
    })
    .post('/routing/rules/reorder', async (c) => {
      const actor = manager(c);
      const { ids } = await parseJson(c, routingReorderInput);
      return c.json({ rules: await routing.reorderRules(actor, ids) });
    })
    .get('/routing/teams', async (c) => c.json({ teams: await routing.listTeams(reader(c)) }))
    .post('/routing/teams', async (c) => {
      const actor = manager(c);
      const input = await parseJson(c, routingTeamInput);
      return c.json(await routing.createTeam(actor, input), 201);
    })
    .put('/routing/teams/:id', async (c) => {
      const actor = manager(c);
      const input = await parseJson(c, routingTeamInput);
      return c.json(await routing.updateTeam(actor, c.req.param('id'), input));
    })
    .delete('/routing/teams/:id', async (c) => {
      await routing.deleteTeam(manager(c), c.req.param('id'));
      return c.body(null, 204);
    })
    .get('/settings/response-targets', async (c) => c.json(await routing.responseTargets(reader(c))))
    .put('/settings/response-targets', async (c) => {
      const actor = manager(c);
      const targets = await parseJson(c, responseTargets);
      return c.json(await routing.setResponseTargets(actor, targets));
    });
}
