import { eq, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Db } from '../storage/db.js';
import { jobs } from '../storage/schema.js';

/** A failure worth another try later (a network error); anything else fails the job for good. */
export class RetryableError extends Error {
  override name = 'RetryableError';
  /** When to try again, if the job keeps its own schedule (webhook deliveries); else the runner's backoff. */
  readonly retryInMs: number | undefined;
  constructor(message: string, opts: { retryInMs?: number } = {}) {
    super(message);
    this.retryInMs = opts.retryInMs;
  }
}

export type JobContext = {
  attempt: number;
  log: Logger;
  /** Aborted when the runner stops (shutdown): a long job records where it is and returns. */
  signal: AbortSignal;
  /** Holds the claim for another lease (a job that works in steps calls it after each). */
  renewLease(): Promise<void>;
  /**
   * Keeps this job's row for another run at `at` instead of finishing it,
   * whether this run succeeds or fails: a recurring job re-uses one row
   * rather than adding one per tick (issue 16.5).
   */
  repeatAt(at: Date): void;
};

export type JobDefinition<S extends z.ZodType> = {
  payload: S;
  /** How long a claim holds before the job may run again elsewhere; the runner's lease if unset. */
  leaseMs?: number;
  run(payload: z.output<S>, ctx: JobContext): Promise<void>;
};

/** Adds a job; pass a transaction to make it part of the work that needs it. */
export async function enqueueJob(db: Db, kind: string, payload: unknown, opts: { runAt?: Date; maxAttempts?: number } = {}): Promise<number> {
  const [row] = await db
    .insert(jobs)
    .values({ kind, payload, runAt: opts.runAt ?? new Date(), maxAttempts: opts.maxAttempts ?? 5 })
    .returning({ id: jobs.id });
  return row?.id ?? 0;
}

/** The runner's clock: the database's (default), or a test's accelerated one. */
export type JobClock = () => Date;

/** The same row, pending again: a recurring job's next run (attempts start over, so it never runs out). */
const again = (runAt: Date, lastError: string | null) => ({ runAt, attempts: 0, lockedUntil: null, doneAt: null, lastError });

type Claimed = { id: number; kind: string; payload: unknown; attempts: number; maxAttempts: number };

/**
 * Runs durable jobs from the `jobs` table. A job is claimed with a lease
 * (FOR UPDATE SKIP LOCKED), so several nodes never run it at once and a node
 * that dies mid-job leaves it to be claimed again when the lease runs out.
 */
