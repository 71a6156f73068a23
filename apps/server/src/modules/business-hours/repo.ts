import { businessHours, defaultBusinessHours, type BusinessHours } from '@casehub/contract';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../storage/db.js';
import { workspaceSettings } from '../../storage/schema.js';

/** What was stored, read again through the contract: absent (or unreadable) is the default, UTC around the clock. */
const parse = (stored: unknown): BusinessHours => {
  const parsed = businessHours.safeParse(stored);
  return parsed.success ? parsed.data : defaultBusinessHours;
};

export async function loadBusinessHours(db: Db, workspaceId: string): Promise<BusinessHours> {
  const [row] = await db.select({ hours: workspaceSettings.businessHours }).from(workspaceSettings).where(eq(workspaceSettings.workspaceId, workspaceId));
  return parse(row?.hours ?? null);
}

export async function saveBusinessHours(db: Db, workspaceId: string, hours: BusinessHours): Promise<void> {
  await db
    .insert(workspaceSettings)
    .values({ workspaceId, businessHours: hours })
    .onConflictDoUpdate({ target: workspaceSettings.workspaceId, set: { businessHours: hours, updatedAt: new Date() } });
}

/** The workspaces whose promise warnings count working time, with their hours (the expectation tick asks on every pass). */
export async function listPromiseWorkingTime(db: Db): Promise<Array<{ workspaceId: string; hours: BusinessHours }>> {
  const rows = await db
    .select({ workspaceId: workspaceSettings.workspaceId, hours: workspaceSettings.businessHours })
    .from(workspaceSettings)
    .where(sql`(${workspaceSettings.businessHours} -> 'countWorkingTime' ->> 'promiseAtRisk') = 'true'`);
  return rows.map((r) => ({ workspaceId: r.workspaceId, hours: parse(r.hours) })).filter((r) => r.hours.countWorkingTime.promiseAtRisk);
}
