import type { CaseListQuery, CustomFieldDefinition } from '@casehub/contract';
import { and, asc, count, desc, eq, gt, ilike, inArray, isNull, ne, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../storage/db.js';
import { caseMembers, caseMerges, cases, memberships, users } from '../../storage/schema.js';
import { caseVisibleTo, type Viewer } from '../access/visibility.js';

export type CaseRow = typeof cases.$inferSelect;
export type CaseMemberRow = typeof caseMembers.$inferSelect;

export async function insertCase(db: Db, row: typeof cases.$inferInsert): Promise<void> {
  await db.insert(cases).values(row);
}

/** A case of this workspace with the given person's row on its team, if any. */
export async function findCaseWithMembership(db: Db, workspaceId: string, caseId: string, userId: string) {
  const [row] = await db
    .select({ case: cases, membership: caseMembers })
    .from(cases)
    .leftJoin(caseMembers, and(eq(caseMembers.caseId, cases.id), eq(caseMembers.userId, userId)))
    .where(and(eq(cases.workspaceId, workspaceId), eq(cases.id, caseId)))
    .limit(1);
  return row;
}

export async function listCaseMembers(db: Db, caseId: string) {
  return db
    .select({ userId: users.id, name: users.name, email: users.email, access: caseMembers.access, role: caseMembers.role })
    .from(caseMembers)
    .innerJoin(users, eq(users.id, caseMembers.userId))
    .where(eq(caseMembers.caseId, caseId))
    .orderBy(asc(caseMembers.addedAt));
}

export async function upsertCaseMember(db: Db, row: typeof caseMembers.$inferInsert): Promise<void> {
  await db
    .insert(caseMembers)
    .values(row)
    .onConflictDoUpdate({ target: [caseMembers.caseId, caseMembers.userId], set: { access: row.access, role: row.role ?? null } });
}

export async function deleteCaseMember(db: Db, caseId: string, userId: string): Promise<boolean> {
  const deleted = await db
    .delete(caseMembers)
    .where(and(eq(caseMembers.caseId, caseId), eq(caseMembers.userId, userId)))
    .returning({ userId: caseMembers.userId });
  return deleted.length > 0;
}

/** Writes the projection of a case's fields (the case index). */
export async function updateCaseProjection(
  db: Db,
  caseId: string,
  values: Partial<Pick<CaseRow, 'title' | 'kind' | 'stage' | 'priority' | 'ownerId' | 'account' | 'value' | 'currency' | 'closeDate' | 'custom'>>,
): Promise<void> {
  await db
    .update(cases)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(cases.id, caseId));
}

/** Whether a person is a member, not a guest, of the workspace a case belongs to: who may own it. */
export async function isMemberOfCaseWorkspace(db: Db, caseId: string, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ userId: memberships.userId })
    .from(cases)
    .innerJoin(memberships, and(eq(memberships.workspaceId, cases.workspaceId), eq(memberships.userId, userId)))
    .where(and(eq(cases.id, caseId), ne(memberships.role, 'guest')))
    .limit(1);
  return row !== undefined;
}

/** Marks a case as recently worked on (its plan or stream changed). */
/** Moves `updated_at` of these cases to now, in one statement. */
export async function touchCases(db: Db, caseIds: readonly string[]): Promise<void> {
  if (caseIds.length === 0) return;
  await db
    .update(cases)
    .set({ updatedAt: new Date() })
    .where(inArray(cases.id, [...caseIds]));
}

const sortColumns = {
  updatedAt: cases.updatedAt,
  createdAt: cases.createdAt,
  title: sql`lower(${cases.title})`,
  value: cases.value,
  closeDate: cases.closeDate,
  stage: cases.stage,
} as const;

const isBuiltInSort = (sort: CaseListQuery['sort']): sort is keyof typeof sortColumns => Object.hasOwn(sortColumns, sort);

const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** [issue 17.3] One custom field filter, checked against its definition by the service. */
export type CustomCondition =
  { id: string; match: 'contains'; text: string } | { id: string; match: 'equals'; value: unknown } | { id: string; match: 'unchecked' };

function customCondition(c: CustomCondition): SQL {
  switch (c.match) {
    case 'contains':
      return ilike(sql<string>`${cases.custom}->>${c.id}`, `%${escapeLike(c.text)}%`);
    case 'equals':
      return sql`${cases.custom} @> ${JSON.stringify({ [c.id]: c.value })}::jsonb`;
    case 'unchecked':
      return sql`not (${cases.custom} @> ${JSON.stringify({ [c.id]: true })}::jsonb)`;
  }
}

/**
 * [issue 17.4] What a custom field sorts by, from the case index's `custom`
 * (values there fit their definitions, but are read defensively: a value of
 * another shape sorts as empty). Numbers and money by amount, dates as their
 * ISO text, checkboxes ticked above unticked, selects in the order of their
 * options (a multi select by its first option), people by name, text and
 * URLs without regard to case. No index serves these: the sort runs over the
 * cases the asker may see that pass the filters, as the built-in sorts on
 * value and stage do.
 */
