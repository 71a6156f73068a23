import { fragmentText, planFragment } from '@casehub/case-document';
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SnapshotMerger } from '../src/sync/snapshot-merger.js';
import { paragraphUpdate } from './helpers.js';

describe('[S4.2] snapshot merges in a worker thread', () => {
  const merger = new SnapshotMerger();
  afterAll(() => merger.close());

  it('folds many entries into one update with the same state, skipping an unreadable one', async () => {
    const source = new Y.Doc();
    const parts = Array.from({ length: 500 }, (_, i) => paragraphUpdate(source, `line ${i}`));
    // Views into a larger buffer, as the database driver hands them out.
    const pool = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0) + 100);
    let at = 50;
    const views = parts.map((p) => {
      pool.set(p, at);
      const view = pool.subarray(at, at + p.byteLength);
      at += p.byteLength;
      return view;
    });
    views.splice(250, 0, new Uint8Array([255, 255, 255, 1, 2, 3]));
    const merged = await merger.merge(views);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, merged);
    expect(fragmentText(planFragment(doc))).toBe(fragmentText(planFragment(source)));
    expect(merged.byteLength).toBeLessThan(parts.reduce((n, p) => n + p.byteLength, 0));
  });

  it('starts a new worker after the old one is gone', async () => {
    const source = new Y.Doc();
    await merger.close();
    const merged = await merger.merge([paragraphUpdate(source, 'again')]);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, merged);
    expect(fragmentText(planFragment(doc))).toBe('again');
  });

  it.runIf(process.platform === 'linux')('runs its thread at the lowest CPU priority, so serving edits comes first', async () => {
    const niceOf = (tid: string) => Number(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]?.split(' ')[16]);
    const before = new Set(readdirSync('/proc/self/task'));
    await merger.close();
    await merger.merge([paragraphUpdate(new Y.Doc(), 'niced')]);
    const started = readdirSync('/proc/self/task').filter((tid) => !before.has(tid));
    expect(started.map(niceOf)).toContain(19);
    // The process itself is untouched.
    expect(niceOf(String(process.pid))).toBe(0);
  });
});
