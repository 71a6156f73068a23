import { and, desc, eq, gt, inArray, lte, ne, sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../storage/db.js';
import { activityIndex, caseFieldChanges, caseMembers, caseOpenings, cases, caseVisits, emails, files, memberships, users } from '../../storage/schema.js';
import { caseVisibleTo } from '../access/visibility.js';

export type Side = 'team' | 'shared';
export type OpeningTarget = 'file' | 'email';

/** Openings of one thing by one person closer together than this count once (a PDF viewer asks for many ranges). */
const openingGapSql = sql`interval '5 minutes'`;

/** Records an opening of the case; answers the visit row as it was before (null the first time). */
export async function recordVisit(db: Db, caseId: string, userId: string, at: Date): Promise<{ openedAt: Date; seenThrough: Date | null } | null> {
  const [before] = await db
    .select({ openedAt: caseVisits.openedAt, seenThrough: caseVisits.seenThrough })
    .from(caseVisits)
    .where(and(eq(caseVisits.caseId, caseId), eq(caseVisits.userId, userId)));
  // The first visit counts as read up to now: a newcomer is not shown the whole history as "new".
  await db
    .insert(caseVisits)
    .values({ caseId, userId, openedAt: at, seenThrough: at })
    .onConflictDoUpdate({ target: [caseVisits.caseId, caseVisits.userId], set: { openedAt: at } });
  return before ?? null;
}

/** Moves how far a person has read; never backwards (two tabs, a late request). */
export async function markSeen(db: Db, caseId: string, userId: string, through: Date): Promise<void> {
  await db
    .insert(caseVisits)
    .values({ caseId, userId, openedAt: through, seenThrough: through })
    .onConflictDoUpdate({
      target: [caseVisits.caseId, caseVisits.userId],
      set: { seenThrough: sql`greatest(coalesce(${caseVisits.seenThrough}, 'epoch'::timestamptz), excluded.seen_through)` },
    });
}

/** The reader's side: a guest reads the shared document; a member reads both (DESIGN §3: a member sees the shared side too). */
export type ChangeWindow = { caseId: string; side: Side; after: Date; through: Date; notBy: string };

/**
 * The stream entries a reader of `side` may see. A member's are the team document's and the shared
 * one's: what a guest wrote (a note, an upload) is only there. An entry shared by the team is in both
 * under one id, so it is counted once.
 */
const readableBy = (side: Side) => (side === 'shared' ? sql`${activityIndex.side} = 'shared'` : sql`true`);

export type EntryRow = { activityId: string; kind: string; at: Date; actorName: string; summary: string };

/** Stream entries in the window by anyone but the reader, newest first: counts by kind and the newest `limit`. */
export async function entriesIn(db: Db, w: ChangeWindow, limit: number): Promise<{ counts: Record<string, number>; newest: EntryRow[] }> {
  const where = and(
    eq(activityIndex.caseId, w.caseId),
    readableBy(w.side),
    gt(activityIndex.at, w.after),
    lte(activityIndex.at, w.through),
    sql`${activityIndex.actorId} is distinct from ${w.notBy}`,
  );
  const counted = await db
    .select({ kind: activityIndex.kind, n: sql<number>`count(distinct ${activityIndex.activityId})::int` })
    .from(activityIndex)
    .where(where)
    .groupBy(activityIndex.kind);
  const rows = await db
    .select({
      activityId: activityIndex.activityId,
      kind: activityIndex.kind,
      at: activityIndex.at,
      actorName: sql<string>`coalesce(${users.name}, 'Casehub')`,
      summary: activityIndex.summary,
    })
    .from(activityIndex)
    .leftJoin(users, eq(users.id, activityIndex.actorId))
    .where(where)
    .orderBy(desc(activityIndex.at), activityIndex.activityId)
    // An entry may come twice (both sides): twice the rows still hold `limit` distinct entries.
    .limit(limit * 2);
  const distinct = [...new Map(rows.map((r) => [r.activityId, r])).values()].slice(0, limit);
  return { counts: Object.fromEntries(counted.map((r) => [r.kind, Number(r.n)])), newest: distinct };
}

export type FieldChangeRow = { field: string; before: string | null; after: string | null; at: Date };

/** Field changes in the window, oldest first; `sharedOnly` for guests. */
export async function fieldChangesIn(db: Db, w: Omit<ChangeWindow, 'side' | 'notBy'>, sharedOnly: boolean): Promise<FieldChangeRow[]> {
  return db
    .select({ field: caseFieldChanges.field, before: caseFieldChanges.before, after: caseFieldChanges.after, at: caseFieldChanges.at })
    .from(caseFieldChanges)
    .where(
      and(
        eq(caseFieldChanges.caseId, w.caseId),
        gt(caseFieldChanges.at, w.after),
        lte(caseFieldChanges.at, w.through),
        sharedOnly ? eq(caseFieldChanges.shared, true) : undefined,
      ),
    )
    .orderBy(caseFieldChanges.at, caseFieldChanges.id);
}

export type JoinedRow = { userId: string; name: string; guest: boolean; at: Date };

/** People added to the case team in the window, but the reader; `guestsOnly` for guests, who do not see the team's roster. */
export async function joinedIn(db: Db, w: Omit<ChangeWindow, 'side'> & { workspaceId: string }, guestsOnly: boolean): Promise<JoinedRow[]> {
  const rows = await db
    .select({ userId: caseMembers.userId, name: users.name, role: memberships.role, at: caseMembers.addedAt })
    .from(caseMembers)
    .innerJoin(users, eq(users.id, caseMembers.userId))
    .innerJoin(memberships, and(eq(memberships.userId, caseMembers.userId), eq(memberships.workspaceId, w.workspaceId)))
    .where(and(eq(caseMembers.caseId, w.caseId), gt(caseMembers.addedAt, w.after), lte(caseMembers.addedAt, w.through), ne(caseMembers.userId, w.notBy)))
    .orderBy(caseMembers.addedAt);
  return rows.map((r) => ({ userId: r.userId, name: r.name, guest: r.role === 'guest', at: r.at })).filter((r) => !guestsOnly || r.guest);
}

/** Of these cases, those with an entry or a field change by someone else after the reader last marked them read (or ever, if never). */
export async function unreadOf(db: Db, caseIds: string[], reader: { userId: string; side: Side }): Promise<Set<string>> {
  if (caseIds.length === 0) return new Set();
  const seen = sql`coalesce((select ${caseVisits.seenThrough} from ${caseVisits} where ${caseVisits.caseId} = x.case_id and ${caseVisits.userId} = ${reader.userId}), 'epoch'::timestamptz)`;
  const ids = sql.join(
    caseIds.map((id) => sql`${id}`),
    sql`, `,
  );
  const sharedOnly = reader.side === 'shared' ? sql`and ${caseFieldChanges.shared}` : sql``;
  const rows = await db.execute<{ case_id: string }>(sql`
    select x.case_id from (
      select ${activityIndex.caseId} as case_id, max(${activityIndex.at}) as at from ${activityIndex}
        where ${activityIndex.caseId} in (${ids}) and ${readableBy(reader.side)} and ${activityIndex.actorId} is distinct from ${reader.userId}
        group by ${activityIndex.caseId}
      union all
      select ${caseFieldChanges.caseId}, max(${caseFieldChanges.at}) from ${caseFieldChanges}
        where ${caseFieldChanges.caseId} in (${ids}) ${sharedOnly}
        group by ${caseFieldChanges.caseId}
    ) x where x.at > ${seen}`);
  return new Set(rowsOf<{ case_id: string }>(rows).map((r) => r.case_id));
}

/** Counts an opening of a file or an email; answers whether it counted (false within 5 minutes of the last one). */
export async function recordOpening(db: Db, row: { caseId: string; userId: string; target: OpeningTarget; targetId: string }): Promise<boolean> {
  const [result] = await db
    .insert(caseOpenings)
    .values(row)
    .onConflictDoUpdate({
      target: [caseOpenings.caseId, caseOpenings.userId, caseOpenings.target, caseOpenings.targetId],
      set: {
        count: sql`case when ${caseOpenings.lastAt} < now() - ${openingGapSql} then ${caseOpenings.count} + 1 else ${caseOpenings.count} end`,
        lastAt: sql`case when ${caseOpenings.lastAt} < now() - ${openingGapSql} then now() else ${caseOpenings.lastAt} end`,
      },
    })
    // now() is the statement's time: the last opening is now exactly when this one counted (a new row included).
    .returning({ counted: sql<boolean>`${caseOpenings.lastAt} = now()` });
  return result?.counted === true;
}

export type VisitRow = { userId: string; name: string; role: string; openedAt: Date };
export type OpeningRow = { userId: string; target: OpeningTarget; targetId: string; name: string; firstAt: Date; lastAt: Date; count: number };

/** Everyone who opened the case, and what they opened. */
export async function viewsOf(
  db: Db,
  caseId: string,
  workspaceId: string,
): Promise<{ visits: VisitRow[]; openings: OpeningRow[]; people: Map<string, { name: string; role: string }> }> {
  const visits = await db
    .select({ userId: caseVisits.userId, name: users.name, role: memberships.role, openedAt: caseVisits.openedAt })
    .from(caseVisits)
    .innerJoin(users, eq(users.id, caseVisits.userId))
    .innerJoin(memberships, and(eq(memberships.userId, caseVisits.userId), eq(memberships.workspaceId, workspaceId)))
    .where(eq(caseVisits.caseId, caseId))
    .orderBy(desc(caseVisits.openedAt));
  const openings = await db
    .select({
      userId: caseOpenings.userId,
      target: caseOpenings.target,
      targetId: caseOpenings.targetId,
      name: sql<string>`coalesce(${files.name}, nullif(${emails.subject}, ''), '(no subject)')`,
      firstAt: caseOpenings.firstAt,
      lastAt: caseOpenings.lastAt,
      count: caseOpenings.count,
    })
    .from(caseOpenings)
    .leftJoin(files, and(eq(caseOpenings.target, 'file'), eq(files.id, caseOpenings.targetId)))
    .leftJoin(emails, and(eq(caseOpenings.target, 'email'), eq(emails.id, caseOpenings.targetId)))
    .where(eq(caseOpenings.caseId, caseId))
    .orderBy(desc(caseOpenings.lastAt));
  const ids = [...new Set(openings.map((o) => o.userId).filter((id) => !visits.some((v) => v.userId === id)))];
  const others = ids.length
    ? await db
        .select({ userId: users.id, name: users.name, role: memberships.role })
        .from(users)
        .innerJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.workspaceId, workspaceId)))
        .where(inArray(users.id, ids))
    : [];
  const people = new Map([...visits, ...others].map((p) => [p.userId, { name: p.name, role: p.role }]));
  return { visits, openings: openings.map((o) => ({ ...o, count: Number(o.count) })), people };
}

