import { useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { activityMap, listActivity, readActivity, type ActivityRecord } from '@casehub/case-document';

/** Newest first; ties broken by id so every client shows the same order. */
export function newestFirst(a: ActivityRecord, b: ActivityRecord): number {
  if (a.at !== b.at) return a.at < b.at ? 1 : -1;
  return b.id.localeCompare(a.id);
}

/**
 * The case's stream, newest first, kept live from the document. The first
 * read lists everything once; after that only the entries an update touched
 * are re-read (a keystroke in one note body does not re-parse 10,000
 * entries), and edits inside a note body, which change no listed field, are
 * ignored here (the body is a live fragment the editor observes itself).
 */
export function useActivity(doc: Y.Doc): ActivityRecord[] {
  const [entries, setEntries] = useState<ActivityRecord[]>(() => listActivity(doc).reverse());

  useEffect(() => {
    const map = activityMap(doc);
    let byId = new Map<string, ActivityRecord>();
    const all = listActivity(doc).reverse();
    for (const e of all) byId.set(e.id, e);
    setEntries(all);

    const onChange = (events: Y.YEvent<Y.AbstractType<unknown>>[]): void => {
      const touched = new Set<string>();
      let structural = false;
      for (const event of events) {
        if (event.path.length === 0) {
          // Entries added or removed on the activity map itself.
          event.changes.keys.forEach((_, key) => touched.add(key));
          structural = true;
        } else if (event.path.length === 1) {
          // A plain field of one entry (summary, flag, ...). Deeper paths are body edits.
          const id = event.path[0];
          if (typeof id === 'string') touched.add(id);
        }
      }
      if (touched.size === 0) return;
      const next = new Map(byId);
      let changed = structural;
      for (const id of touched) {
        const record = map.has(id) ? readActivity(doc, id) : null;
        const before = next.get(id);
        if (record) next.set(id, record);
        else next.delete(id);
        if (!before || !record || before.at !== record.at) changed = true;
      }
      byId = next;
      setEntries((prev) => {
        if (!changed) {
          // Only fields changed in place: keep the order, swap the touched records.
          return prev.map((e) => (touched.has(e.id) ? (next.get(e.id) ?? e) : e));
        }
        return [...next.values()].sort(newestFirst);
      });
    };
    map.observeDeep(onChange);
    return () => map.unobserveDeep(onChange);
  }, [doc]);

  return entries;
}
