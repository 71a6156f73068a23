import { and, desc, eq, inArray, isNull, or } from 'drizzle-orm';
import type { Db } from '../../storage/db.js';
import { caseContacts, caseMembers, caseMerges, cases, emails, files, responseClocks, sharedItems } from '../../storage/schema.js';

type Move = { workspaceId: string; from: string; to: string };

/** Every email of a case (a merge takes them all). */
export async function listCaseEmailIds(db: Db, workspaceId: string, caseId: string): Promise<string[]> {
  const rows = await db
    .select({ id: emails.id })
    .from(emails)
    .where(and(eq(emails.workspaceId, workspaceId), eq(emails.caseId, caseId)));
  return rows.map((r) => r.id);
}

/** The emails of one thread on a case. */
export async function listThreadEmailIds(db: Db, workspaceId: string, caseId: string, threadId: string): Promise<string[]> {
  const rows = await db
    .select({ id: emails.id })
    .from(emails)
    .where(and(eq(emails.workspaceId, workspaceId), eq(emails.caseId, caseId), eq(emails.threadId, threadId)));
  return rows.map((r) => r.id);
}

/** Of these emails, the ones that are on the case (an id a document names is checked, never trusted). */
export async function ownEmailIds(db: Db, workspaceId: string, caseId: string, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ id: emails.id })
    .from(emails)
    .where(and(eq(emails.workspaceId, workspaceId), eq(emails.caseId, caseId), inArray(emails.id, ids)));
  return rows.map((r) => r.id);
}

/** Files of a case: all of them, or those named and those attached to these emails. */
export async function listCaseFileIds(db: Db, workspaceId: string, caseId: string, only?: { fileIds: string[]; emailIds: string[] }): Promise<string[]> {
  const scope = and(eq(files.workspaceId, workspaceId), eq(files.caseId, caseId));
  if (only && only.fileIds.length === 0 && only.emailIds.length === 0) return [];
  const which = only
    ? or(
        ...[
          only.fileIds.length > 0 ? inArray(files.id, only.fileIds) : undefined,
          only.emailIds.length > 0 ? inArray(files.emailId, only.emailIds) : undefined,
        ],
      )
    : undefined;
  const rows = await db
    .select({ id: files.id })
    .from(files)
    .where(which ? and(scope, which) : scope);
  return rows.map((r) => r.id);
}

/**
 * Points emails (and their response clocks) at another case, so a later
 * reply threads to it: threading finds the case through the email rows.
 */
export async function moveEmails(tx: Db, m: Move, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await tx
    .update(emails)
    .set({ caseId: m.to })
    .where(and(eq(emails.workspaceId, m.workspaceId), eq(emails.caseId, m.from), inArray(emails.id, ids)));
  await tx
    .update(responseClocks)
    .set({ caseId: m.to })
    .where(and(eq(responseClocks.workspaceId, m.workspaceId), eq(responseClocks.caseId, m.from), inArray(responseClocks.emailId, ids)));
}

export async function moveFiles(tx: Db, m: Move, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await tx
    .update(files)
    .set({ caseId: m.to })
    .where(and(eq(files.workspaceId, m.workspaceId), eq(files.caseId, m.from), inArray(files.id, ids)));
}

/** What the team shared with guests follows the entries (guests' access to emails and files is read from these rows). */
export async function moveSharedItems(tx: Db, m: Move, activityIds: string[] | 'all'): Promise<string[]> {
  if (activityIds !== 'all' && activityIds.length === 0) return [];
  const rows = await tx
    .update(sharedItems)
    .set({ caseId: m.to })
    .where(and(eq(sharedItems.caseId, m.from), activityIds === 'all' ? undefined : inArray(sharedItems.activityId, activityIds)))
    .returning({ activityId: sharedItems.activityId });
  return rows.map((r) => r.activityId);
}

/** Gives the people on one case's team (and its guests) the same access on another, where they have none; who was added. */
export async function copyTeam(tx: Db, from: string, to: string): Promise<string[]> {
  const source = await tx.select().from(caseMembers).where(eq(caseMembers.caseId, from));
  if (source.length === 0) return [];
  const added = await tx
    .insert(caseMembers)
    .values(source.map((r) => ({ caseId: to, userId: r.userId, access: r.access, role: r.role })))
    .onConflictDoNothing()
    .returning({ userId: caseMembers.userId });
  return added.map((r) => r.userId);
}

export async function removeTeamRows(tx: Db, caseId: string, userIds: string[]): Promise<void> {
  if (userIds.length === 0) return;
  await tx.delete(caseMembers).where(and(eq(caseMembers.caseId, caseId), inArray(caseMembers.userId, userIds)));
}

/** The stakeholder map joins too, where the other case lacks the contact; the contacts added. */
export async function copyStakeholders(tx: Db, from: string, to: string): Promise<string[]> {
  const source = await tx.select().from(caseContacts).where(eq(caseContacts.caseId, from));
  if (source.length === 0) return [];
  const added = await tx
    .insert(caseContacts)
    .values(source.map((r) => ({ caseId: to, contactId: r.contactId, role: r.role, influence: r.influence })))
    .onConflictDoNothing()
    .returning({ contactId: caseContacts.contactId });
  return added.map((r) => r.contactId);
}

export async function removeStakeholders(tx: Db, caseId: string, contactIds: string[]): Promise<void> {
  if (contactIds.length === 0) return;
  await tx.delete(caseContacts).where(and(eq(caseContacts.caseId, caseId), inArray(caseContacts.contactId, contactIds)));
}

/**
 * Marks a case merged (or not); false when the case was merged meanwhile
 * (two merges of the same duplicate: the second finds it taken).
 */
export async function setMergedInto(tx: Db, workspaceId: string, caseId: string, into: string | null): Promise<boolean> {
  const rows = await tx
    .update(cases)
    .set({ mergedInto: into, updatedAt: new Date() })
    .where(and(eq(cases.workspaceId, workspaceId), eq(cases.id, caseId), into === null ? undefined : isNull(cases.mergedInto)))
    .returning({ id: cases.id });
  return rows.length > 0;
}

export async function touchCase(tx: Db, caseId: string): Promise<void> {
  await tx.update(cases).set({ updatedAt: new Date() }).where(eq(cases.id, caseId));
}

export async function insertMerge(tx: Db, row: typeof caseMerges.$inferInsert): Promise<void> {
  await tx.insert(caseMerges).values(row);
}

/** The case's last merge that was not undone. */
export async function findOpenMerge(db: Db, workspaceId: string, fromCaseId: string) {
  const [row] = await db
    .select()
    .from(caseMerges)
    .where(and(eq(caseMerges.workspaceId, workspaceId), eq(caseMerges.fromCaseId, fromCaseId), isNull(caseMerges.undoneAt)))
    .orderBy(desc(caseMerges.at))
    .limit(1);
  return row;
}

/** Marks a merge undone; false when someone undid it first. */
export async function markUndone(tx: Db, mergeId: string, at: Date): Promise<boolean> {
  const rows = await tx
    .update(caseMerges)
    .set({ undoneAt: at })
    .where(and(eq(caseMerges.id, mergeId), isNull(caseMerges.undoneAt)))
    .returning({ id: caseMerges.id });
  return rows.length > 0;
}
