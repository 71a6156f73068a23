import { eq, sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
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
      await database.db.update(jobs).set({ runAt: new Date(0) }).where(eq(jobs.id, retryId));
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
    await database.db.update(jobs).set({ lockedUntil: sql`now() + interval '1 hour'`, attempts: 1 }).where(eq(jobs.id, id));
    await runner.drain();
    expect(runs).toBe(0);
    await database.db.update(jobs).set({ lockedUntil: sql`now() - interval '1 second'` }).where(eq(jobs.id, id));
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
