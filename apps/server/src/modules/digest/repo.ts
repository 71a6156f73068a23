import type { DigestPref } from '@casehub/contract';
import { and, desc, eq, gt, isNull, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../storage/db.js';
import { cases, digestPrefs, memberships, notifications, users, workspaces } from '../../storage/schema.js';

export async function findDigestPref(db: Db, workspaceId: string, userId: string) {
  const [row] = await db
    .select()
    .from(digestPrefs)
    .where(and(eq(digestPrefs.workspaceId, workspaceId), eq(digestPrefs.userId, userId)));
  return row;
}

export async function upsertDigestPref(db: Db, workspaceId: string, userId: string, pref: DigestPref) {
  const [row] = await db
    .insert(digestPrefs)
    .values({ workspaceId, userId, frequency: pref.frequency })
    .onConflictDoUpdate({ target: [digestPrefs.workspaceId, digestPrefs.userId], set: { frequency: pref.frequency } })
    .returning();
  return row;
}

/** People whose digest is due: opted in, still in the workspace, and not sent within their period. */
export async function listDueDigests(db: Db, now: Date, periodMs: { daily: number; weekly: number }, limit: number) {
  const dayAgo = new Date(now.getTime() - periodMs.daily);
  const weekAgo = new Date(now.getTime() - periodMs.weekly);
  return db
    .select({ pref: digestPrefs, email: users.email, name: users.name, workspaceName: workspaces.name })
    .from(digestPrefs)
    .innerJoin(users, eq(users.id, digestPrefs.userId))
    .innerJoin(workspaces, eq(workspaces.id, digestPrefs.workspaceId))
    .innerJoin(memberships, and(eq(memberships.workspaceId, digestPrefs.workspaceId), eq(memberships.userId, digestPrefs.userId)))
    .where(
      and(
        ne(digestPrefs.frequency, 'off'),
        or(
          isNull(digestPrefs.lastSentAt),
          and(eq(digestPrefs.frequency, 'daily'), lte(digestPrefs.lastSentAt, dayAgo)),
          and(eq(digestPrefs.frequency, 'weekly'), lte(digestPrefs.lastSentAt, weekAgo)),
        ),
      ),
    )
    .orderBy(sql`${digestPrefs.lastSentAt} asc nulls first`)
    .limit(limit);
}

/**
 * Moves `lastSentAt` from `prev` to `at` if nobody else did first: the claim
 * that makes one digest go out once, whichever node or tick gets there.
 */
export async function claimDigest(db: Db, workspaceId: string, userId: string, prev: Date | null, at: Date): Promise<boolean> {
  const rows = await db
    .update(digestPrefs)
    .set({ lastSentAt: at })
    .where(
      and(eq(digestPrefs.workspaceId, workspaceId), eq(digestPrefs.userId, userId), prev ? eq(digestPrefs.lastSentAt, prev) : isNull(digestPrefs.lastSentAt)),
    )
    .returning({ userId: digestPrefs.userId });
  return rows.length > 0;
}

/** Gives a claim back after a failed send, unless someone has moved on since. */
export async function releaseDigest(db: Db, workspaceId: string, userId: string, claimedAt: Date, prev: Date | null): Promise<void> {
  await db
    .update(digestPrefs)
    .set({ lastSentAt: prev })
    .where(and(eq(digestPrefs.workspaceId, workspaceId), eq(digestPrefs.userId, userId), eq(digestPrefs.lastSentAt, claimedAt)));
}

/**
 * Unread notifications created in (since, until], newest first, with the title of their case;
 * `readable` is the reader's condition from notifications' `readableBy` (what they may still see).
 */
export async function unreadBetween(db: Db, readable: SQL, since: Date, until: Date, limit: number) {
  return db
    .select({
      id: notifications.id,
      text: notifications.text,
      caseId: notifications.caseId,
      activityId: notifications.activityId,
      createdAt: notifications.createdAt,
      caseTitle: cases.title,
    })
    .from(notifications)
    .leftJoin(cases, eq(cases.id, notifications.caseId))
    .where(and(readable, isNull(notifications.readAt), gt(notifications.createdAt, since), lte(notifications.createdAt, until)))
    .orderBy(desc(notifications.createdAt))
    .limit(limit);
}
