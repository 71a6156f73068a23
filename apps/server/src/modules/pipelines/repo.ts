import type { CaseKind } from '@casehub/case-document';
import { and, count, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../storage/db.js';
import { cases, workspaceSettings } from '../../storage/schema.js';

/** The stored pipelines as written (parsed by the service), or null when the workspace has none. */
export async function readStoredPipelines(db: Db, workspaceId: string): Promise<unknown> {
  const [row] = await db.select({ pipelines: workspaceSettings.pipelines }).from(workspaceSettings).where(eq(workspaceSettings.workspaceId, workspaceId));
  return row?.pipelines ?? null;
}

/** The same, with the settings row locked until the transaction ends (made first if missing), for a read-modify-write. */
export async function lockStoredPipelines(tx: Db, workspaceId: string): Promise<unknown> {
  await tx.insert(workspaceSettings).values({ workspaceId }).onConflictDoNothing();
  const [row] = await tx
    .select({ pipelines: workspaceSettings.pipelines })
    .from(workspaceSettings)
    .where(eq(workspaceSettings.workspaceId, workspaceId))
    .for('update');
  return row?.pipelines ?? null;
}

export async function storePipelines(tx: Db, workspaceId: string, pipelines: unknown): Promise<void> {
  await tx.update(workspaceSettings).set({ pipelines, updatedAt: new Date() }).where(eq(workspaceSettings.workspaceId, workspaceId));
}

/** The stages the workspace's cases of a kind are in (the case index), most used first. */
export async function stagesInUse(db: Db, workspaceId: string, kind: CaseKind): Promise<string[]> {
  const n = count();
  const rows = await db
    .select({ stage: cases.stage, n })
    .from(cases)
    .where(and(eq(cases.workspaceId, workspaceId), eq(cases.kind, kind)))
    .groupBy(cases.stage)
    .orderBy(desc(n), cases.stage);
  return rows.map((r) => r.stage);
}

/** How many cases of a kind each of these stages holds (stages without cases are absent). */
export async function countCasesInStages(db: Db, workspaceId: string, kind: CaseKind, stages: readonly string[]): Promise<Map<string, number>> {
  if (stages.length === 0) return new Map();
  const rows = await db
    .select({ stage: cases.stage, n: count() })
    .from(cases)
    .where(and(eq(cases.workspaceId, workspaceId), eq(cases.kind, kind), inArray(cases.stage, [...stages])))
    .groupBy(cases.stage);
  return new Map(rows.map((r) => [r.stage, r.n]));
}

/** The cases of a kind in these stages, with the stage each is in. */
export async function listCasesInStages(db: Db, workspaceId: string, kind: CaseKind, stages: readonly string[]): Promise<Array<{ id: string; stage: string }>> {
  if (stages.length === 0) return [];
  return db
    .select({ id: cases.id, stage: cases.stage })
    .from(cases)
    .where(and(eq(cases.workspaceId, workspaceId), eq(cases.kind, kind), inArray(cases.stage, [...stages])));
}
