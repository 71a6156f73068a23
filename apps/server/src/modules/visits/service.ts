import type { CaseViews, SinceSummary } from '@casehub/contract';
import type { Db } from '../../storage/db.js';
import { insertAudit } from '../auth/repo.js';
import type { Actor } from '../access/policy.js';
import type { CasesService } from '../cases/service.js';
import * as repo from './repo.js';
import { listedEntries, summarizeSince } from './summary.js';

export type VisitsService = ReturnType<typeof createVisitsService>;

const sideOf = (actor: Pick<Actor, 'role'>): repo.Side => (actor.role === 'guest' ? 'shared' : 'team');

/**
 * [issue 15.5, 15.6] Visits: what changed on a case since a person last read
 * it (each sees only their side: a guest never learns of a team-only entry or
 * field), the unread mark of the case list, and who opened what, which only
 * the team sees and the audit log keeps.
 */
export function createVisitsService({ db, cases }: { db: Db; cases: Pick<CasesService, 'authorize'> }) {
  /** What others changed on a case between `since` and `through`, of what this reader may see. */
  async function summarize(reader: { caseId: string; userId: string; workspaceId: string; guest: boolean }, since: Date, through: Date): Promise<SinceSummary> {
    const window = { caseId: reader.caseId, after: since, through, notBy: reader.userId };
    const { counts, newest } = await repo.entriesIn(db, { ...window, side: reader.guest ? 'shared' : 'team' }, listedEntries);
    const fieldChanges = await repo.fieldChangesIn(db, window, reader.guest);
    const joined = await repo.joinedIn(db, { ...window, workspaceId: reader.workspaceId }, reader.guest);
    return summarizeSince({ since, through, counts, entries: newest, fieldChanges, joined });
  }

  return {
    /** Records the opening and answers what others changed since the reader last marked the case read. */
    async visit(actor: Actor, caseId: string): Promise<SinceSummary> {
      await cases.authorize(actor, caseId, 'case.view', 'No such case');
      const through = new Date();
      const before = await repo.recordVisit(db, caseId, actor.userId, through);
      const since = before ? (before.seenThrough ?? before.openedAt) : null;
      if (!since) return summarizeSince({ since: null, through, counts: {}, entries: [], fieldChanges: [], joined: [] });
      return summarize({ caseId, userId: actor.userId, workspaceId: actor.workspaceId, guest: actor.role === 'guest' }, since, through);
    },

    /**
     * What is new on the cases a person has opened, each as "since you were last here" would show it at `now`
     * (the digest's body). Only cases they may still see, only their side, only those with something after
     * `newerThan` (the last digest: a case left unread is not news twice); at most `limit` cases.
     */
    async newsFor(
      reader: { workspaceId: string; userId: string },
      window: { newerThan: Date; now: Date },
      limit: number,
    ): Promise<Array<{ caseId: string; title: string; summary: SinceSummary }>> {
      const { role, cases: visited } = await repo.visitedCases(db, reader, 200);
      if (!role) return [];
      const side = sideOf({ role });
      const unread = await repo.unreadOf(
        db,
        visited.map((v) => v.caseId),
        { userId: reader.userId, side },
      );
      const out: Array<{ caseId: string; title: string; summary: SinceSummary }> = [];
      for (const v of visited) {
        if (out.length >= limit) break;
        if (!unread.has(v.caseId)) continue;
        const summary = await summarize(
          { caseId: v.caseId, userId: reader.userId, workspaceId: reader.workspaceId, guest: role === 'guest' },
          v.seenThrough,
          window.now,
        );
        const latest = Math.max(...[...summary.entries, ...summary.fields, ...summary.joined].map((c) => Date.parse(c.at)));
        if (!summary.empty && latest > window.newerThan.getTime()) out.push({ caseId: v.caseId, title: v.title, summary });
      }
      return out;
    },

    /** Marks the case read up to `through` (never past now, never backwards). */
    async seen(actor: Actor, caseId: string, through?: string): Promise<void> {
      await cases.authorize(actor, caseId, 'case.view', 'No such case');
      const now = Date.now();
      const at = through ? Math.min(new Date(through).getTime(), now) : now;
      await repo.markSeen(db, caseId, actor.userId, new Date(at));
    },

    /** Which of these cases have something new for the reader. */
    async unread(actor: Actor, caseIds: string[]): Promise<Set<string>> {
      return repo.unreadOf(db, caseIds, { userId: actor.userId, side: sideOf(actor) });
    },

    /** Counts an opening of a file or an email of a case (once per 5 minutes per person), and audits it. */
    async opened(actor: Actor, what: { caseId: string | null; target: repo.OpeningTarget; id: string }): Promise<void> {
      if (!what.caseId) return;
      const counted = await repo.recordOpening(db, { caseId: what.caseId, userId: actor.userId, target: what.target, targetId: what.id });
      if (counted) {
        await insertAudit(db, {
          workspaceId: actor.workspaceId,
          actorId: actor.userId,
          action: `${what.target}.opened`,
          subjectId: what.id,
          data: { caseId: what.caseId },
        });
      }
    },

    /** Who opened the case and what of it (the team only: the endpoint refuses guests). */
    async views(actor: Actor, caseId: string): Promise<CaseViews> {
      await cases.authorize(actor, caseId, 'doc.team.read', 'No such case');
      const { visits, openings, people } = await repo.viewsOf(db, caseId, actor.workspaceId);
      const lastOpened = new Map(visits.map((v) => [v.userId, v.openedAt]));
      return {
        people: [...people].map(([userId, p]) => ({
          userId,
          name: p.name,
          guest: p.role === 'guest',
          lastOpenedAt: lastOpened.get(userId)?.toISOString() ?? null,
          opened: openings
            .filter((o) => o.userId === userId)
            .map((o) => ({ target: o.target, id: o.targetId, name: o.name, firstAt: o.firstAt.toISOString(), lastAt: o.lastAt.toISOString(), count: o.count })),
        })),
      };
    },
  };
}
