import { and, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../storage/db.js';
import { jobs } from '../storage/schema.js';
import { enqueueJob, type JobRunner } from './runner.js';

/**
 * Work that runs every `everyMs` as a durable job: the job table's leases
 * make it run once across nodes, and a restart finds the pending run where
 * it was left. [issue 16.5] Each kind keeps one row, moved on to its next
 * time after every run (success or failure), instead of adding a row per
 * tick (about 6,000 a day with the clocks' defaults).
 */
export class RecurringJob {
  constructor(
    private readonly db: Db,
    private readonly jobs: JobRunner,
    private readonly kind: string,
    private readonly everyMs: number,
    run: () => Promise<unknown>,
    /** The clock the next run is timed by (a test's accelerated one). */
    now: () => Date = () => new Date(),
  ) {
    jobs.register(kind, {
      payload: z.object({}).passthrough(),
      run: async (_payload, ctx) => {
        // Set first: a run that throws still keeps the row for its next time.
        ctx.repeatAt(new Date(now().getTime() + this.everyMs));
        await run();
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
