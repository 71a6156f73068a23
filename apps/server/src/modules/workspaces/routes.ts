import { requireActor } from '../../http/middleware.js';
import type { WorkspacesService } from './service.js';
import { routes } from '../../http/endpoint.js';

export function workspaceRoutes(workspaces: WorkspacesService) {
  return routes((on) => {
    on('GET /api/workspace/members', async (c) => c.json({ members: await workspaces.list(requireActor(c)) }));
    on('PATCH /api/workspace/members/{userId}', async (c, { body, params }) => {
      const actor = requireActor(c);
      const { role } = await body();
      await workspaces.changeRole(actor, params.userId, role);
      return c.json({ members: await workspaces.list(actor) });
    });
    on('DELETE /api/workspace/members/{userId}', async (c, { params }) => {
      await workspaces.remove(requireActor(c), params.userId);
      return c.body(null, 204);
    });
  });
}
