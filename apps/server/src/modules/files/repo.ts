import { and, eq } from 'drizzle-orm';
import type { Db } from '../../storage/db.js';
import { caseMembers, cases, files, users } from '../../storage/schema.js';

export type FileRow = typeof files.$inferSelect;

/** Everything but the extracted text (and its search vector), which can be megabytes. */
const head = {
  id: files.id,
  workspaceId: files.workspaceId,
  caseId: files.caseId,
  emailId: files.emailId,
  activityId: files.activityId,
  name: files.name,
  contentType: files.contentType,
  size: files.size,
  sha256: files.sha256,
  textStatus: files.textStatus,
  textReason: files.textReason,
  pages: files.pages,
  createdBy: files.createdBy,
  createdAt: files.createdAt,
};
export type FileHead = Pick<FileRow, keyof typeof head>;

export async function findFileHead(db: Db, workspaceId: string, fileId: string): Promise<FileHead | null> {
  const [row] = await db
    .select(head)
    .from(files)
    .where(and(eq(files.workspaceId, workspaceId), eq(files.id, fileId)))
    .limit(1);
  return row ?? null;
}

/** For the extraction job, which runs outside any request and so any workspace. */
export async function findFileForExtraction(db: Db, fileId: string): Promise<Pick<FileRow, 'id' | 'sha256' | 'size' | 'textStatus'> | null> {
  const [row] = await db
    .select({ id: files.id, sha256: files.sha256, size: files.size, textStatus: files.textStatus })
    .from(files)
    .where(eq(files.id, fileId))
    .limit(1);
  return row ?? null;
}

export async function saveExtraction(
  db: Db,
  fileId: string,
  result: { textStatus: FileRow['textStatus']; textReason: string | null; text: string | null; pages: number | null },
): Promise<void> {
  await db.update(files).set(result).where(eq(files.id, fileId));
}

export async function findUserName(db: Db, userId: string): Promise<string | null> {
  const [row] = await db.select({ name: users.name }).from(users).where(eq(users.id, userId)).limit(1);
  return row?.name ?? null;
}

/** Who is told of a guest's upload: the case's owner and the people on its team (the notice is checked against each one's access). */
export async function findCaseAudience(db: Db, caseId: string): Promise<{ workspaceId: string; title: string; userIds: string[] } | null> {
  const [row] = await db.select({ workspaceId: cases.workspaceId, title: cases.title, ownerId: cases.ownerId }).from(cases).where(eq(cases.id, caseId));
  if (!row) return null;
  const team = await db.select({ userId: caseMembers.userId }).from(caseMembers).where(eq(caseMembers.caseId, caseId));
  return { workspaceId: row.workspaceId, title: row.title, userIds: [...(row.ownerId ? [row.ownerId] : []), ...team.map((t) => t.userId)] };
}
