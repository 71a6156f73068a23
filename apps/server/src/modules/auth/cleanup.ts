import { RecurringJob } from '../../jobs/recurring.js';
import type { JobRunner } from '../../jobs/runner.js';
import type { Db } from '../../storage/db.js';
import { deleteExpiredLogins, deleteExpiredResets, deleteExpiredSessions } from './repo.js';
import { sessionIdleMs } from './service.js';

export const sessionCleanupJobKind = 'sessions.prune';

/**
 * The hourly clean-up of sessions past their 30 days or idle for a week,
 * and of password reset links a day after they expired.
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
      await deleteExpiredResets(deps.db, new Date(now.getTime() - 24 * 3600_000));
      await deleteExpiredLogins(deps.db, now);
    },
    deps.now,
  );
}
