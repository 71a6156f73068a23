import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChildPool } from './child-pool.js';

/**
 * A child that takes `BOOT_MS` to start (as the email parser does, loading
 * its libraries), then answers each input after `input.ms` with `input.ms`.
 */
const child = `
const boot = Number(process.env.BOOT_MS ?? 0);
setTimeout(() => {
  process.on('message', ({ id, input }) => setTimeout(() => process.send({ id, ok: true, value: input.ms }), input.ms));
  process.send({ ready: true });
}, boot);
`;

describe('the child process pool', () => {
  let dir: string;
  let entry: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'casehub-pool-'));
    entry = path.join(dir, 'child.mjs');
    await writeFile(entry, child);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const pool = () =>
    new ChildPool<{ ms: number }, number>(entry, { timeoutMs: 300, maxHeapMb: 64, maxProcesses: 1, idleMs: 1000 }, (v): v is number => typeof v === 'number');

  it("a task's time starts when the process is ready: a slow start is not the task's timeout", async () => {
    process.env.BOOT_MS = '800';
    const p = pool();
    try {
      expect(await p.run({ ms: 10 })).toEqual({ ok: true, value: 10 });
    } finally {
      delete process.env.BOOT_MS;
      await p.close();
    }
  });

  it('a task past its time is stopped and its process killed; the next task gets a new one', async () => {
    const p = pool();
    try {
      expect(await p.run({ ms: 2000 })).toMatchObject({ ok: false, failure: 'timeout' });
      expect(await p.run({ ms: 5 })).toEqual({ ok: true, value: 5 });
    } finally {
      await p.close();
    }
  });
});

describe('a child that runs out of heap', () => {
  it('is told apart from a crash however long the stack trace V8 prints after saying so', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'casehub-pool-oom-'));
    const entry = path.join(dir, 'child.mjs');
    // What V8 writes before it aborts, then a native stack trace of 20 KB, then the abort itself.
    await writeFile(
      entry,
      `process.on('message', () => {
        process.stderr.write('\\n<--- Last few GCs --->\\nFATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory\\n');
        process.stderr.write('----- Native stack trace -----\\n' + ' 1: 0xb7e1f0 node::Abort() [node]\\n'.repeat(600), () => process.abort());
      });
      process.send({ ready: true });`,
    );
    const pool = new ChildPool<number, number>(
      entry,
      { timeoutMs: 5000, maxHeapMb: 64, maxProcesses: 1, idleMs: 1000 },
      (v): v is number => typeof v === 'number',
    );
    try {
      expect(await pool.run(1)).toMatchObject({ ok: false, failure: 'out-of-memory' });
    } finally {
      await pool.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
