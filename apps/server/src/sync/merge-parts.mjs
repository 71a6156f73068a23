// Folds a snapshot and log entries into one update: applied to a fresh Y.Doc,
// then encoded, so the result is the compact encoding of the state (deleted
// content garbage-collected) rather than Y.mergeUpdates' concatenation. Plain
// JavaScript, shared by the merge worker (merge-worker.mjs) and the server's
// own thread (snapshot-merger.ts, for small documents).
import * as Y from 'yjs';

/** @param {Uint8Array[]} parts @returns {{ merged: Uint8Array, skipped: number }} */
export function mergeParts(parts) {
  const doc = new Y.Doc();
  let skipped = 0;
  for (const part of parts) {
    try {
      Y.applyUpdate(doc, part);
    } catch {
      // Unreadable entries were refused on the way in; this guards old data.
      skipped++;
    }
  }
  const merged = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return { merged, skipped };
}
