import { closedStages, type CaseKind } from '@casehub/case-document';
import { closedStageNames, type DashboardResponse } from '@casehub/contract';
import type { Db } from '../../storage/db.js';
import type { Actor } from '../access/policy.js';
import { scoreMessage } from '../signals/score.js';
import { calendarOf, weekStartFrom, weekStartIn, workingTimeBetween } from '../business-hours/calendar.js';
import { loadBusinessHours } from '../business-hours/repo.js';
import { readPipelines } from '../pipelines/service.js';
import * as repo from './repo.js';

/** Stages the free-text days counted as closed: for a stage no pipeline lists (written by an old client). */
const closedBefore = new Set<string>(closedStages);

/** Midnight of the Monday starting the week `at` falls in, in the workspace's time zone (UTC unless it set one). */
export function weekStart(at: Date, timeZone = 'UTC'): Date {
  return weekStartIn(at, timeZone).start;
}

/** The `count` weeks ending with the current one, oldest first, as YYYY-MM-DD Mondays (local dates). */
export function weekKeys(now: Date, count: number, timeZone = 'UTC'): string[] {
  const last = weekStartIn(now, timeZone).key;
  return Array.from({ length: count }, (_, i) => weekStartFrom(last, i - (count - 1), timeZone).key);
}

const round1 = (n: number | null): number | null => (n === null || Number.isNaN(n) ? null : Math.round(n * 10) / 10);

/** The `p` quantile of ascending values, interpolated between neighbours (PostgreSQL's percentile_cont); null for none. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const at = (sorted.length - 1) * p;
  const lo = Math.floor(at);
  const below = sorted[lo] ?? 0;
  const above = sorted[Math.min(lo + 1, sorted.length - 1)] ?? below;
  return below + (above - below) * (at - lo);
}

/**
 * The manager's dashboard: how cases stand, how promises were kept, how fast
 * inbound messages got a first answer and how many read as moments of truth,
 * week by week, over the cases the actor may see.
 */
export function createDashboardService({ db, now }: { db: Db; now: () => Date }) {
  return {
    async build(actor: Actor, weeks: number): Promise<DashboardResponse> {
      // Weeks follow the workspace's time zone (issue 17.6): a Monday-morning message in Berlin is in Monday's week.
      const hours = await loadBusinessHours(db, actor.workspaceId);
      const { timeZone } = hours;
      const at = now();
      const keys = weekKeys(at, weeks, timeZone);
      const current = weekStartIn(at, timeZone).key;
      const window = { from: weekStartFrom(current, 1 - weeks, timeZone).start, to: weekStartFrom(current, 1, timeZone).start, timeZone };
      const visible = repo.visibleCases(actor);
      const [stages, outcomes, responses, inbound] = await Promise.all([
        repo.countCasesByStage(db, visible),
        repo.expectationOutcomesByWeek(db, visible, window),
        repo.firstResponseClocks(db, visible, window),
        repo.inboundEmailEntries(db, visible, window),
      ]);

      // Closed is what the kind's pipeline says (won, lost, solved: issue 17.2).
      const pipelines = await readPipelines(db, actor.workspaceId);
      const isClosed = (kind: CaseKind, stage: string): boolean =>
        pipelines[kind].some((p) => p.name === stage)
          ? closedStageNames({ stages: pipelines[kind] }).includes(stage)
          : closedBefore.has(stage.trim().toLowerCase());
      const byStage = stages
        .map((s) => ({ kind: s.kind, stage: s.stage, count: Number(s.count), closed: isClosed(s.kind, s.stage) }))
        .sort((a, b) => a.kind.localeCompare(b.kind) || b.count - a.count || a.stage.localeCompare(b.stage));
      const closedCount = byStage.filter((s) => s.closed).reduce((n, s) => n + s.count, 0);
      const total = byStage.reduce((n, s) => n + s.count, 0);

      // Scored again with the function that flagged them on arrival (same text, same threshold).
      const moments = new Map<string, number>();
      for (const e of inbound) {
        if (!scoreMessage({ subject: e.subject, text: e.text }).flagged) continue;
        const key = weekStartIn(e.at, timeZone).key;
        moments.set(key, (moments.get(key) ?? 0) + 1);
      }
      const outcomeBy = new Map(outcomes.map((o) => [o.week, o]));
      // Minutes to the first answer in working time where the workspace counts it for this clock (issue 17.6), as its due times are.
      const working = hours.countWorkingTime.firstResponse;
      const calendar = calendarOf(hours);
      const minutesOf = (from: Date, to: Date) => (working ? workingTimeBetween(from, to, calendar) : to.getTime() - from.getTime()) / 60_000;
      const responseBy = new Map<string, { responded: number[]; breached: number }>();
      for (const r of responses) {
        const key = weekStartIn(r.startedAt, timeZone).key;
        const week = responseBy.get(key) ?? { responded: [], breached: 0 };
        if (r.respondedAt) week.responded.push(minutesOf(r.startedAt, r.respondedAt));
        if (r.breached) week.breached++;
        responseBy.set(key, week);
      }

      return {
        weeks: keys,
        timeZone,
        cases: { open: total - closedCount, closed: closedCount, byStage },
        expectations: keys.map((week) => ({ week, met: Number(outcomeBy.get(week)?.met ?? 0), missed: Number(outcomeBy.get(week)?.missed ?? 0) })),
        firstResponseTime: working ? 'working' : 'elapsed',
        firstResponse: keys.map((week) => {
          const minutes = (responseBy.get(week)?.responded ?? []).sort((a, b) => a - b);
          return {
            week,
            responded: minutes.length,
            medianMinutes: round1(percentile(minutes, 0.5)),
            p90Minutes: round1(percentile(minutes, 0.9)),
            breached: responseBy.get(week)?.breached ?? 0,
          };
        }),
        momentsOfTruth: keys.map((week) => ({ week, count: moments.get(week) ?? 0 })),
      };
    },
  };
}
export type DashboardService = ReturnType<typeof createDashboardService>;
