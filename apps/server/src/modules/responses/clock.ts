import { docName, updateActivity, type CaseKind } from '@casehub/case-document';
import { defaultResponseTargets, responseTargets, type ResponseTargets } from '@casehub/contract';
import { and, asc, eq, gt, isNull, lte, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { RecurringJob } from '../../jobs/recurring.js';
import type { JobRunner } from '../../jobs/runner.js';
import type { Db } from '../../storage/db.js';
import { cases, emails, memberships, responseClocks, users, workspaceSettings } from '../../storage/schema.js';
import type { RoomManager } from '../../sync/rooms.js';
import type { ActivityListener, ActivityService } from '../activity/service.js';
import { clockDue } from '../business-hours/calendar.js';
import { loadBusinessHours } from '../business-hours/repo.js';
import { findCaseWorkspaceId } from '../cases/repo.js';
import { notify } from '../notifications/service.js';
import { emitWebhookEvent } from '../webhooks/events.js';
import { responseBreached } from '../webhooks/payloads.js';

export const responseTickJob = 'responses.tick';

/** A clock about to start, written in the same transaction as its message. */
export type PendingClock = {
  dueAt: Date;
  write(tx: Db, message: { emailId: string; activityId: string; threadId: string; assigneeId: string | null }): Promise<void>;
};

/** The workspace's first-response targets, with the defaults for kinds it has not set. */
export async function loadResponseTargets(db: Db, workspaceId: string): Promise<ResponseTargets> {
  const [row] = await db.select({ targets: workspaceSettings.responseTargets }).from(workspaceSettings).where(eq(workspaceSettings.workspaceId, workspaceId));
  const stored = responseTargets.partial().safeParse(row?.targets ?? {});
  return { ...defaultResponseTargets, ...(stored.success ? stored.data : {}) };
}

export async function saveResponseTargets(db: Db, workspaceId: string, targets: ResponseTargets): Promise<void> {
  await db
    .insert(workspaceSettings)
    .values({ workspaceId, responseTargets: targets })
    .onConflictDoUpdate({ target: workspaceSettings.workspaceId, set: { responseTargets: targets, updatedAt: new Date() } });
}

/**
 * The first-response clock. Each inbound message on a case starts one, due
 * after the target for the case's kind; a reply from the case in the same
 * thread stops every clock of that thread; one that passes its due time
 * first is breached: the entry is marked, a line goes to the stream, and the
 * message's owner and the case owner are notified. The clock's state lives
 * on the entry too, so every client shows it live.
 */
export class ResponseClock {
  private readonly recurring: RecurringJob;

  constructor(
    private readonly deps: { db: Db; log: Logger; rooms: RoomManager; activity: ActivityService; jobs: JobRunner; now: () => Date },
    opts: { tickMs: number },
  ) {
    this.recurring = new RecurringJob(deps.db, deps.jobs, responseTickJob, opts.tickMs, () => this.tick());
  }

  start(): Promise<void> {
    return this.recurring.start();
  }

  /**
   * The clock for a message arriving on a case now; none for mail a
   * workspace member sent (a colleague forwarding to the case is not a
   * customer waiting).
   */
  async prepare(workspaceId: string, caseId: string, fromAddress: string): Promise<PendingClock | null> {
    const { db } = this.deps;
    const [row] = await db
      .select({ kind: cases.kind })
      .from(cases)
      .where(and(eq(cases.id, caseId), eq(cases.workspaceId, workspaceId)));
    if (!row) return null;
    const [colleague] = await db
      .select({ id: users.id })
      .from(users)
      .innerJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.workspaceId, workspaceId)))
      .where(and(sql`lower(${users.email}) = lower(${fromAddress})`, sql`${memberships.role} <> 'guest'`))
      .limit(1);
    if (colleague) return null;
    const targets = await loadResponseTargets(db, workspaceId);
    const startedAt = this.deps.now();
    // In working time where the workspace chose it (issue 17.6): Friday 16:30 plus an hour is Monday 09:30.
    const dueAt = clockDue(await loadBusinessHours(db, workspaceId), 'firstResponse', startedAt, targets[row.kind as CaseKind] * 60_000);
    return {
      dueAt,
      write: async (tx, message) => {
        await tx
          .insert(responseClocks)
          .values({ ...message, workspaceId, caseId, caseKind: row.kind, startedAt, dueAt })
          .onConflictDoNothing();
      },
    };
  }

  /** Stops the open clocks of a thread (a reply from the case was accepted by the SMTP server). Returns how many stopped. */
  async stop(workspaceId: string, threadId: string, at: Date = this.deps.now()): Promise<number> {
    const stopped = await this.deps.db
      .update(responseClocks)
      .set({ respondedAt: at })
      .where(and(eq(responseClocks.workspaceId, workspaceId), eq(responseClocks.threadId, threadId), isNull(responseClocks.respondedAt)))
      .returning({ caseId: responseClocks.caseId, activityId: responseClocks.activityId });
    // One change per case marks all of its stopped clocks.
    for (const caseId of new Set(stopped.map((c) => c.caseId))) {
      await this.deps.rooms.change(docName(caseId, 'team'), (doc) => {
        for (const clock of stopped) if (clock.caseId === caseId) updateActivity(doc, clock.activityId, { respondedAt: at.toISOString() });
      });
    }
    return stopped.length;
  }

  /**
   * Stops clocks when an email already sent is added to the stream. A reply
   * written in the case enters queued and stops them only once its send is
   * accepted (email/outbound.ts): queued or failed is no answer.
   */
  readonly onActivity: ActivityListener = async ({ caseId, side, entry }) => {
    if (side !== 'team' || entry.kind !== 'email' || entry.direction !== 'outbound' || entry.sendStatus !== 'sent' || !entry.threadId) return;
    const workspaceId = await findCaseWorkspaceId(this.deps.db, caseId);
    if (workspaceId) await this.stop(workspaceId, entry.threadId, this.deps.now());
  };

  /** One pass: every running clock past its due time is breached (or stopped, if a reply is on record). */
  async tick(): Promise<number> {
    const { db, now } = this.deps;
    const due = await db
      .select()
      .from(responseClocks)
      .where(and(isNull(responseClocks.respondedAt), isNull(responseClocks.breachedAt), lte(responseClocks.dueAt, now())))
      .orderBy(asc(responseClocks.dueAt))
      .limit(500);
    let breached = 0;
    for (const clock of due) {
      // A reply sent whose stop was lost (a crash between its send and the stop) still counts; one not sent does not.
      const arrived = sql`(select m.created_at from ${emails} m where m.id = ${clock.emailId})`;
      const [reply] = await db
        .select({ id: emails.id })
        .from(emails)
        .where(
          and(
            eq(emails.workspaceId, clock.workspaceId),
            eq(emails.threadId, clock.threadId),
            eq(emails.direction, 'outbound'),
            eq(emails.sendStatus, 'sent'),
            gt(emails.createdAt, arrived),
          ),
        )
        .limit(1);
      if (reply) {
        await this.stop(clock.workspaceId, clock.threadId, now());
        continue;
      }
      if (await this.breach(clock)) breached++;
    }
    return breached;
  }

  private async breach(clock: typeof responseClocks.$inferSelect): Promise<boolean> {
    const { db, rooms, activity } = this.deps;
    const at = this.deps.now();
    const [message] = await db
      .select({ subject: emails.subject, fromName: emails.fromName, fromAddress: emails.fromAddress })
      .from(emails)
      .where(eq(emails.id, clock.emailId));
    const [owner] = await db.select({ ownerId: cases.ownerId, title: cases.title }).from(cases).where(eq(cases.id, clock.caseId));
    const who = message?.fromName || message?.fromAddress || 'the customer';
    const text = `First response overdue: "${message?.subject || '(no subject)'}" from ${who}`;
    // The mark and the Slack line for webhooks (issue 16.1) commit together: one breach, one message.
    const marked = await db.transaction(async (tx) => {
      const [row] = await tx
        .update(responseClocks)
        .set({ breachedAt: at })
        .where(and(eq(responseClocks.emailId, clock.emailId), isNull(responseClocks.breachedAt), isNull(responseClocks.respondedAt)))
        .returning({ emailId: responseClocks.emailId });
      if (row) await emitWebhookEvent(tx, responseBreached(clock.workspaceId, clock.caseId, text, owner?.title ?? null));
      return row;
    });
    if (!marked) return false;
    await rooms.change(docName(clock.caseId, 'team'), (doc) => {
      updateActivity(doc, clock.activityId, { responseBreachedAt: at.toISOString() });
    });
    const activityId = await activity.add(clock.caseId, 'team', { kind: 'system', at: at.toISOString(), actorId: null, actorName: 'Casehub', summary: text });
    await notify(db, {
      workspaceId: clock.workspaceId,
      userIds: [...(clock.assigneeId ? [clock.assigneeId] : []), ...(owner?.ownerId ? [owner.ownerId] : [])],
      kind: 'response.breached',
      about: { caseId: clock.caseId, side: 'team' },
      activityId,
      text: `${text} on "${owner?.title ?? 'a case'}"`,
    });
    return true;
  }
}
