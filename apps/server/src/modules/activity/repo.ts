import { and, eq, or, type SQL } from 'drizzle-orm';
import type { Db } from '../../storage/db.js';
import { activityIndex } from '../../storage/schema.js';

/**
 * Whether something of a case is in its shared document (so its guests may
 * fetch it): an entry with that id, or one pointing at that email or file.
 * Read from the activity projection, which follows the shared document.
 */
export async function isSharedWithGuests(
  db: Db,
  caseId: string,
  ref: { activityId?: string | null; emailId?: string; fileId?: string },
): Promise<boolean> {
  const matches: SQL[] = [];
  if (ref.activityId) matches.push(eq(activityIndex.activityId, ref.activityId));
  if (ref.emailId) matches.push(eq(activityIndex.emailId, ref.emailId));
  if (ref.fileId) matches.push(eq(activityIndex.fileId, ref.fileId));
  if (matches.length === 0) return false;
  const [row] = await db
    .select({ id: activityIndex.activityId })
    .from(activityIndex)
    .where(and(eq(activityIndex.caseId, caseId), eq(activityIndex.side, 'shared'), or(...matches)))
    .limit(1);
  return row !== undefined;
}
