import { and, asc, eq, getTableColumns, gt, inArray, sql } from 'drizzle-orm';
import { PgColumn, type PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../../storage/db.js';
import { accounts, cases, contacts, emails, memberships, users, workspaceSettings, workspaces } from '../../storage/schema.js';
import { storedColumns, type TableSpec } from './tables.js';

function column(table: PgTable, key: string): PgColumn {
  const found = getTableColumns(table)[key];
  if (!(found instanceof PgColumn)) throw new Error(`no column ${key}`);
  return found;
}

/**
 * One page of a table's rows in a workspace (or one of its cases), in key
 * order after `after`: the export reads any table this way, so no table is
 * ever held whole.
 */
export async function pageRows(db: Db, spec: TableSpec, scopeId: string, after: string | null, limit: number): Promise<Array<Record<string, unknown>>> {
  const scope = column(spec.table, spec.scope === 'workspace' ? 'workspaceId' : 'caseId');
  const key = column(spec.table, spec.key);
  return db
    .select(storedColumns(spec.table))
    .from(spec.table)
    .where(and(eq(scope, scopeId), after === null ? undefined : gt(key, after)))
    .orderBy(asc(key))
    .limit(limit);
}

export async function pageCaseIds(db: Db, workspaceId: string, after: string | null, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: cases.id })
    .from(cases)
    .where(and(eq(cases.workspaceId, workspaceId), after === null ? undefined : gt(cases.id, after)))
    .orderBy(asc(cases.id))
    .limit(limit);
  return rows.map((r) => r.id);
}

export async function findWorkspaceWithSettings(db: Db, workspaceId: string) {
  const [row] = await db
    .select({
      id: workspaces.id,
      name: workspaces.name,
      createdAt: workspaces.createdAt,
      responseTargets: workspaceSettings.responseTargets,
      businessHours: workspaceSettings.businessHours,
    })
    .from(workspaces)
    .leftJoin(workspaceSettings, eq(workspaceSettings.workspaceId, workspaces.id))
    .where(eq(workspaces.id, workspaceId));
  return row;
}

/** Members and guests with their role; never a password hash. */
export async function listMembersForExport(db: Db, workspaceId: string) {
  return db
    .select({ id: users.id, email: users.email, name: users.name, role: memberships.role, createdAt: users.createdAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.workspaceId, workspaceId))
    .orderBy(asc(users.id));
}

/** What already holds the workspace: an import goes only into an empty one. */
export async function countWorkspaceContent(db: Db, workspaceId: string): Promise<{ cases: number; emails: number; contacts: number; accounts: number }> {
  const count = async (table: typeof cases | typeof emails | typeof contacts | typeof accounts) => {
    const [row] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(table)
      .where(eq(table.workspaceId, workspaceId));
    return row?.n ?? 0;
  };
  return { cases: await count(cases), emails: await count(emails), contacts: await count(contacts), accounts: await count(accounts) };
}

/** Which of these ids a table already has (to give an imported row a new one). */
export async function existingIds(db: Db, table: PgTable, ids: readonly string[]): Promise<Set<string>> {
  const id = column(table, 'id');
  const out = new Set<string>();
  for (let i = 0; i < ids.length; i += 1000) {
    const rows = await db
      .select({ id })
      .from(table)
      .where(inArray(id, ids.slice(i, i + 1000)));
    for (const r of rows) out.add(String(r.id));
  }
  return out;
}

export async function findUsersByEmails(db: Db, emailsLower: readonly string[]) {
  const out: Array<{ id: string; email: string }> = [];
  for (let i = 0; i < emailsLower.length; i += 1000) {
    out.push(
      ...(await db
        .select({ id: users.id, email: users.email })
        .from(users)
        .where(inArray(sql`lower(${users.email})`, emailsLower.slice(i, i + 1000)))),
    );
  }
  return out;
}

export async function insertRows(db: Db, table: PgTable, rows: ReadonlyArray<Record<string, unknown>>): Promise<void> {
  if (rows.length > 0) await db.insert(table).values([...rows]);
}

export async function insertImportedUser(db: Db, row: { id: string; email: string; name: string; passwordHash: string; createdAt: Date }): Promise<void> {
  await db.insert(users).values(row);
}

export async function insertWorkspaceRow(db: Db, row: { id: string; name: string }): Promise<void> {
  await db.insert(workspaces).values(row);
}

export async function addMembership(db: Db, row: typeof memberships.$inferInsert): Promise<void> {
  await db.insert(memberships).values(row).onConflictDoNothing();
}

export async function saveResponseTargets(db: Db, workspaceId: string, responseTargets: Record<string, number>): Promise<void> {
  await db
    .insert(workspaceSettings)
    .values({ workspaceId, responseTargets })
    .onConflictDoUpdate({ target: workspaceSettings.workspaceId, set: { responseTargets, updatedAt: new Date() } });
}

/** Held until the transaction ends: one import into a workspace at a time. */
export async function lockWorkspace(db: Db, workspaceId: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`import:${workspaceId}`}))`);
}
