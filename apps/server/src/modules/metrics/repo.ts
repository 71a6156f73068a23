import { sql } from 'drizzle-orm';
import type { Db } from '../../storage/db.js';
import { jobs } from '../../storage/schema.js';

/** Jobs not finished, by kind: how many are due now (the backlog) and how many wait in all. */
export async function countOpenJobs(db: Db): Promise<Array<{ kind: string; due: number; waiting: number }>> {
  return db
    .select({
      kind: jobs.kind,
      due: sql<number>`(count(*) filter (where ${jobs.runAt} <= now()))::int`,
      waiting: sql<number>`count(*)::int`,
    })
    .from(jobs)
    .where(sql`${jobs.doneAt} is null`)
    .groupBy(jobs.kind);
}
