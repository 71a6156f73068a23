import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../storage/db.js';
import { cases, emails, files, workspaces } from '../../storage/schema.js';

export type EmailRow = typeof emails.$inferSelect;
export type NewEmailRow = typeof emails.$inferInsert;

/** The dedupe key of a message: its Message-ID without case, else the SHA-256 of its raw source. */
export const dedupeKeyOf = (normalizedMessageId: string | null, rawSha256: string): string =>
  normalizedMessageId ? `mid:${normalizedMessageId}` : `sha256:${rawSha256}`;

export async function findEmailByDedupeKey(db: Db, workspaceId: string, dedupeKey: string): Promise<EmailRow | undefined> {
  const [row] = await db
    .select()
    .from(emails)
    .where(and(eq(emails.workspaceId, workspaceId), eq(emails.dedupeKey, dedupeKey)))
    .limit(1);
  return row;
}

/** Emails of the workspace with one of these (normalised) Message-IDs; found through the dedupe key's index. */
export async function findEmailsByMessageIds(db: Db, workspaceId: string, normalizedIds: string[]) {
  if (normalizedIds.length === 0) return [];
  return db
    .select({ id: emails.id, messageId: emails.messageId, threadId: emails.threadId, caseId: emails.caseId })
    .from(emails)
    .where(
      and(
        eq(emails.workspaceId, workspaceId),
        inArray(
          emails.dedupeKey,
          normalizedIds.map((id) => `mid:${id}`),
        ),
      ),
    );
}

export async function listThreadAddresses(db: Db, workspaceId: string, threadIds: string[]) {
  if (threadIds.length === 0) return [];
  return db
    .select({ threadId: emails.threadId, fromAddress: emails.fromAddress, to: emails.to, cc: emails.cc })
    .from(emails)
    .where(and(eq(emails.workspaceId, workspaceId), inArray(emails.threadId, threadIds)));
}

export async function insertEmail(db: Db, row: NewEmailRow): Promise<void> {
  await db.insert(emails).values(row);
}

export async function findEmail(db: Db, workspaceId: string, emailId: string): Promise<EmailRow | undefined> {
  const [row] = await db
    .select()
    .from(emails)
    .where(and(eq(emails.workspaceId, workspaceId), eq(emails.id, emailId)))
    .limit(1);
  return row;
}

export async function listEmailAttachments(db: Db, workspaceId: string, emailIds: string[]) {
  if (emailIds.length === 0) return [];
  return db
    .select({ id: files.id, emailId: files.emailId, name: files.name, contentType: files.contentType, size: files.size })
    .from(files)
    .where(and(eq(files.workspaceId, workspaceId), inArray(files.emailId, emailIds)))
    .orderBy(asc(files.createdAt), asc(files.id));
}

export async function listThreadEmails(db: Db, workspaceId: string, threadId: string, limit = 500): Promise<EmailRow[]> {
  return db
    .select()
    .from(emails)
    .where(and(eq(emails.workspaceId, workspaceId), eq(emails.threadId, threadId)))
    .orderBy(sql`coalesce(${emails.sentAt}, ${emails.createdAt})`, asc(emails.createdAt))
    .limit(limit);
}

export async function listOutbox(db: Db, workspaceId: string, caseId: string): Promise<EmailRow[]> {
  return db
    .select()
    .from(emails)
    .where(
      and(eq(emails.workspaceId, workspaceId), eq(emails.caseId, caseId), eq(emails.direction, 'outbound'), inArray(emails.sendStatus, ['queued', 'failed'])),
    )
    .orderBy(asc(emails.createdAt));
}

export async function setSendStatus(db: Db, workspaceId: string, emailId: string, status: 'queued' | 'sent' | 'failed', error: string | null): Promise<void> {
  await db
    .update(emails)
    .set({ sendStatus: status, sendError: error, ...(status === 'sent' ? { sentAt: new Date() } : {}) })
    .where(and(eq(emails.workspaceId, workspaceId), eq(emails.id, emailId)));
}

/** Moves a failed outbound email back to queued; false if it was not failed (someone retried first). */
export async function requeueFailed(db: Db, workspaceId: string, emailId: string): Promise<boolean> {
  const rows = await db
    .update(emails)
    .set({ sendStatus: 'queued', sendError: null })
    .where(and(eq(emails.workspaceId, workspaceId), eq(emails.id, emailId), eq(emails.sendStatus, 'failed')))
    .returning({ id: emails.id });
  return rows.length > 0;
}

/**
 * A case found by id alone. Only for mail arriving at a case address, where
 * the address is all there is to go on; the case then decides the workspace.
 */
export async function findCaseForAddress(db: Db, caseId: string) {
  // [issue 17.5] Mail to a merged duplicate's address lands on the case it was merged into (a few hops at most).
  let id = caseId;
  for (let hop = 0; hop < 5; hop++) {
    const [row] = await db.select({ id: cases.id, workspaceId: cases.workspaceId, mergedInto: cases.mergedInto }).from(cases).where(eq(cases.id, id)).limit(1);
    if (!row) return undefined;
    if (!row.mergedInto || hop === 4) return { id: row.id, workspaceId: row.workspaceId };
    id = row.mergedInto;
  }
  return undefined;
}

export async function workspaceExists(db: Db, workspaceId: string): Promise<boolean> {
  const [row] = await db.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.id, workspaceId)).limit(1);
  return row !== undefined;
}
