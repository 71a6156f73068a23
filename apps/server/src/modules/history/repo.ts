import { and, desc, eq, inArray } from 'drizzle-orm';
import type { DocSide } from '@casehub/case-document';
import type { Db } from '../../storage/db.js';
import { docVersions, users } from '../../storage/schema.js';

export type VersionRow = typeof docVersions.$inferSelect;
export type NewVersion = typeof docVersions.$inferInsert;

export async function insertVersion(db: Db, row: NewVersion): Promise<void> {
  await db.insert(docVersions).values(row);
}

/** The newest version of one text, if any. */
export async function latestVersion(db: Db, caseId: string, side: DocSide, target: string): Promise<VersionRow | null> {
  const [row] = await db
    .select()
    .from(docVersions)
    .where(and(eq(docVersions.caseId, caseId), eq(docVersions.side, side), eq(docVersions.target, target)))
    .orderBy(desc(docVersions.at))
    .limit(1);
  return row ?? null;
}

/** Newest first, without the stored state (lists stay small). */
export async function listVersions(db: Db, caseId: string, side: DocSide, target: string, limit: number) {
  return db
    .select({ id: docVersions.id, at: docVersions.at, authorIds: docVersions.authorIds, text: docVersions.text })
    .from(docVersions)
    .where(and(eq(docVersions.caseId, caseId), eq(docVersions.side, side), eq(docVersions.target, target)))
    .orderBy(desc(docVersions.at), desc(docVersions.id))
    .limit(limit);
}

export async function findVersion(db: Db, id: string): Promise<VersionRow | null> {
  const [row] = await db.select().from(docVersions).where(eq(docVersions.id, id));
  return row ?? null;
}

export async function userNames(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r.name]));
}