export class JobRunner {
  private readonly definitions = new Map<string, JobDefinition<z.ZodType>>();
  private timer: NodeJS.Timeout | undefined;
  private running = new Set<Promise<void>>();
  private stopped = true;
  private polling = false;
  /** The poll under way: stop() waits for it, so a job it claims meanwhile is waited for too. */
  private pollRun: Promise<void> | undefined;
  private stopping = new AbortController();

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    private readonly opts: { concurrency: number; pollMs: number; leaseMs: number; clock?: JobClock } = { concurrency: 2, pollMs: 1000, leaseMs: 5 * 60_000 },
  ) {}

  /** "Now" in SQL: the database's clock, so nodes agree on leases; a test's clock when given. */
  private nowSql() {
    return this.opts.clock ? sql`${this.opts.clock().toISOString()}::timestamptz` : sql`now()`;
  }

  /** "Now" here, for times this node computes (backoff). */
  private now(): number {
    return this.opts.clock ? this.opts.clock().getTime() : Date.now();
  }

  register<S extends z.ZodType>(kind: string, definition: JobDefinition<S>): void {
    this.definitions.set(kind, definition as unknown as JobDefinition<z.ZodType>);
  }

  start(): void {
    this.stopped = false;
    if (this.stopping.signal.aborted) this.stopping = new AbortController();
    this.schedule(0);
  }

  /** Looks for work now (after an enqueue on this node), instead of at the next poll. */
  poke(): void {
    if (!this.stopped) this.schedule(0);
  }

  /** Stops claiming and waits for running jobs to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.stopping.abort();
    await this.pollRun;
    await Promise.allSettled([...this.running]);
  }

  /** Runs every due job now and waits for them (tests, and draining). */
  async drain(): Promise<void> {
    for (;;) {
      const job = await this.claim();
      if (!job) break;
      await this.execute(job);
    }
    await Promise.allSettled([...this.running]);
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      // A poll under way keeps its promise (stop() waits for that one).
      if (!this.polling) this.pollRun = this.poll();
    }, ms);
    this.timer.unref();
  }

  private async poll(): Promise<void> {
    if (this.stopped || this.polling) return;
    this.polling = true;
    try {
      while (!this.stopped && this.running.size < this.opts.concurrency) {
        const job = await this.claim();
        if (!job) break;
        const run = this.execute(job).finally(() => {
          this.running.delete(run);
          this.poke();
        });
        this.running.add(run);
      }
    } catch (err) {
      this.log.error({ err }, 'job poll failed');
    } finally {
      this.polling = false;
      if (!this.stopped) this.schedule(this.opts.pollMs);
    }
  }

  private async claim(): Promise<Claimed | null> {
    const kinds = [...this.definitions.keys()];
    if (kinds.length === 0) return null;
    const leaseSeconds = Math.ceil(this.opts.leaseMs / 1000);
    const rows = await this.db.execute<{ id: string | number; kind: string; payload: unknown; attempts: string | number; max_attempts: string | number }>(sql`
      update ${jobs} set locked_until = ${this.nowSql()} + make_interval(secs => ${leaseSeconds}), attempts = attempts + 1
      where id = (
        select id from ${jobs}
        where done_at is null and run_at <= ${this.nowSql()}
          and (locked_until is null or locked_until < ${this.nowSql()})
          and attempts < max_attempts
          and kind in (${sql.join(
            kinds.map((k) => sql`${k}`),
            sql`, `,
          )})
        order by run_at, id
        for update skip locked
        limit 1
      )
      returning id, kind, payload, attempts, max_attempts`);
    const list = Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows;
    const row = list[0] as { id: string | number; kind: string; payload: unknown; attempts: string | number; max_attempts: string | number } | undefined;
    if (!row) return null;
    return { id: Number(row.id), kind: row.kind, payload: row.payload, attempts: Number(row.attempts), maxAttempts: Number(row.max_attempts) };
  }

  private async execute(job: Claimed): Promise<void> {
    const log = this.log.child({ jobId: job.id, kind: job.kind, attempt: job.attempts });
    const definition = this.definitions.get(job.kind);
    let repeat: Date | undefined;
    try {
      if (!definition) throw new Error(`no handler for job kind ${job.kind}`);
      const payload = definition.payload.safeParse(job.payload);
      if (!payload.success) throw new Error(`invalid payload: ${payload.error.message}`);
      const leaseSeconds = Math.ceil((definition.leaseMs ?? this.opts.leaseMs) / 1000);
      const renewLease = async () => {
        await this.db
          .update(jobs)
          .set({ lockedUntil: sql`${this.nowSql()} + make_interval(secs => ${leaseSeconds})` })
          .where(eq(jobs.id, job.id));
      };
      if (definition.leaseMs !== undefined) await renewLease();
      await definition.run(payload.data, { attempt: job.attempts, log, signal: this.stopping.signal, renewLease, repeatAt: (at) => void (repeat = at) });
      await this.db
        .update(jobs)
        .set(repeat ? again(repeat, null) : { doneAt: new Date(this.now()), lockedUntil: null, lastError: null })
        .where(eq(jobs.id, job.id));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const retry = err instanceof RetryableError && job.attempts < job.maxAttempts;
      log[retry || repeat ? 'warn' : 'error'](
        { err },
        retry ? 'job failed; will retry' : repeat ? 'job failed; runs again at its next time' : 'job failed for good',
      );
      // Exponential backoff: 2 s, 4 s, 8 s, ... capped at 10 minutes, unless the job keeps its own schedule.
      const backoffMs = err instanceof RetryableError && err.retryInMs !== undefined ? err.retryInMs : Math.min(600_000, 1000 * 2 ** job.attempts);
      // The outcome is recorded if the database still answers; if not, the lease runs out and the job runs again.
      await this.db
        .update(jobs)
        .set(
          repeat
            ? again(repeat, message)
            : retry
              ? { lockedUntil: null, lastError: message, runAt: new Date(this.now() + backoffMs) }
              : { lockedUntil: null, lastError: message, doneAt: new Date(this.now()) },
        )
        .where(eq(jobs.id, job.id))
        .catch((recordErr: unknown) => log.error({ err: recordErr }, 'could not record a job failure'));
    }
  }
}
