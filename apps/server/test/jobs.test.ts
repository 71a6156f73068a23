import { eq, sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { jobPruning } from '../src/jobs/prune.js';
import { RecurringJob } from '../src/jobs/recurring.js';
import { enqueueJob, JobRunner, RetryableError } from '../src/jobs/runner.js';
import { openDatabase, type Database } from '../src/storage/db.js';
import { jobs } from '../src/storage/schema.js';
import { backends, freshStorage, waitFor } from './helpers.js';

const log = pino({ level: 'silent' });

describe.each(backends)('durable jobs on %s', (backend) => {
  let database: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const storage = await freshStorage(backend);
    drop = storage.drop;
    database = await openDatabase({ databaseUrl: storage.databaseUrl, dataDir: storage.dataDir });
  });
  afterAll(async () => {
    await database?.close();
    await drop?.();
  });

  it('runs a job once, with its validated payload', async () => {
    const seen: number[] = [];
    const runner = new JobRunner(database.db, log);
    runner.register('t.once', { payload: z.object({ n: z.number() }), run: async ({ n }) => void seen.push(n) });
    await enqueueJob(database.db, 't.once', { n: 7 });
    await runner.drain();
    await runner.drain();
    expect(seen).toEqual([7]);
  });

  it('retries a retryable failure later, and gives up on any other failure at once', async () => {
    let calls = 0;
    const runner = new JobRunner(database.db, log);
    runner.register('t.retry', {
      payload: z.object({}),
      run: async () => {
        calls++;
        throw new RetryableError('smtp down');
      },
    });
    runner.register('t.fatal', {
      payload: z.object({}),
      run: async () => {
        throw new Error('bad data');
      },
    });
    const retryId = await enqueueJob(database.db, 't.retry', {}, { maxAttempts: 3 });
    const fatalId = await enqueueJob(database.db, 't.fatal', {});
    await runner.drain();
    expect(calls).toBe(1);
    const [retry] = await database.db.select().from(jobs).where(eq(jobs.id, retryId));
    expect(retry?.doneAt).toBeNull();
    expect(retry?.lastError).toBe('smtp down');
    expect(retry?.runAt.getTime()).toBeGreaterThan(Date.now());
    const [fatal] = await database.db.select().from(jobs).where(eq(jobs.id, fatalId));
    expect(fatal?.doneAt).not.toBeNull();
    expect(fatal?.lastError).toBe('bad data');
    // Make the retry due now; after the last attempt it is failed for good.
    for (let i = 0; i < 3; i++) {
      await database.db
        .update(jobs)
        .set({ runAt: new Date(0) })
        .where(eq(jobs.id, retryId));
      await runner.drain();
    }
    expect(calls).toBe(3);
    const [after] = await database.db.select().from(jobs).where(eq(jobs.id, retryId));
    expect(after?.attempts).toBe(3);
  });

  it('a payload that does not validate fails the job without running it', async () => {
    let ran = false;
    const runner = new JobRunner(database.db, log);
    runner.register('t.payload', { payload: z.object({ fileId: z.string() }), run: async () => void (ran = true) });
    const id = await enqueueJob(database.db, 't.payload', { fileId: 42 });
    await runner.drain();
    expect(ran).toBe(false);
    const [row] = await database.db.select().from(jobs).where(eq(jobs.id, id));
    expect(row?.lastError).toMatch(/invalid payload/);
  });

  it('a job whose runner died is claimed again when its lease runs out', async () => {
    const runner = new JobRunner(database.db, log);
    let runs = 0;
    runner.register('t.lease', { payload: z.object({}), run: async () => void runs++ });
    const id = await enqueueJob(database.db, 't.lease', {});
    // Another node claimed it (lease in the future) and died.
    await database.db
      .update(jobs)
      .set({ lockedUntil: sql`now() + interval '1 hour'`, attempts: 1 })
      .where(eq(jobs.id, id));
    await runner.drain();
    expect(runs).toBe(0);
    await database.db
      .update(jobs)
      .set({ lockedUntil: sql`now() - interval '1 second'` })
      .where(eq(jobs.id, id));
    await runner.drain();
    expect(runs).toBe(1);
  });

  it('two runners on one database never run the same job twice', async () => {
    const counts = new Map<number, number>();
    const make = () => {
      const r = new JobRunner(database.db, log, { concurrency: 4, pollMs: 10, leaseMs: 60_000 });
      r.register('t.many', {
        payload: z.object({ i: z.number() }),
        run: async ({ i }) => {
          counts.set(i, (counts.get(i) ?? 0) + 1);
          await new Promise((r) => setTimeout(r, 2));
        },
      });
      return r;
    };
    for (let i = 0; i < 60; i++) await enqueueJob(database.db, 't.many', { i });
    const [r1, r2] = [make(), make()];
    r1.start();
    r2.start();
    await waitFor(() => counts.size === 60, 'all jobs to run');
    await Promise.all([r1.stop(), r2.stop()]);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });
});

