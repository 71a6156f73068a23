import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '../../storage/db.js';
import { invites } from '../../storage/schema.js';

/**
 * Revokes every pending invite a person created in a workspace (they were
 * removed or demoted: an invite dies with its creator's access, issue 20.7).
 * Returns how many.
 */
export async function revokePendingInvitesBy(db: Db, workspaceId: string, userId: string, at: Date): Promise<number> {
  const rows = await db
    .update(invites)
    .set({ revokedAt: at })
    .where(
      and(
        eq(invites.workspaceId, workspaceId),
        eq(invites.createdBy, userId),
        isNull(invites.acceptedAt),
        isNull(invites.revokedAt),
        gt(invites.expiresAt, at),
      ),
    )
    .returning({ id: invites.id });
  return rows.length;
}
