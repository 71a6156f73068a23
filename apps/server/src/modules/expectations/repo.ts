import type { PromiseSide } from '@casehub/case-document';
import { isTimeZone } from '@casehub/contract';
import { and, asc, eq, gte, inArray, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../storage/db.js';
import { caseMembers, cases, expectationIndex, memberships, users } from '../../storage/schema.js';
import { caseSideVisibleTo, type Viewer } from '../access/visibility.js';

/**
 * Which of `userIds` may own a promise on this case (issue 20.11): a member
 * of the case's workspace, or, for a promise the customer made, a guest on
 * this case's team. Whoever wrote the promise (over HTTP or straight into a
 * document over /sync), nobody else is named as its owner, counted in its
 * owner's kept-promise rate or told when it is missed.
 */
export async function eligibleOwners(db: Db, workspaceId: string, caseId: string, userIds: readonly string[], side: PromiseSide): Promise<Set<string>> {
  const ids = [...new Set(userIds)];
  if (ids.length === 0) return new Set();
  const [people, team] = await Promise.all([
    db
      .select({ userId: memberships.userId, role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.workspaceId, workspaceId), inArray(memberships.userId, ids))),
    db
      .select({ userId: caseMembers.userId })
      .from(caseMembers)
      .where(and(eq(caseMembers.caseId, caseId), inArray(caseMembers.userId, ids))),
  ]);
  const onCase = new Set(team.map((t) => t.userId));
  return new Set(people.filter((p) => p.role !== 'guest' || (side === 'customer' && onCase.has(p.userId))).map((p) => p.userId));
}

/** The indexed side of one promise of a case (who promised), or null when it is not indexed. */
export async function findPromiseSide(db: Db, caseId: string, expectationId: string): Promise<PromiseSide | null> {
  const [row] = await db
    .select({ promiseSide: expectationIndex.promiseSide })
    .from(expectationIndex)
    .where(and(eq(expectationIndex.caseId, caseId), eq(expectationIndex.expectationId, expectationId)));
  return row?.promiseSide ?? null;
}

export type ExpectationView = 'week' | 'at-risk' | 'missed' | 'open' | 'all';

/** Promises of cases the viewer may see, on a side they may read (A14: guests their own cases' shared side). */
const visibleTo = (viewer: Viewer): SQL[] => [eq(expectationIndex.workspaceId, viewer.workspaceId), caseSideVisibleTo(viewer, expectationIndex.side)];

/** The viewer's promises in one view, soonest due first, with their case and owner's name. */
export async function listVisibleExpectations(db: Db, viewer: Viewer, q: { view: ExpectationView; caseId?: string | undefined; now: Date }) {
  const filters = visibleTo(viewer);
  if (q.caseId) filters.push(eq(expectationIndex.caseId, q.caseId));
  if (q.view === 'week') {
    const t = q.now;
    filters.push(
      inArray(expectationIndex.status, ['open', 'at-risk']),
      gte(expectationIndex.dueAt, t),
      lte(expectationIndex.dueAt, new Date(t.getTime() + 7 * 86_400_000)),
    );
  } else if (q.view === 'open') filters.push(inArray(expectationIndex.status, ['open', 'at-risk']));
  else if (q.view !== 'all') filters.push(eq(expectationIndex.status, q.view));
  return db
    .select({ row: expectationIndex, caseTitle: cases.title, account: cases.account, ownerName: users.name })
    .from(expectationIndex)
    .innerJoin(cases, eq(cases.id, expectationIndex.caseId))
    .leftJoin(users, eq(users.id, expectationIndex.ownerId))
    .where(and(...filters))
    .orderBy(asc(expectationIndex.dueAt))
    .limit(500);
}

export type KeptCount = { kept: number; total: number };

/**
 * Kept and settled promises the viewer may see, overall, per owner and per
 * account, of one side: what the team promised (`team`), or what the
 * customer did (`customer`, issue 15.2). The two are never added together:
 * a customer's promise (every one a guest writes) is no one on the team's
 * record (issue 20.11).
 */
export async function countKeptPromises(db: Db, viewer: Viewer, side: 'team' | 'customer') {
  const where = and(...visibleTo(viewer), inArray(expectationIndex.status, ['met', 'missed']), eq(expectationIndex.promiseSide, side));
  const kept = sql<number>`count(*) filter (where ${expectationIndex.status} = 'met')::int`;
  const total = sql<number>`count(*)::int`;
  const [overall, byOwner, byAccount] = await Promise.all([
    db.select({ kept, total }).from(expectationIndex).innerJoin(cases, eq(cases.id, expectationIndex.caseId)).where(where),
    db
      .select({ ownerId: expectationIndex.ownerId, name: users.name, kept, total })
      .from(expectationIndex)
      .innerJoin(cases, eq(cases.id, expectationIndex.caseId))
      .leftJoin(users, eq(users.id, expectationIndex.ownerId))
      .where(where)
      .groupBy(expectationIndex.ownerId, users.name),
    db
      .select({ account: cases.account, kept, total })
      .from(expectationIndex)
      .innerJoin(cases, eq(cases.id, expectationIndex.caseId))
      .where(where)
      .groupBy(cases.account),
  ]);
  return { overall: overall[0] ?? { kept: 0, total: 0 }, byOwner, byAccount };
}

/**
 * Kept and settled promises of both sides per month they came due (issue
 * 15.2, "over time"), per owner and account, from `from` up to `to`, the
 * months read on the clocks of `timeZone`. The caller adds them up.
 */
export async function countKeptPromisesByMonth(db: Db, viewer: Viewer, w: { from: Date; to: Date; timeZone: string }) {
  // A literal, not a parameter: GROUP BY must repeat the select's expression exactly. The name passed isTimeZone.
  if (!isTimeZone(w.timeZone)) throw new Error(`not a time zone: ${w.timeZone}`);
  const month = sql<string>`to_char(date_trunc('month', ${expectationIndex.dueAt} at time zone ${sql.raw(`'${w.timeZone}'`)}), 'YYYY-MM')`;
  return db
    .select({
      month,
      promiseSide: expectationIndex.promiseSide,
      ownerId: expectationIndex.ownerId,
      name: users.name,
      account: cases.account,
      kept: sql<number>`count(*) filter (where ${expectationIndex.status} = 'met')::int`,
      total: sql<number>`count(*)::int`,
    })
    .from(expectationIndex)
    .innerJoin(cases, eq(cases.id, expectationIndex.caseId))
    .leftJoin(users, eq(users.id, expectationIndex.ownerId))
    .where(
      and(...visibleTo(viewer), inArray(expectationIndex.status, ['met', 'missed']), gte(expectationIndex.dueAt, w.from), lt(expectationIndex.dueAt, w.to)),
    )
    .groupBy(month, expectationIndex.promiseSide, expectationIndex.ownerId, users.name, cases.account);
}
