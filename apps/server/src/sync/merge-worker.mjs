// Runs in a worker thread (see snapshot-merger.ts): folds a snapshot and log
// entries into one update, off the server's event loop. Through a Y.Doc
// rather than Y.mergeUpdates, so the result is the compact encoding of the
// state (deleted content garbage-collected). Plain JavaScript, so it loads
// the same under tsx, vitest and plain node.
import { parentPort } from 'node:worker_threads';
import * as Y from 'yjs';

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