export type VisitedCase = { caseId: string; title: string; seenThrough: Date };

/** The cases a person has opened and may still see, with how far they read each; most recently opened first. */
export async function visitedCases(
  db: Db,
  reader: { workspaceId: string; userId: string },
  limit: number,
): Promise<{ role: (typeof memberships.$inferSelect)['role'] | null; cases: VisitedCase[] }> {
  const [membership] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, reader.workspaceId), eq(memberships.userId, reader.userId)));
  if (!membership) return { role: null, cases: [] };
  const rows = await db
    .select({
      caseId: cases.id,
      title: cases.title,
      seenThrough: sql<Date>`coalesce(${caseVisits.seenThrough}, ${caseVisits.openedAt})`.mapWith(caseVisits.openedAt),
    })
    .from(caseVisits)
    .innerJoin(cases, eq(cases.id, caseVisits.caseId))
    .where(and(eq(caseVisits.userId, reader.userId), caseVisibleTo({ ...reader, role: membership.role })))
    .orderBy(desc(caseVisits.openedAt))
    .limit(limit);
  return { role: membership.role, cases: rows };
}

/** Stores the fields of a case that changed (the case index calls this when it rewrites a row). */
export async function insertFieldChanges(
  db: Db,
  caseId: string,
  changes: Array<{ field: string; before: string | null; after: string | null; shared: boolean }>,
): Promise<void> {
  if (changes.length === 0) return;
  await db.insert(caseFieldChanges).values(changes.map((c) => ({ caseId, ...c })));
}
