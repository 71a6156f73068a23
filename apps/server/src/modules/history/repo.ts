import { and, desc, eq, inArray } from 'drizzle-orm';
import type { DocSide } from '@casehub/case-document';
import type { Db } from '../../storage/db.js';
import { docVersions, users } from '../../storage/schema.js';

export type VersionRow = typeof docVersions.$inferSelect;
export type NewVersion = typeof docVersions.$inferInsert;

export async function insertVersions(db: Db, rows: NewVersion[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) await db.insert(docVersions).values(rows.slice(i, i + 200));
}

/** The stored state of the newest version of each of these texts (absent: none yet). */
export async function latestStates(db: Db, caseId: string, side: DocSide, targets: readonly string[]): Promise<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  for (let i = 0; i < targets.length; i += 500) {
    const rows = await db
      .selectDistinctOn([docVersions.target], { target: docVersions.target, state: docVersions.state })
      .from(docVersions)
      .where(and(eq(docVersions.caseId, caseId), eq(docVersions.side, side), inArray(docVersions.target, targets.slice(i, i + 500))))
      .orderBy(docVersions.target, desc(docVersions.at));
    for (const row of rows) out.set(row.target, row.state);
  }
  return out;
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
  const rows = await db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(inArray(users.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r.name]));
}
