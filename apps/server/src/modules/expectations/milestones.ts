import { promiseDueAt } from '@casehub/contract';
import { docName, isDateOnly, listMilestones, milestoneNotice, milestonesMap, type MilestoneNotice } from '@casehub/case-document';
import { and, asc, eq, inArray, isNotNull, isNull, lte, ne, or, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type * as Y from 'yjs';
import type { Db } from '../../storage/db.js';
import { caseMembers, cases, milestoneIndex } from '../../storage/schema.js';
import { MapProjector } from '../../sync/map-projector.js';
import type { RoomManager } from '../../sync/rooms.js';
import type { ActivityService } from '../activity/service.js';
import { loadBusinessHours } from '../business-hours/repo.js';
import { findCaseWorkspaceId } from '../cases/repo.js';
import { notify } from '../notifications/service.js';

/**
 * The moment a milestone is due: its time when it has one, else 17:00 on its
 * day in the workspace's time zone, as a promise from a template is.
 */
export function milestoneDueMoment(dueAt: string, zone: string): Date | null {
  const at = isDateOnly(dueAt) ? new Date(promiseDueAt(dueAt, zone)) : new Date(dueAt);
  return Number.isNaN(at.getTime()) ? null : at;
}

/**
 * Projects the shared documents' `milestones` into `milestone_index`, so the
 * clock finds the steps coming due without loading every document. A step
 * given a new due moment may be warned of again.
 */
export function createMilestoneProjector(db: Db, log: Logger, onWritten: () => void): MapProjector<Y.Map<unknown>> {
  return new MapProjector(
    {
      name: 'milestone index',
      map: milestonesMap,
      async write({ caseId, side }, doc, ids) {
        if (side !== 'shared') return;
        const workspaceId = await findCaseWorkspaceId(db, caseId);
        if (!workspaceId) return;
        const { timeZone } = await loadBusinessHours(db, workspaceId);
        const byId = new Map(listMilestones(doc).map((m) => [m.id, m]));
        const rows: Array<typeof milestoneIndex.$inferInsert> = [];
        const gone: string[] = [];
        for (const id of ids) {
          const m = byId.get(id);
          if (!m) gone.push(id);
          else
            rows.push({
              caseId,
              milestoneId: id,
              workspaceId,
              title: m.title,
              dueAt: m.dueAt ? milestoneDueMoment(m.dueAt, timeZone) : null,
              status: m.status,
              updatedAt: new Date(),
            });
        }
        if (gone.length > 0) await db.delete(milestoneIndex).where(and(eq(milestoneIndex.caseId, caseId), inArray(milestoneIndex.milestoneId, gone)));
        if (rows.length === 0) return;
        await db
          .insert(milestoneIndex)
          .values(rows)
          .onConflictDoUpdate({
            target: [milestoneIndex.caseId, milestoneIndex.milestoneId],
            set: {
              title: sql`excluded.title`,
              status: sql`excluded.status`,
              updatedAt: sql`excluded.updated_at`,
              // A new due moment starts the warnings again; the same one keeps what was said.
              notice: sql`case when ${milestoneIndex.dueAt} is not distinct from excluded.due_at then ${milestoneIndex.notice} else null end`,
              dueAt: sql`excluded.due_at`,
            },
          });
        onWritten();
      },
    },
    log,
  );
}

const labels: Record<MilestoneNotice, string> = { 'at-risk': 'Milestone due soon', missed: 'Milestone missed' };

/**
 * Issue 15.1: the plan's steps on the promise clock. A step with a due date
 * that is not done gets one notice when it comes within the at-risk window
 * and one when it is past due: a line in the team's stream and a
 * notification to the case owner and the case team (guests too: the plan is
 * theirs as much). Its `status` is left alone (DESIGN §3): the plan shows it
 * late from its date. Each notice is claimed in the index first, so a second
 * node or an overlapping tick never repeats it.
 */
export class MilestoneClock {
  constructor(private readonly deps: { db: Db; log: Logger; rooms: RoomManager; activity: ActivityService }) {}

  async tick(now: Date, atRiskMs: number): Promise<number> {
    const { db } = this.deps;
    const due = await db
      .select()
      .from(milestoneIndex)
      .where(
        and(
          ne(milestoneIndex.status, 'done'),
          isNotNull(milestoneIndex.dueAt),
          lte(milestoneIndex.dueAt, new Date(now.getTime() + atRiskMs)),
          or(isNull(milestoneIndex.notice), and(eq(milestoneIndex.notice, 'at-risk'), lte(milestoneIndex.dueAt, now))),
        ),
      )
      .orderBy(asc(milestoneIndex.dueAt))
      .limit(500);
    let told = 0;
    for (const row of due) {
      try {
        if (await this.warn(row, now, atRiskMs)) told++;
      } catch (err) {
        this.deps.log.error({ err, caseId: row.caseId, milestoneId: row.milestoneId }, 'milestone notice failed');
      }
    }
    return told;
  }

  private async warn(row: typeof milestoneIndex.$inferSelect, now: Date, atRiskMs: number): Promise<boolean> {
    const { db, rooms, activity } = this.deps;
    const notice = milestoneNotice({ status: row.status, dueMs: row.dueAt?.getTime() ?? null }, now, atRiskMs);
    if (!notice || notice === row.notice || !row.dueAt) return false;
    // The document is the truth: the step may have been done, moved or removed since the index was written.
    let current: { title: string; status: string } | undefined;
    await rooms.change(docName(row.caseId, 'shared'), (doc) => {
      current = listMilestones(doc).find((m) => m.id === row.milestoneId);
    });
    if (!current || current.status === 'done') return false;
    const claimed = await db
      .update(milestoneIndex)
      .set({ notice })
      .where(
        and(
          eq(milestoneIndex.caseId, row.caseId),
          eq(milestoneIndex.milestoneId, row.milestoneId),
          eq(milestoneIndex.dueAt, row.dueAt),
          row.notice ? eq(milestoneIndex.notice, row.notice) : isNull(milestoneIndex.notice),
        ),
      )
      .returning({ caseId: milestoneIndex.caseId });
    if (claimed.length === 0) return false;
    const text = `${labels[notice]}: ${current.title} (due ${row.dueAt.toISOString().slice(0, 10)})`;
    const activityId = await activity.add(row.caseId, 'team', { kind: 'system', at: now.toISOString(), actorId: null, actorName: 'Casehub', summary: text });
    const people = await caseTeamAndOwner(db, row.caseId);
    const n = { workspaceId: row.workspaceId, userIds: people, kind: `milestone.${notice}`, text };
    // Members are pointed at the line just written; guests, who never read the team's stream, at the case's shared side.
    const members = await notify(db, { ...n, about: { caseId: row.caseId, side: 'team' }, activityId });
    const rest = people.filter((p) => !members.includes(p));
    if (rest.length > 0) await notify(db, { ...n, userIds: rest, about: { caseId: row.caseId, side: 'shared' } });
    return true;
  }
}

/** The case owner and everyone on the case team (members and guests); `notify` keeps those who may read. */
async function caseTeamAndOwner(db: Db, caseId: string): Promise<string[]> {
  const [owner] = await db.select({ ownerId: cases.ownerId }).from(cases).where(eq(cases.id, caseId));
  const team = await db.select({ userId: caseMembers.userId }).from(caseMembers).where(eq(caseMembers.caseId, caseId));
  return [...new Set([...(owner?.ownerId ? [owner.ownerId] : []), ...team.map((t) => t.userId)])];
}