describe.each(backends)('jobs that do not pile up on %s (issue 16.5)', (backend) => {
  let database: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const storage = await freshStorage(backend);
    drop = storage.drop;
    database = await openDatabase({ databaseUrl: storage.databaseUrl, dataDir: storage.dataDir });
  });
  afterAll(async () => {
    await database?.close();
    await drop?.();
  });

  const count = async () => (await database.db.select({ n: sql<number>`count(*)::int` }).from(jobs))[0]?.n ?? 0;

  it('[issue 16.5] a recurring job keeps one row, run after run, even when a run fails', async () => {
    let at = new Date('2030-01-01T00:00:00Z');
    const clock = () => at;
    const runner = new JobRunner(database.db, log, { concurrency: 1, pollMs: 1000, leaseMs: 60_000, clock });
    let runs = 0;
    const tick = new RecurringJob(
      database.db,
      runner,
      't.tick',
      30_000,
      async () => {
        runs++;
        if (runs % 3 === 0) throw new Error('a bad tick');
      },
      clock,
    );
    await tick.start();
    await tick.start();
    for (let i = 0; i < 20; i++) {
      await runner.drain();
      at = new Date(at.getTime() + 30_000);
    }
    expect(runs).toBe(20);
    const rows = await database.db.select().from(jobs).where(eq(jobs.kind, 't.tick'));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.doneAt).toBeNull();
    expect(rows[0]?.runAt.getTime()).toBe(at.getTime());
  });

  it('[issue 16.5] a day of clock ticks and one-off jobs leaves the job table flat (accelerated clock)', async () => {
    let at = new Date('2031-01-01T00:00:00Z');
    const clock = () => at;
    const runner = new JobRunner(database.db, log, { concurrency: 1, pollMs: 1000, leaseMs: 60_000, clock });
    // The server's recurring work at its defaults: two 30 s clocks and the 5-minute digest tick.
    for (const [kind, every] of [
      ['t.expectations', 30_000],
      ['t.responses', 30_000],
      ['t.digests', 300_000],
    ] as const) {
      await new RecurringJob(database.db, runner, kind, every, async () => {}, clock).start();
    }
    const retentionMs = 6 * 3600_000;
    await jobPruning({ db: database.db, jobs: runner, now: clock }, { retentionMs }).start();
    runner.register('t.oneoff', { payload: z.object({}), run: async () => {} });
    const sizes: number[] = [];
    // Two minutes a step: every clock is due at each (and runs once), at a quarter of the queries.
    const stepMs = 120_000;
    for (let t = 0; t < 24 * 3600_000; t += stepMs) {
      // Ten one-off jobs an hour (sent emails, extracted PDFs), done at once.
      if (t % 3600_000 === 0) for (let i = 0; i < 10; i++) await enqueueJob(database.db, 't.oneoff', {}, { runAt: at });
      await runner.drain();
      if (t % 3600_000 === 0) sizes.push(await count());
      at = new Date(at.getTime() + stepMs);
    }
    // Before: 2 × 2,880 + 288 rows a day from the clocks alone. Now: one row per recurring kind, plus
    // the one-off jobs of the retention period.
    const bound = 4 + 10 * (retentionMs / 3600_000 + 2);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(bound);
    // Flat: after the retention period, the size no longer grows.
    const late = sizes.slice(8);
    expect(Math.max(...late) - Math.min(...late)).toBeLessThanOrEqual(10);
    expect(await count()).toBeLessThanOrEqual(bound);
  }, 180_000);
});
