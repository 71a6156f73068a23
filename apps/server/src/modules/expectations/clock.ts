import { docName, nextExpectationStatus, readExpectation, setExpectationStatus, type ExpectationStatus } from '@casehub/case-document';
import { and, asc, eq, inArray, lte, notInArray, or } from 'drizzle-orm';
import type { Logger } from 'pino';
import { RecurringJob } from '../../jobs/recurring.js';
import type { JobRunner } from '../../jobs/runner.js';
import type { Db } from '../../storage/db.js';
import { expectationIndex } from '../../storage/schema.js';
import type { RoomManager } from '../../sync/rooms.js';
import type { ActivityService } from '../activity/service.js';
import { addWorkingTime, calendarOf, subtractWorkingTime } from '../business-hours/calendar.js';
import { listPromiseWorkingTime } from '../business-hours/repo.js';
import { notify } from '../notifications/service.js';
import type { GuestPromiseMailer } from './guest-mail.js';
import type { MilestoneClock } from './milestones.js';

export const tickJob = 'expectations.tick';

/**
 * Moves expectations on as time passes (open → at-risk → missed), in the
 * documents themselves, so every client sees the new state live; writes the
 * change to the stream and notifies the owner. It runs as a durable job that
 * re-schedules itself, so several nodes never run it twice and a restart
 * loses no tick; a write of an already-due promise triggers it at once.
 */
export class ExpectationClock {
  private pokeTimer: NodeJS.Timeout | undefined;
  private readonly recurring: RecurringJob;

  constructor(
    private readonly deps: {
      db: Db;
      log: Logger;
      rooms: RoomManager;
      activity: ActivityService;
      jobs: JobRunner;
      now: () => Date;
      /** Writes the projection of a document now, so lists agree with it when the tick returns. */
      flushProjection: (docName: string) => Promise<void>;
      /** Guests told by email of their own promises (issue 15.1); absent: nobody is mailed. */
      guestMail?: GuestPromiseMailer;
      /** The plan's milestones coming due, on the same clock (issue 15.1). */
      milestones?: MilestoneClock;
    },
    private readonly opts: { atRiskMs: number; tickMs: number },
  ) {
    this.recurring = new RecurringJob(deps.db, deps.jobs, tickJob, opts.tickMs, () => this.tick());
  }

  /** Makes sure one tick is pending (several nodes may call this at start-up). */
  start(): Promise<void> {
    return this.recurring.start();
  }

  /** Asks for a tick soon (a promise was just written that may already be due). */
  readonly poke = (): void => {
    if (this.pokeTimer) return;
    this.pokeTimer = setTimeout(() => {
      this.pokeTimer = undefined;
      this.tick().catch((err: unknown) => this.deps.log.error({ err }, 'expectation tick failed'));
    }, 50);
    this.pokeTimer.unref();
  };

  /**
   * One pass: every open or at-risk promise whose next state is due now. Returns how many moved.
   * A workspace that counts working time for the warning (issue 17.6) has its own horizon, and
   * each of its promises turns at risk `atRiskMs` of working time before it is due.
   */
  async tick(): Promise<number> {
    const moved = await this.tickPromises();
    // A step of the plan is warned of, never moved: its notices do not count as moves.
    if (this.deps.milestones) await this.deps.milestones.tick(this.deps.now(), this.opts.atRiskMs);
    return moved;
  }

  private async tickPromises(): Promise<number> {
    const now = this.deps.now();
    const { atRiskMs } = this.opts;
    const working = new Map((await listPromiseWorkingTime(this.deps.db)).map((w) => [w.workspaceId, calendarOf(w.hours)]));
    // A promise due in the non-working gap just past the warning still has exactly `atRiskMs` ahead: one millisecond
    // more of working time reaches past that gap, so the query finds it (the rule below decides).
    const horizons = [...working].map(([id, cal]) =>
      and(eq(expectationIndex.workspaceId, id), lte(expectationIndex.dueAt, addWorkingTime(now, atRiskMs + 1, cal))),
    );
    const wallClock = lte(expectationIndex.dueAt, new Date(now.getTime() + atRiskMs));
    const due = await this.deps.db
      .select()
      .from(expectationIndex)
      .where(
        and(
          inArray(expectationIndex.status, ['open', 'at-risk']),
          working.size === 0 ? wallClock : or(and(notInArray(expectationIndex.workspaceId, [...working.keys()]), wallClock), ...horizons),
        ),
      )
      .orderBy(asc(expectationIndex.dueAt))
      .limit(500);
    let moved = 0;
    for (const row of due) {
      const cal = working.get(row.workspaceId);
      // The warning as a span of wall-clock time before this promise's due moment.
      const warning = cal ? row.dueAt.getTime() - subtractWorkingTime(row.dueAt, atRiskMs, cal).getTime() : atRiskMs;
      const next = nextExpectationStatus({ status: row.status, dueAt: row.dueAt.toISOString() }, now, warning);
      if (!next) continue;
      if (await this.move(row.caseId, row.side, row.expectationId, row.status, next, row.workspaceId)) moved++;
    }
    return moved;
  }

  private async move(
    caseId: string,
    side: 'team' | 'shared',
    id: string,
    from: ExpectationStatus,
    to: ExpectationStatus,
    workspaceId: string,
  ): Promise<boolean> {
    let changed = false;
    let text = '';
    let ownerId: string | null = null;
    let dueAt = '';
    const name = docName(caseId, side);
    await this.deps.rooms.change(name, (doc) => {
      const current = readExpectation(doc, id);
      // Someone may have met it (or changed it) since the index was written.
      if (!current || current.status !== from) return;
      text = current.text;
      ownerId = current.ownerId;
      dueAt = current.dueAt;
      changed = setExpectationStatus(doc, id, to);
    });
    if (!changed) return false;
    await this.deps.flushProjection(name);
    // "Promise" is the one word people read (the UI's Promises panel); `expectation` stays the API and document key.
    const label = to === 'missed' ? 'Promise missed' : 'Promise at risk';
    const activityId = await this.deps.activity.add(caseId, 'team', {
      kind: 'expectation',
      at: this.deps.now().toISOString(),
      actorId: null,
      actorName: 'Casehub',
      summary: `${label}: ${text}`,
    });
    if (ownerId) {
      const n = { workspaceId, userIds: [ownerId], kind: `expectation.${to}`, text: `${label}: ${text}` };
      // The line just written is in the team stream: an owner who may read it is pointed at it. A
      // promise of the shared document may have a guest as owner: told of the promise, not the line.
      const told = await notify(this.deps.db, { ...n, about: { caseId, side: 'team' }, activityId });
      if (told.length === 0 && side === 'shared') await notify(this.deps.db, { ...n, about: { caseId, side: 'shared' } });
      if (this.deps.guestMail && (to === 'at-risk' || to === 'missed')) {
        await this.deps.guestMail.tell({ workspaceId, caseId, side, ownerId, text, dueAt: new Date(dueAt), what: to });
      }
    }
    return true;
  }
}
