import { and, inArray, isNotNull, lt } from 'drizzle-orm';
import type { Db } from '../storage/db.js';
import { jobs } from '../storage/schema.js';
import { RecurringJob } from './recurring.js';
import type { JobRunner } from './runner.js';

export const pruneJobKind = 'jobs.prune';

/**
 * [issue 16.5] Deletes jobs finished (done, or failed for good) before
 * `before`, at most `batch` rows a statement so a large backlog never holds
 * a long lock. Returns how many went.
 */
export async function pruneFinishedJobs(db: Db, before: Date, batch = 5000): Promise<number> {
  let total = 0;
  for (;;) {
    const old = db
      .select({ id: jobs.id })
      .from(jobs)
      .where(and(isNotNull(jobs.doneAt), lt(jobs.doneAt, before)))
      .limit(batch);
    const gone = await db.delete(jobs).where(inArray(jobs.id, old)).returning({ id: jobs.id });
    total += gone.length;
    if (gone.length < batch) return total;
  }
}

/**
 * The hourly clean-up: finished jobs older than JOB_RETENTION_HOURS, and
 * whatever else keeps a log of finished work (`also`: webhook deliveries).
 */
export function jobPruning(
  deps: { db: Db; jobs: JobRunner; now: () => Date },
  opts: { retentionMs: number; everyMs?: number },
  also: Array<(before: Date) => Promise<unknown>> = [],
): RecurringJob {
  return new RecurringJob(
    deps.db,
    deps.jobs,
    pruneJobKind,
    opts.everyMs ?? 3600_000,
    async () => {
      const before = new Date(deps.now().getTime() - opts.retentionMs);
      await pruneFinishedJobs(deps.db, before);
      for (const prune of also) await prune(before);
    },
    deps.now,
  );
}
