import { notFound } from '../../errors.js';
import { requireActor } from '../../http/middleware.js';
import { canInWorkspace } from '../access/policy.js';
import type { DashboardService } from './service.js';
import { routes } from '../../http/endpoint.js';

export function dashboardRoutes(dashboard: DashboardService) {
  return routes((on) => {
    on('GET /api/dashboard', async (c, { query }) => {
      const actor = requireActor(c);
      // Guests never see workspace-wide figures; like any unknown path, it does not exist for them (A4).
      if (!canInWorkspace(actor, 'dashboard.view')) throw notFound('No route GET /api/dashboard');
      const { weeks } = query();
      return c.json(await dashboard.build(actor, weeks));
    });
  });
}
