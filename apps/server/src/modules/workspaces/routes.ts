import { memberRoleInput } from '@casehub/contract';
import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { requireActor } from '../../http/middleware.js';
import { parseJson } from '../../http/validate.js';
import type { WorkspacesService } from './service.js';

export function workspaceRoutes(workspaces: WorkspacesService) {
  return new Hono<AppEnv>()
    .get('/workspace/members', async (c) => c.json({ members: await workspaces.list(requireActor(c)) }))
    .patch('/workspace/members/:userId', async (c) => {
      const actor = requireActor(c);
      const { role } = await parseJson(c, memberRoleInput);
      await workspaces.changeRole(actor, c.req.param('userId'), role);
      return c.json({ members: await workspaces.list(actor) });
    })
    .delete('/workspace/members/:userId', async (c) => {
      await workspaces.remove(requireActor(c), c.req.param('userId'));
      return c.body(null, 204);
    });
}
