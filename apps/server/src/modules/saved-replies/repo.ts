import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../storage/db.js';
import { savedReplies, users } from '../../storage/schema.js';

export type SavedReplyRow = typeof savedReplies.$inferSelect & { createdByName: string | null };

const columns = {
  id: savedReplies.id,
  workspaceId: savedReplies.workspaceId,
  name: savedReplies.name,
  html: savedReplies.html,
  createdBy: savedReplies.createdBy,
  createdAt: savedReplies.createdAt,
  updatedAt: savedReplies.updatedAt,
  createdByName: users.name,
};

export async function listSavedReplies(db: Db, workspaceId: string): Promise<SavedReplyRow[]> {
  return db
    .select(columns)
    .from(savedReplies)
    .leftJoin(users, eq(users.id, savedReplies.createdBy))
    .where(eq(savedReplies.workspaceId, workspaceId))
    .orderBy(asc(savedReplies.name), asc(savedReplies.id));
}

export async function findSavedReply(db: Db, workspaceId: string, id: string): Promise<SavedReplyRow | null> {
  const [row] = await db
    .select(columns)
    .from(savedReplies)
    .leftJoin(users, eq(users.id, savedReplies.createdBy))
    .where(and(eq(savedReplies.workspaceId, workspaceId), eq(savedReplies.id, id)));
  return row ?? null;
}

export async function insertSavedReply(db: Db, row: typeof savedReplies.$inferInsert): Promise<void> {
  await db.insert(savedReplies).values(row);
}

export async function updateSavedReply(db: Db, workspaceId: string, id: string, change: { name?: string; html?: string }): Promise<boolean> {
  const done = await db
    .update(savedReplies)
    .set({ ...change, updatedAt: new Date() })
    .where(and(eq(savedReplies.workspaceId, workspaceId), eq(savedReplies.id, id)))
    .returning({ id: savedReplies.id });
  return done.length > 0;
}

export async function deleteSavedReply(db: Db, workspaceId: string, id: string): Promise<boolean> {
  const gone = await db
    .delete(savedReplies)
    .where(and(eq(savedReplies.workspaceId, workspaceId), eq(savedReplies.id, id)))
    .returning({ id: savedReplies.id });
  return gone.length > 0;
}
