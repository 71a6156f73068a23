import { and, asc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../../storage/db.js';
import { mailboxes, mailboxFolders } from '../../storage/schema.js';

export type MailboxRow = typeof mailboxes.$inferSelect;
export type NewMailboxRow = typeof mailboxes.$inferInsert;
export type FolderRow = typeof mailboxFolders.$inferSelect;
export type StatusPatch = Partial<Pick<MailboxRow, 'status' | 'lastError' | 'retryAt' | 'progressDone' | 'progressTotal' | 'lastSyncAt' | 'sentFound'>>;

export async function insertMailbox(db: Db, row: NewMailboxRow): Promise<void> {
  await db.insert(mailboxes).values(row);
}

export function listMailboxes(db: Db, workspaceId: string): Promise<MailboxRow[]> {
  return db.select().from(mailboxes).where(eq(mailboxes.workspaceId, workspaceId)).orderBy(asc(mailboxes.createdAt), asc(mailboxes.id));
}

export async function findMailbox(db: Db, workspaceId: string, id: string): Promise<MailboxRow | null> {
  const [row] = await db
    .select()
    .from(mailboxes)
    .where(and(eq(mailboxes.workspaceId, workspaceId), eq(mailboxes.id, id)));
  return row ?? null;
}

/** Deletes the mailbox and its folder state; the mail it brought in stays (emails keep a dangling mailbox_id). */
export async function deleteMailbox(db: Db, workspaceId: string, id: string): Promise<MailboxRow | null> {
  const [row] = await db
    .delete(mailboxes)
    .where(and(eq(mailboxes.workspaceId, workspaceId), eq(mailboxes.id, id)))
    .returning();
  return row ?? null;
}

/** Status written by the node that syncs it; only while it holds the lease (a node that lost it stays quiet). */
export async function setStatus(db: Db, id: string, node: string, patch: StatusPatch): Promise<boolean> {
  const rows = await db
    .update(mailboxes)
    .set(patch)
    .where(and(eq(mailboxes.id, id), eq(mailboxes.leaseOwner, node)))
    .returning({ id: mailboxes.id });
  return rows.length > 0;
}

export async function addMessages(db: Db, id: string, count: number): Promise<void> {
  await db
    .update(mailboxes)
    .set({ messages: sql`${mailboxes.messages} + ${count}` })
    .where(eq(mailboxes.id, id));
}

/**
 * Takes the leases of mailboxes nobody holds (or whose holder let theirs
 * run out: a dead node), up to `limit`, for `leaseMs`. The database's clock
 * decides, so nodes agree; SKIP LOCKED keeps two nodes off the same row.
 */
export async function claimMailboxes(db: Db, node: string, leaseMs: number, limit: number): Promise<MailboxRow[]> {
  return db.transaction(async (tx) => {
    const free = await tx
      .select({ id: mailboxes.id })
      .from(mailboxes)
      .where(or(isNull(mailboxes.leaseUntil), lt(mailboxes.leaseUntil, sql`now()`)))
      .orderBy(asc(mailboxes.createdAt))
      .limit(limit)
      .for('update', { skipLocked: true });
    if (free.length === 0) return [];
    return tx
      .update(mailboxes)
      .set({ leaseOwner: node, leaseUntil: sql`now() + ${`${leaseMs} milliseconds`}::interval` })
      .where(
        sql`${mailboxes.id} in (${sql.join(
          free.map((f) => sql`${f.id}`),
          sql`, `,
        )})`,
      )
      .returning();
  });
}

/** Holds the lease for another `leaseMs`; false when it is gone (disconnected, or taken over after this node stalled). */
export async function renewLease(db: Db, id: string, node: string, leaseMs: number): Promise<boolean> {
  const rows = await db
    .update(mailboxes)
    .set({ leaseUntil: sql`now() + ${`${leaseMs} milliseconds`}::interval` })
    .where(and(eq(mailboxes.id, id), eq(mailboxes.leaseOwner, node)))
    .returning({ id: mailboxes.id });
  return rows.length > 0;
}

/** Lets the lease go at shutdown, so another node takes the mailbox at once rather than after the lease. */
export async function releaseLease(db: Db, id: string, node: string): Promise<void> {
  await db
    .update(mailboxes)
    .set({ leaseOwner: null, leaseUntil: null })
    .where(and(eq(mailboxes.id, id), eq(mailboxes.leaseOwner, node)));
}

export async function findFolder(db: Db, mailboxId: string, path: string): Promise<FolderRow | null> {
  const [row] = await db
    .select()
    .from(mailboxFolders)
    .where(and(eq(mailboxFolders.mailboxId, mailboxId), eq(mailboxFolders.path, path)));
  return row ?? null;
}

/** Where a folder's sync stands: its UIDVALIDITY and the last UID handed to ingestion. */
export async function saveFolder(
  db: Db,
  row: { mailboxId: string; path: string; role: 'inbox' | 'sent'; uidValidity: string; lastUid: number; backfillThrough?: number },
): Promise<void> {
  await db
    .insert(mailboxFolders)
    .values({ ...row, updatedAt: new Date() })
    .onConflictDoUpdate({
      target: [mailboxFolders.mailboxId, mailboxFolders.path],
      set: {
        role: row.role,
        uidValidity: row.uidValidity,
        lastUid: row.lastUid,
        ...(row.backfillThrough !== undefined && { backfillThrough: row.backfillThrough }),
        updatedAt: new Date(),
      },
    });
}
