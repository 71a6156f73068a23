import type { CaseAccess, WorkspaceRole } from '@casehub/contract';
import type { DocSide } from '@casehub/case-document';
import { and, count, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../storage/db.js';
import { caseMembers, cases, memberships, notifications } from '../../storage/schema.js';
import { canReadAbout } from '../access/policy.js';

/** What a notification describes: a side of a case, or (null) the workspace. */
export type About = { caseId: string; side: DocSide } | null;

export type NotificationInsert = typeof notifications.$inferInsert;

/**
 * What the access policy needs to know to decide who may read what some
 * notifications describe: people's workspace roles, the cases, and their rows
 * on those case teams. Loaded in a few queries for many people and cases at once.
 */
export type AccessFacts = {
  roles: Map<string, WorkspaceRole>;
  cases: Map<string, { workspaceId: string; private: boolean }>;
  team: Map<string, CaseAccess>;
};

const chunk = <T>(items: readonly T[], size = 500): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

export async function loadAccessFacts(db: Db, userIds: readonly string[], caseIds: readonly string[]): Promise<AccessFacts> {
  const facts: AccessFacts = { roles: new Map(), cases: new Map(), team: new Map() };
  const users = [...new Set(userIds)];
  const caseList = [...new Set(caseIds)];
  for (const some of chunk(users)) {
    const rows = await db
      .select({ workspaceId: memberships.workspaceId, userId: memberships.userId, role: memberships.role })
      .from(memberships)
      .where(inArray(memberships.userId, some));
    for (const r of rows) facts.roles.set(`${r.workspaceId} ${r.userId}`, r.role);
  }
  for (const some of chunk(caseList)) {
    const rows = await db.select({ id: cases.id, workspaceId: cases.workspaceId, private: cases.private }).from(cases).where(inArray(cases.id, some));
    for (const r of rows) facts.cases.set(r.id, { workspaceId: r.workspaceId, private: r.private });
    for (const people of chunk(users)) {
      const team = await db
        .select({ caseId: caseMembers.caseId, userId: caseMembers.userId, access: caseMembers.access })
        .from(caseMembers)
        .where(and(inArray(caseMembers.caseId, some), inArray(caseMembers.userId, people)));
      for (const t of team) facts.team.set(`${t.caseId} ${t.userId}`, t.access);
    }
  }
  return facts;
}

/** Whether `reader` may read a notification about `about` in their workspace, as the policy decides from `facts`. */
export function mayRead(facts: AccessFacts, reader: { workspaceId: string; userId: string }, about: { caseId: string | null; side: DocSide | null }): boolean {
  const role = facts.roles.get(`${reader.workspaceId} ${reader.userId}`);
  if (!role) return false;
  const asker = { workspaceId: reader.workspaceId, role };
  if (about.caseId === null) return canReadAbout(asker, null);
  const found = facts.cases.get(about.caseId);
  if (!found) return false;
  const access = facts.team.get(`${about.caseId} ${reader.userId}`);
  // A case row written before sides were recorded was about the team document (migration 0006).
  const side = about.side ?? 'team';
  return canReadAbout(asker, { side, case: { ...found, membership: access ? { access } : null } });
}

export async function insertNotifications(db: Db, rows: NotificationInsert[]): Promise<void> {
  if (rows.length > 0) await db.insert(notifications).values(rows);
}

/**
 * A condition on `notifications` for one reader: theirs, in this workspace,
 * and only about what they may still see (issue 20.4). The policy is asked
 * once per case and side their notifications are about; what it refuses is
 * left out by the condition, so lists, counts and digests agree.
 */
export async function readableBy(db: Db, reader: { workspaceId: string; userId: string }): Promise<SQL> {
  const mine = and(eq(notifications.userId, reader.userId), eq(notifications.workspaceId, reader.workspaceId)) ?? sql`false`;
  const subjects = await db.selectDistinct({ caseId: notifications.caseId, side: notifications.side }).from(notifications).where(mine);
  const facts = await loadAccessFacts(
    db,
    [reader.userId],
    subjects.flatMap((s) => (s.caseId ? [s.caseId] : [])),
  );
  if (!facts.roles.has(`${reader.workspaceId} ${reader.userId}`)) return sql`false`;
  const hidden: SQL[] = [];
  for (const s of subjects) {
    if (mayRead(facts, reader, s)) continue;
    if (s.caseId === null) hidden.push(isNull(notifications.caseId));
    else if (s.side === null) hidden.push(sql`(${notifications.caseId} = ${s.caseId} and ${notifications.side} is null)`);
    else hidden.push(sql`(${notifications.caseId} = ${s.caseId} and ${notifications.side} = ${s.side})`);
  }
  if (hidden.length === 0) return mine;
  // Coalesce: a null case id or side must not make `not (...)` unknown, which would hide the row.
  return and(mine, sql`not coalesce((${sql.join(hidden, sql` or `)}), false)`) ?? mine;
}

export type Reader = { workspaceId: string; userId: string };

/** The reader's latest notifications that they may still see, and how many of those are unread. */
export async function listNotifications(db: Db, reader: Reader, limit = 100) {
  const where = await readableBy(db, reader);
  const [rows, [unread]] = await Promise.all([
    db.select().from(notifications).where(where).orderBy(desc(notifications.createdAt)).limit(limit),
    db
      .select({ n: count() })
      .from(notifications)
      .where(and(where, isNull(notifications.readAt))),
  ]);
  return { rows, unread: unread?.n ?? 0 };
}

/** Marks one of the reader's readable notifications read; false when there is no such one. */
export async function markNotificationRead(db: Db, reader: Reader, id: string, at: Date): Promise<boolean> {
  const done = await db
    .update(notifications)
    .set({ readAt: at })
    .where(and(await readableBy(db, reader), eq(notifications.id, id)))
    .returning({ id: notifications.id });
  return done.length > 0;
}

export async function markAllNotificationsRead(db: Db, reader: Reader, at: Date): Promise<void> {
  await db
    .update(notifications)
    .set({ readAt: at })
    .where(and(await readableBy(db, reader), isNull(notifications.readAt)));
}

/** Unread counts per person, workspace and subject, for the live feed to check against the policy. */
export async function unreadBySubject(db: Db, userIds: readonly string[]) {
  const out: Array<{ workspaceId: string; userId: string; caseId: string | null; side: DocSide | null; n: number }> = [];
  for (const some of chunk([...new Set(userIds)])) {
    const rows = await db
      .select({ workspaceId: notifications.workspaceId, userId: notifications.userId, caseId: notifications.caseId, side: notifications.side, n: count() })
      .from(notifications)
      .where(and(inArray(notifications.userId, some), isNull(notifications.readAt)))
      .groupBy(notifications.workspaceId, notifications.userId, notifications.caseId, notifications.side);
    out.push(...rows.map((r) => ({ ...r, n: Number(r.n) })));
  }
  return out;
}
