// Runs in a worker thread (see snapshot-merger.ts): folds a snapshot and log
// entries into one update, off the server's event loop. Through a Y.Doc
// rather than Y.mergeUpdates, so the result is the compact encoding of the
// state (deleted content garbage-collected). Plain JavaScript, so it loads
// the same under tsx, vitest and plain node.
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
const Y = await import('yjs');

parentPort.on('message', ({ id, packed, lengths }) => {
  const doc = new Y.Doc();
  let skipped = 0;
  let at = 0;
  for (const length of lengths) {
    const part = packed.subarray(at, at + length);
    at += length;
    try {
      Y.applyUpdate(doc, part);
    } catch {
      // Unreadable entries were refused on the way in; this guards old data.
      skipped++;
    }
  }
  const merged = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  parentPort.postMessage({ id, merged, skipped }, [merged.buffer]);
});
