import type { AuditEntry, AuditQuery } from '@casehub/contract';
import { and, desc, eq, gte, lte, type SQL } from 'drizzle-orm';
import { AppError } from '../../errors.js';
import { toCsv } from '../../lib/csv.js';
import type { Db } from '../../storage/db.js';
import { auditLog, users } from '../../storage/schema.js';
import { canInWorkspace, type Actor } from '../access/policy.js';
import { insertAudit } from '../auth/repo.js';

/** The workspace's audit log, newest first; admins and owners only. */
export async function listAudit(db: Db, actor: Actor, q: AuditQuery): Promise<AuditEntry[]> {
  if (!canInWorkspace(actor, 'audit.view')) throw new AppError('forbidden', 'Only owners and admins can read the audit log');
  const filters: SQL[] = [eq(auditLog.workspaceId, actor.workspaceId)];
  if (q.action) filters.push(eq(auditLog.action, q.action));
  if (q.subjectId) filters.push(eq(auditLog.subjectId, q.subjectId));
  if (q.actorId) filters.push(eq(auditLog.actorId, q.actorId));
  if (q.from) filters.push(gte(auditLog.at, new Date(q.from)));
  if (q.to) filters.push(lte(auditLog.at, new Date(q.to)));
  const rows = await db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      action: auditLog.action,
      actorId: auditLog.actorId,
      actorName: users.name,
      subjectId: auditLog.subjectId,
      data: auditLog.data,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(and(...filters))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(q.limit);
  return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
}

/** The audit log as CSV, through the shared writer (formula injection neutralised). */
export function auditCsv(entries: AuditEntry[]): string {
  return toCsv(
    ['at', 'action', 'actorId', 'actorName', 'subjectId', 'data'],
    entries.map((e) => [e.at, e.action, e.actorId, e.actorName, e.subjectId, e.data]),
  );
}

export type AuditService = ReturnType<typeof createAuditService>;

export function createAuditService(db: Db) {
  return {
    list: (actor: Actor, q: AuditQuery) => listAudit(db, actor, q),
    /** The same entries as CSV; the export itself is audited. */
    async exportCsv(actor: Actor, q: AuditQuery): Promise<string> {
      const entries = await listAudit(db, actor, q);
      await insertAudit(db, { workspaceId: actor.workspaceId, actorId: actor.userId, action: 'audit.export', data: { rows: entries.length } });
      return auditCsv(entries);
    },
  };
}
