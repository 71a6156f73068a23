import { and, count, desc, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import type { Db } from '../../storage/db.js';
import { emails, files, memberships } from '../../storage/schema.js';
import type { EmailRow } from './repo.js';

/** Mail waiting in triage (no case), newest first: the inbox, or what was marked as spam. */
export async function listTriageEmails(db: Db, workspaceId: string, q: { limit: number; offset: number; view: 'inbox' | 'spam' }): Promise<EmailRow[]> {
  return db
    .select()
    .from(emails)
    .where(and(eq(emails.workspaceId, workspaceId), isNull(emails.caseId), q.view === 'spam' ? isNotNull(emails.spamAt) : isNull(emails.spamAt)))
    .orderBy(desc(emails.createdAt), desc(emails.id))
    .limit(q.limit)
    .offset(q.offset);
}

export async function countTriageEmails(db: Db, workspaceId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(emails)
    .where(and(eq(emails.workspaceId, workspaceId), isNull(emails.caseId), isNull(emails.spamAt)));
  return row?.n ?? 0;
}

/** The other messages of a thread still in triage and not spam, oldest first (they follow the one filed). */
export async function listTriageThread(db: Db, workspaceId: string, threadId: string, exceptId: string): Promise<EmailRow[]> {
  const rows = await db
    .select()
    .from(emails)
    .where(and(eq(emails.workspaceId, workspaceId), eq(emails.threadId, threadId), isNull(emails.caseId), isNull(emails.spamAt)))
    .orderBy(emails.createdAt, emails.id)
    .limit(200);
  return rows.filter((r) => r.id !== exceptId);
}

/**
 * Files a triage email and its attachments onto a case. Only while it is
 * still in triage: the count tells the caller whether it won. A spam mark
 * goes with the filing (someone decided it was not spam).
 */
export async function fileTriageEmail(db: Db, workspaceId: string, emailId: string, caseId: string, activityId: string): Promise<number> {
  const moved = await db
    .update(emails)
    .set({ caseId, activityId, spamAt: null })
    .where(and(eq(emails.workspaceId, workspaceId), eq(emails.id, emailId), isNull(emails.caseId)))
    .returning({ id: emails.id });
  if (moved.length === 0) return 0;
  await db
    .update(files)
    .set({ caseId, activityId })
    .where(and(eq(files.workspaceId, workspaceId), eq(files.emailId, emailId)));
  return moved.length;
}

/** Marks (a date) or unmarks (null) a triage email as spam; false if it is not in triage, or already so. */
export async function setTriageSpam(db: Db, workspaceId: string, emailId: string, spamAt: Date | null): Promise<boolean> {
  const rows = await db
    .update(emails)
    .set({ spamAt })
    .where(and(eq(emails.workspaceId, workspaceId), eq(emails.id, emailId), isNull(emails.caseId), spamAt ? isNull(emails.spamAt) : isNotNull(emails.spamAt)))
    .returning({ id: emails.id });
  return rows.length > 0;
}

/** The workspace's owners and admins: who hears of mail nobody was given. */
export async function listWorkspaceManagers(db: Db, workspaceId: string): Promise<string[]> {
  const rows = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), inArray(memberships.role, ['owner', 'admin'])));
  return rows.map((r) => r.userId);
}
