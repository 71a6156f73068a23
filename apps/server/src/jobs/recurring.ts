import { and, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../storage/db.js';
import { jobs } from '../storage/schema.js';
import { enqueueJob, type JobRunner } from './runner.js';

/**
 * Work that runs every `everyMs` as a durable job which re-schedules itself
 * after each run: the job table's leases make it run once across nodes, and
 * a restart finds the pending run where it was left.
 */
export class RecurringJob {
  constructor(
    private readonly db: Db,
    private readonly jobs: JobRunner,
    private readonly kind: string,
    private readonly everyMs: number,
    run: () => Promise<unknown>,
  ) {
    jobs.register(kind, {
      payload: z.object({}).passthrough(),
      run: async () => {
        try {
          await run();
        } finally {
          await enqueueJob(this.db, this.kind, {}, { runAt: new Date(Date.now() + this.everyMs), maxAttempts: 1_000_000 });
        }
      },
    });
  }

  /** Makes sure one run is pending (several nodes may call this at start-up). */
  async start(): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${this.kind}))`);
      const pending = await tx
        .select({ id: jobs.id })
        .from(jobs)
        .where(and(sql`${jobs.kind} = ${this.kind}`, sql`${jobs.doneAt} is null`))
        .limit(1);
      if (pending.length === 0) await enqueueJob(tx, this.kind, {}, { maxAttempts: 1_000_000 });
    });
    this.jobs.poke();
  }
}
