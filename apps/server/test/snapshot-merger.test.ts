import { fragmentText, planFragment } from '@casehub/case-document';
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SnapshotMerger } from '../src/sync/snapshot-merger.js';
import { paragraphUpdate } from './helpers.js';

/** Entries enough to go to the worker thread (more than 500). */
const large = (source: Y.Doc, tag: string) => Array.from({ length: 600 }, (_, i) => paragraphUpdate(source, `${tag} ${i}`));
const threads = () => new Set(readdirSync('/proc/self/task'));

describe('[S4.2] snapshot merges in a worker thread', () => {
  const merger = new SnapshotMerger();
  afterAll(() => merger.close());

  it('folds many entries into one update with the same state, skipping an unreadable one', async () => {
    const source = new Y.Doc();
    const parts = Array.from({ length: 600 }, (_, i) => paragraphUpdate(source, `line ${i}`));
    // Views into a larger buffer, as the database driver hands them out.
    const pool = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0) + 100);
    let at = 50;
    const views = parts.map((p) => {
      pool.set(p, at);
      const view = pool.subarray(at, at + p.byteLength);
      at += p.byteLength;
      return view;
    });
    views.splice(300, 0, new Uint8Array([255, 255, 255, 1, 2, 3]));
    const merged = await merger.merge(views);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, merged);
    expect(fragmentText(planFragment(doc))).toBe(fragmentText(planFragment(source)));
    expect(merged.byteLength).toBeLessThan(parts.reduce((n, p) => n + p.byteLength, 0));
  });

  it('starts a new worker after the old one is gone', async () => {
    const source = new Y.Doc();
    await merger.close();
    const merged = await merger.merge(large(source, 'again'));
    const doc = new Y.Doc();
    Y.applyUpdate(doc, merged);
    expect(fragmentText(planFragment(doc))).toBe(fragmentText(planFragment(source)));
  });

  it.runIf(process.platform === 'linux')(
    '[issue 18] a small merge runs on this thread (no worker started), with the same result, skipping an unreadable entry',
    async () => {
      const own = new SnapshotMerger();
      const source = new Y.Doc();
      const parts = Array.from({ length: 20 }, (_, i) => paragraphUpdate(source, `small ${i}`));
      const before = threads();
      const merged = await own.merge([...parts.slice(0, 10), new Uint8Array([255, 255, 255, 1, 2, 3]), ...parts.slice(10)]);
      expect([...threads()].filter((tid) => !before.has(tid))).toEqual([]);
      expect(own.stats).toEqual({ inline: 1, worker: 0 });
      const doc = new Y.Doc();
      Y.applyUpdate(doc, merged);
      expect(fragmentText(planFragment(doc))).toBe(fragmentText(planFragment(source)));
      await own.close();
    },
  );

  it('[issue 18] merges on this thread take turns with I/O: one per turn of the event loop, not back to back', async () => {
    const own = new SnapshotMerger();
    const events: string[] = [];
    // Something else wanting the event loop, every turn of it.
    let ticking = true;
    const tick = (): void => {
      events.push('io');
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const merges = [0, 1, 2].map((i) => own.merge([paragraphUpdate(new Y.Doc(), `turn ${i}`)]).then(() => events.push(`merge ${i}`)));
    await Promise.all(merges);
    ticking = false;
    expect(events.filter((e) => e.startsWith('merge'))).toEqual(['merge 0', 'merge 1', 'merge 2']);
    const backToBack = events.filter((e, i) => e.startsWith('merge') && events[i - 1]?.startsWith('merge'));
    expect(backToBack).toEqual([]);
    await own.close();
  });

  it.runIf(process.platform === 'linux')('[issue 18] a worker left idle stops, and the next large merge starts another', async () => {
    const own = new SnapshotMerger({ idleMs: 100 });
    const before = threads();
    await own.merge(large(new Y.Doc(), 'first'));
    const started = [...threads()].filter((tid) => !before.has(tid));
    expect(started.length).toBeGreaterThan(0);
    await expect.poll(() => started.filter((tid) => threads().has(tid)), { timeout: 5000 }).toEqual([]);
    const source = new Y.Doc();
    const merged = await own.merge(large(source, 'second'));
    const doc = new Y.Doc();
    Y.applyUpdate(doc, merged);
    expect(fragmentText(planFragment(doc))).toBe(fragmentText(planFragment(source)));
    expect(own.stats).toEqual({ inline: 0, worker: 2 });
    await own.close();
  });

  it.runIf(process.platform === 'linux')('runs its thread at the lowest CPU priority, so serving edits comes first', async () => {
    const niceOf = (tid: string) => Number(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]?.split(' ')[16]);
    const before = threads();
    await merger.close();
    await merger.merge(large(new Y.Doc(), 'niced'));
    const started = readdirSync('/proc/self/task').filter((tid) => !before.has(tid));
    expect(started.map(niceOf)).toContain(19);
    // The process itself is untouched.
    expect(niceOf(String(process.pid))).toBe(0);
  });
});
