import { requireActor } from '../../http/middleware.js';
import type { AuditService } from './service.js';
import { routes } from '../../http/endpoint.js';

export function auditRoutes(audit: AuditService) {
  return routes((on) => {
    on('GET /api/audit', async (c, { query }) => c.json({ entries: await audit.list(requireActor(c), query()) }));
    on('GET /api/audit.csv', async (c, { query }) => {
      const csv = await audit.exportCsv(requireActor(c), query());
      c.header('content-type', 'text/csv; charset=utf-8');
      c.header('content-disposition', 'attachment; filename="audit-log.csv"');
      return c.body(csv);
    });
  });
}
