import { closedStages } from '@casehub/case-document';
import type { DashboardResponse } from '@casehub/contract';
import type { Db } from '../../storage/db.js';
import type { Actor } from '../access/policy.js';
import { scoreMessage } from '../signals/score.js';
import * as repo from './repo.js';

const dayMs = 86_400_000;
const closed = new Set<string>(closedStages);

/** Midnight UTC of the Monday starting the week `at` falls in. */
export function weekStart(at: Date): Date {
  const d = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  const sinceMonday = (d.getUTCDay() + 6) % 7;
  return new Date(d.getTime() - sinceMonday * dayMs);
}

/** The `count` weeks ending with the current one, oldest first, as YYYY-MM-DD Mondays. */
export function weekKeys(now: Date, count: number): string[] {
  const last = weekStart(now).getTime();
  return Array.from({ length: count }, (_, i) => new Date(last - (count - 1 - i) * 7 * dayMs).toISOString().slice(0, 10));
}

/** Drivers may hand a float8 back as a string; absent stays null. */
const toNumber = (v: number | string | null | undefined): number | null => (v === null || v === undefined ? null : Number(v));
const round1 = (n: number | null): number | null => (n === null || Number.isNaN(n) ? null : Math.round(n * 10) / 10);

/**
 * The manager's dashboard: how cases stand, how promises were kept, how fast
 * inbound messages got a first answer and how many read as moments of truth,
 * week by week, over the cases the actor may see.
 */
export function createDashboardService({ db, now }: { db: Db; now: () => Date }) {
  return {
    async build(actor: Actor, weeks: number): Promise<DashboardResponse> {
      const keys = weekKeys(now(), weeks);
      const from = new Date(`${keys[0] ?? ''}T00:00:00Z`);
      const window = { from, to: new Date(weekStart(now()).getTime() + 7 * dayMs) };
      const visible = repo.visibleCases(actor);
      const [stages, outcomes, responses, inbound] = await Promise.all([
        repo.countCasesByStage(db, visible),
        repo.expectationOutcomesByWeek(db, visible, window),
        repo.firstResponsesByWeek(db, visible, window),
        repo.inboundEmailEntries(db, visible, window),
      ]);

      const byStage = stages
        .map((s) => ({ kind: s.kind, stage: s.stage, count: Number(s.count), closed: closed.has(s.stage.trim().toLowerCase()) }))
        .sort((a, b) => a.kind.localeCompare(b.kind) || b.count - a.count || a.stage.localeCompare(b.stage));
      const closedCount = byStage.filter((s) => s.closed).reduce((n, s) => n + s.count, 0);
      const total = byStage.reduce((n, s) => n + s.count, 0);

      // Scored again with the function that flagged them on arrival (same text, same threshold).
      const moments = new Map<string, number>();
      for (const e of inbound) {
        if (!scoreMessage({ subject: e.subject, text: e.text }).flagged) continue;
        const key = weekStart(e.at).toISOString().slice(0, 10);
        moments.set(key, (moments.get(key) ?? 0) + 1);
      }
      const outcomeBy = new Map(outcomes.map((o) => [o.week, o]));
      const responseBy = new Map(responses.map((r) => [r.week, r]));

      return {
        weeks: keys,
        cases: { open: total - closedCount, closed: closedCount, byStage },
        expectations: keys.map((week) => ({ week, met: Number(outcomeBy.get(week)?.met ?? 0), missed: Number(outcomeBy.get(week)?.missed ?? 0) })),
        firstResponse: keys.map((week) => {
          const r = responseBy.get(week);
          return {
            week,
            responded: Number(r?.responded ?? 0),
            medianMinutes: round1(toNumber(r?.median)),
            p90Minutes: round1(toNumber(r?.p90)),
            breached: Number(r?.breached ?? 0),
          };
        }),
        momentsOfTruth: keys.map((week) => ({ week, count: moments.get(week) ?? 0 })),
      };
    },
  };
}
export type DashboardService = ReturnType<typeof createDashboardService>;
