import { auditQuery } from '@casehub/contract';
import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { requireActor } from '../../http/middleware.js';
import { parseQuery } from '../../http/validate.js';
import type { AuditService } from './service.js';

export function auditRoutes(audit: AuditService) {
  return new Hono<AppEnv>()
    .get('/audit', async (c) => c.json({ entries: await audit.list(requireActor(c), parseQuery(c, auditQuery)) }))
    .get('/audit.csv', async (c) => {
      const csv = await audit.exportCsv(requireActor(c), parseQuery(c, auditQuery));
      c.header('content-type', 'text/csv; charset=utf-8');
      c.header('content-disposition', 'attachment; filename="audit-log.csv"');
      return c.body(csv);
    });
}
