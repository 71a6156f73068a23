import { dashboardQuery } from '@casehub/contract';
import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { notFound } from '../../errors.js';
import { requireActor } from '../../http/middleware.js';
import { parseQuery } from '../../http/validate.js';
import { canInWorkspace } from '../access/policy.js';
import type { DashboardService } from './service.js';

export function dashboardRoutes(dashboard: DashboardService) {
  return new Hono<AppEnv>().get('/dashboard', async (c) => {
    const actor = requireActor(c);
    // Guests never see workspace-wide figures; like any unknown path, it does not exist for them (A4).
    if (!canInWorkspace(actor, 'dashboard.view')) throw notFound('No route GET /api/dashboard');
    const { weeks } = parseQuery(c, dashboardQuery);
    return c.json(await dashboard.build(actor, weeks));
  });
}
