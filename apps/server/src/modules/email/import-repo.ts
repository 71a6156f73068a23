import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../storage/db.js';
import { cases, emailImports } from '../../storage/schema.js';

export type ImportRow = typeof emailImports.$inferSelect;
export type ImportFile = ImportRow['files'][number];
export type ImportFailure = ImportRow['failures'][number];

/** Failures kept with their reason; past this only the count grows. */
export const maxStoredFailures = 100;

/** The import moved on without this runner (cancelled, or another node committed this batch). */
export class ImportMoved extends Error {
  override name = 'ImportMoved';
}

export async function insertImport(db: Db, row: typeof emailImports.$inferInsert): Promise<void> {
  await db.insert(emailImports).values(row);
}

export async function findImport(db: Db, id: string): Promise<ImportRow | undefined> {
  const [row] = await db.select().from(emailImports).where(eq(emailImports.id, id)).limit(1);
  return row;
}

export async function findCaseImport(db: Db, caseId: string, id: string): Promise<ImportRow | undefined> {
  const [row] = await db
    .select()
    .from(emailImports)
    .where(and(eq(emailImports.caseId, caseId), eq(emailImports.id, id)))
    .limit(1);
  return row;
}

export async function listCaseImports(db: Db, caseId: string, limit = 20): Promise<ImportRow[]> {
  return db.select().from(emailImports).where(eq(emailImports.caseId, caseId)).orderBy(desc(emailImports.createdAt), desc(emailImports.id)).limit(limit);
}

/**
 * Queued → running (a job picked it up), with `token` as the run that may
 * record progress from now on; false if it is no longer queued or running.
 */
export async function markRunning(db: Db, id: string, token: string): Promise<boolean> {
  const rows = await db
    .update(emailImports)
    .set({ state: 'running', runToken: token, updatedAt: new Date() })
    .where(and(eq(emailImports.id, id), inArray(emailImports.state, ['queued', 'running'])))
    .returning({ id: emailImports.id });
  return rows.length > 0;
}

export type Position = { fileIndex: number; fileOffset: number; fileMessage: number };
export type Counts = { imported: number; duplicates: number; failed: number; failures: ImportFailure[] };

/**
 * Moves a running import from `from` to `to` and adds a batch's counts, in
 * the caller's transaction (the one that stores the batch). Throws
 * ImportMoved, rolling the batch back, when the import is not at `from`, no
 * longer running (cancelled) or run by a newer run (`token`).
 */
export async function advance(tx: Db, id: string, token: string, from: Position, to: Position, counts: Counts): Promise<void> {
  const { failures } = counts;
  const rows = await tx
    .update(emailImports)
    .set({
      ...to,
      imported: sql`${emailImports.imported} + ${counts.imported}`,
      duplicates: sql`${emailImports.duplicates} + ${counts.duplicates}`,
      failed: sql`${emailImports.failed} + ${counts.failed}`,
      // The caller passes only what fits under maxStoredFailures.
      ...(failures.length > 0 && { failures: sql`${emailImports.failures} || ${JSON.stringify(failures)}::jsonb` }),
      updatedAt: new Date(),
    })
    .where(
      and(
        eq(emailImports.id, id),
        eq(emailImports.state, 'running'),
        eq(emailImports.runToken, token),
        eq(emailImports.fileIndex, from.fileIndex),
        eq(emailImports.fileOffset, from.fileOffset),
        eq(emailImports.fileMessage, from.fileMessage),
      ),
    )
    .returning({ id: emailImports.id });
  if (rows.length === 0) throw new ImportMoved('the import was cancelled or moved on elsewhere');
}

/** True when this run finished it (once: a second finish finds it done). */
export async function finish(db: Db, id: string, token: string): Promise<boolean> {
  const done = await db
    .update(emailImports)
    .set({ state: 'done', finishedAt: new Date(), updatedAt: new Date() })
    .where(and(eq(emailImports.id, id), eq(emailImports.state, 'running'), eq(emailImports.runToken, token)))
    .returning({ id: emailImports.id });
  return done.length > 0;
}

/** The case an import went into: its title and owner, for the summary notice. */
export async function findImportCase(db: Db, caseId: string): Promise<{ title: string; ownerId: string | null } | null> {
  const [row] = await db.select({ title: cases.title, ownerId: cases.ownerId }).from(cases).where(eq(cases.id, caseId));
  return row ?? null;
}

/** Whether the import is still running under this run's token. */
export async function isRunBy(db: Db, id: string, token: string): Promise<boolean> {
  const [row] = await db
    .select({ id: emailImports.id })
    .from(emailImports)
    .where(and(eq(emailImports.id, id), eq(emailImports.state, 'running'), eq(emailImports.runToken, token)))
    .limit(1);
  return row !== undefined;
}

/** Running → failed, whichever run had it (the job gave up after its last attempt). */
export async function fail(db: Db, id: string, error: string): Promise<void> {
  await db
    .update(emailImports)
    .set({ state: 'failed', error, finishedAt: new Date(), updatedAt: new Date() })
    .where(and(eq(emailImports.id, id), eq(emailImports.state, 'running')));
}

/** Queued or running → cancelled; the row as it is afterwards. */
export async function cancel(db: Db, id: string): Promise<ImportRow | undefined> {
  await db
    .update(emailImports)
    .set({ state: 'cancelled', finishedAt: new Date(), updatedAt: new Date() })
    .where(and(eq(emailImports.id, id), inArray(emailImports.state, ['queued', 'running'])));
  return findImport(db, id);
}

/** Cancelled → queued, to go on from where it stopped; false if it was not cancelled. */
export async function requeue(db: Db, id: string): Promise<boolean> {
  const rows = await db
    .update(emailImports)
    .set({ state: 'queued', finishedAt: null, updatedAt: new Date() })
    .where(and(eq(emailImports.id, id), eq(emailImports.state, 'cancelled')))
    .returning({ id: emailImports.id });
  return rows.length > 0;
}
