import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../storage/db.js';
import { activityIndex, cases, expectationIndex } from '../../storage/schema.js';

/** Every case on the server, oldest first: a rebuild's work list. */
export async function listCaseIds(db: Db): Promise<string[]> {
  const rows = await db.select({ id: cases.id }).from(cases).orderBy(asc(cases.createdAt), asc(cases.id));
  return rows.map((r) => r.id);
}

/** The rows projected from one case's maps (activity, promises); the case row itself is rewritten in place. */
export async function clearCaseProjections(db: Db, caseId: string): Promise<void> {
  await db.delete(activityIndex).where(eq(activityIndex.caseId, caseId));
  await db.delete(expectationIndex).where(eq(expectationIndex.caseId, caseId));
}

export async function findCaseUpdatedAt(db: Db, caseId: string): Promise<Date | null> {
  const [row] = await db.select({ updatedAt: cases.updatedAt }).from(cases).where(eq(cases.id, caseId));
  return row?.updatedAt ?? null;
}

export async function setCaseUpdatedAt(db: Db, caseId: string, updatedAt: Date): Promise<void> {
  await db.update(cases).set({ updatedAt }).where(eq(cases.id, caseId));
}