function customSortExpression(def: Pick<CustomFieldDefinition, 'id' | 'type' | 'options'>): SQL {
  const value = sql`(${cases.custom} -> ${def.id}::text)`;
  const options = (): SQL =>
    sql`array[${sql.join(
      def.options.map((o) => sql`${o}::text`),
      sql`, `,
    )}]::text[]`;
  switch (def.type) {
    case 'number':
      return sql`case when jsonb_typeof(${value}) = 'number' then ${value}::double precision end`;
    case 'money':
      return sql`case when jsonb_typeof(${value} -> 'amount') = 'number' then (${value} -> 'amount')::double precision end`;
    case 'checkbox':
      return sql`case when ${value} = 'true'::jsonb then 1 else 0 end`;
    case 'select':
      return def.options.length > 0 ? sql`array_position(${options()}, ${cases.custom} ->> ${def.id}::text)` : sql`null`;
    case 'multiselect':
      return def.options.length > 0 ? sql`array_position(${options()}, ${value} ->> 0)` : sql`null`;
    case 'person':
      return sql`(select lower(${users.name}) from ${users} where ${users.id} = ${cases.custom} ->> ${def.id}::text)`;
    case 'date':
      return sql`case when jsonb_typeof(${value}) = 'string' then ${cases.custom} ->> ${def.id}::text end`;
    case 'text':
    case 'url':
      return sql`case when jsonb_typeof(${value}) = 'string' then lower(${cases.custom} ->> ${def.id}::text) end`;
  }
}

/**
 * The cases a person may see (A14: `caseVisibleTo`, the policy's rule in SQL), filtered and sorted.
 * A `cf:<id>` sort needs its field's definition (`sortField`), checked by the service against what the asker may see.
 */
export async function listVisibleCases(
  db: Db,
  viewer: Viewer,
  q: CaseListQuery,
  custom: readonly CustomCondition[] = [],
  sortField?: Pick<CustomFieldDefinition, 'id' | 'type' | 'options'>,
) {
  // [issue 17.5] A merged duplicate is no longer a case of its own: it only redirects.
  const filters: SQL[] = [caseVisibleTo(viewer), isNull(cases.mergedInto), ...custom.map(customCondition)];
  if (q.q) filters.push(ilike(cases.title, `%${escapeLike(q.q)}%`));
  if (q.kind) filters.push(eq(cases.kind, q.kind));
  if (q.stage) filters.push(eq(cases.stage, q.stage));
  if (q.ownerId !== undefined) filters.push(q.ownerId === '' ? isNull(cases.ownerId) : eq(cases.ownerId, q.ownerId));
  const where = and(...filters);
  const column = sortField ? customSortExpression(sortField) : isBuiltInSort(q.sort) ? sortColumns[q.sort] : cases.updatedAt;
  const order = q.order === 'asc' ? asc(column) : desc(column);
  const [rows, [total]] = await Promise.all([
    db
      .select({ case: cases, ownerName: users.name })
      .from(cases)
      .leftJoin(users, eq(users.id, cases.ownerId))
      .where(where)
      .orderBy(sql`${order} nulls last`, asc(cases.id))
      .limit(q.limit)
      .offset(q.offset),
    db.select({ n: count() }).from(cases).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

/** The workspace a case belongs to, or null if the case is gone (projections skip it). */
export async function findCaseWorkspaceId(db: Db, caseId: string): Promise<string | null> {
  const [row] = await db.select({ workspaceId: cases.workspaceId }).from(cases).where(eq(cases.id, caseId)).limit(1);
  return row?.workspaceId ?? null;
}

/** A case's title, only within its workspace (an invite names the case it is for). */
export async function findCaseTitle(db: Db, workspaceId: string, caseId: string): Promise<string | null> {
  const [row] = await db
    .select({ title: cases.title })
    .from(cases)
    .where(and(eq(cases.workspaceId, workspaceId), eq(cases.id, caseId)))
    .limit(1);
  return row?.title ?? null;
}

export async function findUserName(db: Db, userId: string): Promise<string | null> {
  const [row] = await db.select({ name: users.name }).from(users).where(eq(users.id, userId)).limit(1);
  return row?.name ?? null;
}

/** A case's index row by id alone (projections, which hold no actor). */
export async function findCaseRow(db: Db, caseId: string): Promise<CaseRow | undefined> {
  const [row] = await db.select().from(cases).where(eq(cases.id, caseId)).limit(1);
  return row;
}

/** [issue 17.5] Cases merged into this one since `since` and not undone, newest first, with their titles. */
export async function listMergedFrom(db: Db, caseId: string, since: Date) {
  return db
    .select({ caseId: caseMerges.fromCaseId, title: cases.title, at: caseMerges.at })
    .from(caseMerges)
    .innerJoin(cases, eq(cases.id, caseMerges.fromCaseId))
    .where(and(eq(caseMerges.intoCaseId, caseId), isNull(caseMerges.undoneAt), gt(caseMerges.at, since)))
    .orderBy(desc(caseMerges.at));
}
