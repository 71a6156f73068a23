import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../storage/db.js';
import { planTemplates, users } from '../../storage/schema.js';

export type PlanTemplateRow = typeof planTemplates.$inferSelect & { createdByName: string | null };
export type PlanTemplateFields = Pick<typeof planTemplates.$inferInsert, 'name' | 'description' | 'planText' | 'milestones'>;

const columns = {
  id: planTemplates.id,
  workspaceId: planTemplates.workspaceId,
  name: planTemplates.name,
  description: planTemplates.description,
  planText: planTemplates.planText,
  milestones: planTemplates.milestones,
  createdBy: planTemplates.createdBy,
  createdAt: planTemplates.createdAt,
  updatedAt: planTemplates.updatedAt,
  createdByName: users.name,
};

export async function listPlanTemplates(db: Db, workspaceId: string): Promise<PlanTemplateRow[]> {
  return db
    .select(columns)
    .from(planTemplates)
    .leftJoin(users, eq(users.id, planTemplates.createdBy))
    .where(eq(planTemplates.workspaceId, workspaceId))
    .orderBy(asc(planTemplates.name), asc(planTemplates.id));
}

export async function findPlanTemplate(db: Db, workspaceId: string, id: string): Promise<PlanTemplateRow | null> {
  const [row] = await db
    .select(columns)
    .from(planTemplates)
    .leftJoin(users, eq(users.id, planTemplates.createdBy))
    .where(and(eq(planTemplates.workspaceId, workspaceId), eq(planTemplates.id, id)));
  return row ?? null;
}

export async function insertPlanTemplate(db: Db, row: typeof planTemplates.$inferInsert): Promise<void> {
  await db.insert(planTemplates).values(row);
}

export async function updatePlanTemplate(db: Db, workspaceId: string, id: string, change: Partial<PlanTemplateFields>): Promise<boolean> {
  const done = await db
    .update(planTemplates)
    .set({ ...change, updatedAt: new Date() })
    .where(and(eq(planTemplates.workspaceId, workspaceId), eq(planTemplates.id, id)))
    .returning({ id: planTemplates.id });
  return done.length > 0;
}

export async function deletePlanTemplate(db: Db, workspaceId: string, id: string): Promise<boolean> {
  const gone = await db
    .delete(planTemplates)
    .where(and(eq(planTemplates.workspaceId, workspaceId), eq(planTemplates.id, id)))
    .returning({ id: planTemplates.id });
  return gone.length > 0;
}
