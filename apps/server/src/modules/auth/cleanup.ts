import { RecurringJob } from '../../jobs/recurring.js';
import type { JobRunner } from '../../jobs/runner.js';
import type { Db } from '../../storage/db.js';
import { deleteExpiredSessions } from './repo.js';
import { sessionIdleMs } from './service.js';

export const sessionCleanupJobKind = 'sessions.prune';

/**
 * The hourly clean-up of sessions past their 30 days or idle for a week.
 * Signing in checks both limits itself, so this changes no answer: it keeps
 * the table from growing by one row per sign-in that never signs out.
 */
export function sessionCleanup(deps: { db: Db; jobs: JobRunner; now: () => Date }, opts: { everyMs?: number } = {}): RecurringJob {
  return new RecurringJob(
    deps.db,
    deps.jobs,
    sessionCleanupJobKind,
    opts.everyMs ?? 3600_000,
    async () => {
      const now = deps.now();
      await deleteExpiredSessions(deps.db, now, new Date(now.getTime() - sessionIdleMs));
    },
    deps.now,
  );
}
