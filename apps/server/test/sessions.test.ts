import { eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobRunner } from '../src/jobs/runner.js';
import { sessionCleanup, sessionCleanupJobKind } from '../src/modules/auth/cleanup.js';
import { sessionAbsoluteMs, sessionIdleMs } from '../src/modules/auth/service.js';
import { openDatabase, type Database } from '../src/storage/db.js';
import { jobs, passwordResets, sessions, users, workspaces } from '../src/storage/schema.js';
import { featureBackends, freshStorage } from './helpers.js';

const log = pino({ level: 'silent' });

describe.each(featureBackends)('session clean-up on %s (issue 19.5)', (backend) => {
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

  it('[issue 19.5] the recurring clean-up deletes an expired and an idle-expired session and reset links dead for a day, keeps live ones, and keeps one job row', async () => {
    const { db } = database;
    let at = new Date('2032-03-01T12:00:00Z');
    const clock = () => at;
    await db.insert(users).values({ id: 'u1', email: 'u1@example.com', name: 'U', passwordHash: 'x' });
    await db.insert(workspaces).values({ id: 'w1', name: 'W' });
    const minute = 60_000;
    await db.insert(sessions).values([
      // Past its absolute end, though used a minute ago.
      { idHash: 'expired', userId: 'u1', workspaceId: 'w1', lastSeenAt: new Date(at.getTime() - minute), expiresAt: new Date(at.getTime() - minute) },
      // Within its 30 days, but unused for longer than the idle limit.
      {
        idHash: 'idle',
        userId: 'u1',
        workspaceId: 'w1',
        lastSeenAt: new Date(at.getTime() - sessionIdleMs - minute),
        expiresAt: new Date(at.getTime() + sessionAbsoluteMs / 2),
      },
      // Unused for almost the idle limit: still live.
      {
        idHash: 'live',
        userId: 'u1',
        workspaceId: 'w1',
        lastSeenAt: new Date(at.getTime() - sessionIdleMs + minute),
        expiresAt: new Date(at.getTime() + sessionAbsoluteMs / 2),
      },
    ]);
    // Reset links: one dead for over a day goes, one expired an hour ago stays a while, a live one stays.
    await db.insert(passwordResets).values([
      { tokenHash: 'old', userId: 'u1', expiresAt: new Date(at.getTime() - 25 * 3600_000) },
      { tokenHash: 'recent', userId: 'u1', expiresAt: new Date(at.getTime() - 3600_000) },
      { tokenHash: 'live', userId: 'u1', expiresAt: new Date(at.getTime() + 1800_000) },
    ]);
    const runner = new JobRunner(db, log, { concurrency: 1, pollMs: 1000, leaseMs: 60_000, clock });
    const cleanup = sessionCleanup({ db, jobs: runner, now: clock });
    await cleanup.start();
    await runner.drain();
    const left = async () => (await db.select({ idHash: sessions.idHash }).from(sessions)).map((r) => r.idHash).sort();
    expect(await left()).toEqual(['live']);
    expect((await db.select({ t: passwordResets.tokenHash }).from(passwordResets)).map((r) => r.t).sort()).toEqual(['live', 'recent']);

    // An hour later the next run finds the live one idle too, and the job is still one row.
    at = new Date(at.getTime() + 3600_000);
    await runner.drain();
    expect(await left()).toEqual([]);
    const rows = await db.select().from(jobs).where(eq(jobs.kind, sessionCleanupJobKind));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.doneAt).toBeNull();
    expect(rows[0]?.runAt.getTime()).toBe(at.getTime() + 3600_000);
  });
});
