import { and, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../storage/db.js';
import { emails, files, sharedItems } from '../../storage/schema.js';

export type SharedItemRow = typeof sharedItems.$inferSelect;
export type SharedItemKind = SharedItemRow['kind'];
export type NewSharedItem = typeof sharedItems.$inferInsert;

/**
 * Whether the team shared something of a case with its guests (so they may
 * fetch it): the entry with that id, or an entry opening that email or file.
 * Read from `shared_items`, which only `Share with guests` writes: what a
 * guest editor writes into the shared document grants nothing (issue 20.2).
 * A file attached to a shared email is shared with it (pass its `emailId`).
 */
export async function isSharedWithGuests(
  db: Db,
  caseId: string,
  ref: { activityId?: string | null; emailId?: string | null; fileId?: string | null },
): Promise<boolean> {
  const matches: SQL[] = [];
  if (ref.activityId) matches.push(eq(sharedItems.activityId, ref.activityId));
  if (ref.emailId) matches.push(itemIs('email', ref.emailId));
  if (ref.fileId) matches.push(itemIs('file', ref.fileId));
  if (matches.length === 0) return false;
  const [row] = await db
    .select({ id: sharedItems.activityId })
    .from(sharedItems)
    .where(and(eq(sharedItems.caseId, caseId), or(...matches)))
    .limit(1);
  return row !== undefined;
}

const itemIs = (kind: SharedItemKind, itemId: string): SQL => sql`(${sharedItems.kind} = ${kind} and ${sharedItems.itemId} = ${itemId})`;

/**
 * For search: a condition that a guest may match the email (or the file) in
 * `emailId` (`fileId`, attached to `fileEmailId`), raw columns of the query.
 */
export const sharedEmailCondition = (caseId: SQL, emailId: SQL): SQL =>
  sql`exists (select 1 from shared_items si where si.case_id = ${caseId} and si.kind = 'email' and si.item_id = ${emailId})`;
export const sharedFileCondition = (caseId: SQL, fileId: SQL, fileEmailId: SQL): SQL =>
  sql`exists (select 1 from shared_items si where si.case_id = ${caseId}
    and ((si.kind = 'file' and si.item_id = ${fileId}) or (si.kind = 'email' and si.item_id = ${fileEmailId})))`;

/** The rows of these entries of a case (which of them the team shared, and what each opens). */
export async function listSharedItems(db: Db, caseId: string, activityIds: readonly string[]): Promise<SharedItemRow[]> {
  if (activityIds.length === 0) return [];
  return db
    .select()
    .from(sharedItems)
    .where(and(eq(sharedItems.caseId, caseId), inArray(sharedItems.activityId, [...activityIds])));
}

/** Records entries as shared; sharing again keeps the first time and person, and what it opens is refreshed. */
export async function upsertSharedItems(db: Db, rows: NewSharedItem[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insert(sharedItems)
    .values(rows)
    .onConflictDoUpdate({
      target: [sharedItems.caseId, sharedItems.activityId],
      set: { kind: sql`excluded.kind`, itemId: sql`excluded.item_id` },
    });
}

export async function deleteSharedItem(db: Db, caseId: string, activityId: string): Promise<boolean> {
  const gone = await db
    .delete(sharedItems)
    .where(and(eq(sharedItems.caseId, caseId), eq(sharedItems.activityId, activityId)))
    .returning({ id: sharedItems.activityId });
  return gone.length > 0;
}

/**
 * A guest's own upload shared again on restoring its entry: only the file the
 * server stored for that very entry of this case (the `files` row the upload
 * wrote), whatever the restored entry itself names.
 */
export async function reshareGuestUpload(db: Db, caseId: string, activityId: string, sharedBy: string | null): Promise<void> {
  const [file] = await db
    .select({ id: files.id })
    .from(files)
    .where(and(eq(files.caseId, caseId), eq(files.activityId, activityId)));
  if (file) await upsertSharedItems(db, [{ caseId, activityId, kind: 'file', itemId: file.id, sharedBy }]);
}

/**
 * Which of these emails and files belong to the case. A team entry is
 * written over /sync too, so the id it names is checked before sharing it
 * would open that record to guests.
 */
export async function findCaseItems(
  db: Db,
  caseId: string,
  ids: { emailIds: readonly string[]; fileIds: readonly string[] },
): Promise<{ emailIds: Set<string>; fileIds: Set<string> }> {
  const [emailRows, fileRows] = await Promise.all([
    ids.emailIds.length === 0
      ? Promise.resolve([])
      : db
          .select({ id: emails.id })
          .from(emails)
          .where(and(eq(emails.caseId, caseId), inArray(emails.id, [...ids.emailIds]))),
    ids.fileIds.length === 0
      ? Promise.resolve([])
      : db
          .select({ id: files.id })
          .from(files)
          .where(and(eq(files.caseId, caseId), inArray(files.id, [...ids.fileIds]))),
  ]);
  return { emailIds: new Set(emailRows.map((r) => r.id)), fileIds: new Set(fileRows.map((r) => r.id)) };
}
