import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { requireActor } from '../../http/middleware.js';
import { parseQuery } from '../../http/validate.js';
import type { Db } from '../../storage/db.js';
import * as authRepo from '../auth/repo.js';
import { auditQuery, listAudit, toCsv } from './service.js';

export function auditRoutes(db: Db) {
  return new Hono<AppEnv>()
    .get('/audit', async (c) => c.json({ entries: await listAudit(db, requireActor(c), parseQuery(c, auditQuery)) }))
    .get('/audit.csv', async (c) => {
      const actor = requireActor(c);
      const entries = await listAudit(db, actor, parseQuery(c, auditQuery));
      await authRepo.insertAudit(db, { workspaceId: actor.workspaceId, actorId: actor.userId, action: 'audit.export', data: { rows: entries.length } });
      c.header('content-type', 'text/csv; charset=utf-8');
      c.header('content-disposition', 'attachment; filename="audit-log.csv"');
      return c.body(toCsv(entries));
    });
}
