import { sql } from 'drizzle-orm';
import type { Db } from '../../storage/db.js';
import { jobs, mailboxes } from '../../storage/schema.js';

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

/** Connected mailboxes by state (connecting, syncing, idle, error), across workspaces. */
export async function countMailboxesByStatus(db: Db): Promise<Array<{ status: string; n: number }>> {
  return db
    .select({ status: mailboxes.status, n: sql<number>`count(*)::int` })
    .from(mailboxes)
    .groupBy(mailboxes.status);
}
