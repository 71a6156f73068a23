// Runs in a worker thread (see snapshot-merger.ts): folds a snapshot and log
// entries into one update (merge-parts.mjs), off the server's event loop.
// Plain JavaScript, so it loads the same under tsx, vitest and plain node.
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';

// Compaction is housekeeping: this thread takes the lowest CPU priority, so
// on a busy machine the event loop, the database and everything else serving
// edits run first. On Linux a thread has its own nice value (its id from
// /proc/thread-self); elsewhere, or if refused, the merge runs at normal
// priority. Before yjs loads, so the thread's start-up is cheap too.
try {
  setPriority(Number(readlinkSync('/proc/thread-self').split('/').pop()), 19);
} catch {
  // Not Linux, or not allowed.
}
const { mergeParts } = await import('./merge-parts.mjs');

parentPort.on('message', ({ id, packed, lengths }) => {
  const parts = [];
  let at = 0;
  for (const length of lengths) {
    parts.push(packed.subarray(at, at + length));
    at += length;
  }
  const { merged, skipped } = mergeParts(parts);
  parentPort.postMessage({ id, merged, skipped }, [merged.buffer]);
});
