import { isTimeZone } from '@casehub/contract';
import { and, eq, gte, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../storage/db.js';
import { activityIndex, cases, emails, expectationIndex, responseClocks } from '../../storage/schema.js';
import { caseVisibleTo, type Viewer } from '../access/visibility.js';

/**
 * The cases the dashboard counts: those the reader may see (A14), not a merged duplicate (its
 * entries and emails moved to the surviving case, issue 17.5). Each query below joins `cases`.
 */
export const visibleCases = (viewer: Viewer): SQL => sql`(${caseVisibleTo(viewer)}) and ${isNull(cases.mergedInto)}`;

/** The Monday that starts the week of a timestamp column in the workspace's time zone, as YYYY-MM-DD. */
const weekOf = (column: typeof expectationIndex.dueAt, timeZone: string) => {
  // A literal, not a parameter: GROUP BY must repeat the select's expression exactly, and a second
  // parameter would make it a different one. The name passed isTimeZone (letters, digits, _ + - /).
  if (!isTimeZone(timeZone)) throw new Error(`not a time zone: ${timeZone}`);
  return sql<string>`to_char(date_trunc('week', ${column} at time zone ${sql.raw(`'${timeZone}'`)}), 'YYYY-MM-DD')`;
};

/** The weeks counted: from the first Monday's local midnight to the one after the current week, and the zone they are in. */
export type Window = { from: Date; to: Date; timeZone: string };

export async function countCasesByStage(db: Db, visible: SQL) {
  return db
    .select({ kind: cases.kind, stage: cases.stage, count: sql<number>`count(*)::int` })
    .from(cases)
    .where(visible)
    .groupBy(cases.kind, cases.stage);
}

export async function expectationOutcomesByWeek(db: Db, visible: SQL, w: Window) {
  const week = weekOf(expectationIndex.dueAt, w.timeZone);
  return (
    db
      .select({
        week,
        met: sql<number>`count(*) filter (where ${expectationIndex.status} = 'met')::int`,
        missed: sql<number>`count(*) filter (where ${expectationIndex.status} = 'missed')::int`,
      })
      .from(expectationIndex)
      .innerJoin(cases, eq(cases.id, expectationIndex.caseId))
      // Only the team's own promises are kept or missed by the team (issue 20.11: a guest's are the customer's).
      .where(
        and(
          visible,
          inArray(expectationIndex.status, ['met', 'missed']),
          eq(expectationIndex.promiseSide, 'team'),
          gte(expectationIndex.dueAt, w.from),
          lt(expectationIndex.dueAt, w.to),
        ),
      )
      .groupBy(week)
  );
}

/** First-response clocks started in the window (by the week of `startedAt`; the service counts their minutes). */
export async function firstResponseClocks(db: Db, visible: SQL, w: Window) {
  return db
    .select({ startedAt: responseClocks.startedAt, respondedAt: responseClocks.respondedAt, breached: sql<boolean>`${responseClocks.breachedAt} is not null` })
    .from(responseClocks)
    .innerJoin(cases, eq(cases.id, responseClocks.caseId))
    .where(and(visible, gte(responseClocks.startedAt, w.from), lt(responseClocks.startedAt, w.to)));
}

/**
 * Inbound emails in the team streams of visible cases, with the text they
 * were scored on. The flag itself lives only in the document entry
 * (activity_index has no column for it), so the caller scores them again.
 */
export async function inboundEmailEntries(db: Db, visible: SQL, w: Window) {
  return (
    db
      // The sender's own words where stored (issue 13.7), as on arrival.
      .select({ at: activityIndex.at, subject: emails.subject, text: sql<string>`coalesce(${emails.ownText}, ${emails.textBody})` })
      .from(activityIndex)
      .innerJoin(cases, eq(cases.id, activityIndex.caseId))
      .innerJoin(emails, eq(emails.id, activityIndex.emailId))
      .where(
        and(
          visible,
          eq(activityIndex.side, 'team'),
          eq(activityIndex.kind, 'email'),
          eq(emails.direction, 'inbound'),
          isNull(emails.parseError),
          // Bounces and automatic replies are never moments of truth (issue 13.8).
          isNull(emails.automatic),
          gte(activityIndex.at, w.from),
          lt(activityIndex.at, w.to),
        ),
      )
  );
}
