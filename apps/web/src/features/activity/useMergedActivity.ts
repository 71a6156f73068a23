import { useMemo } from 'react';
import * as Y from 'yjs';
import type { ActivityRecord } from '@casehub/case-document';
import { newestFirst, useActivity } from './useActivity';

/** Stands in for the shared document where there is none (the guest view reads only one document). */
const noDoc = new Y.Doc();

export interface MergedActivity {
  /** Newest first: every team entry, then (interleaved by time) shared entries the team document lacks. */
  entries: ActivityRecord[];
  /** Ids present in the shared document: what guests see. */
  sharedIds: ReadonlySet<string>;
  /** Ids only in the shared document (written by a guest): opened from there. */
  sharedOnlyIds: ReadonlySet<string>;
}

/**
 * The team's stream merged with the shared document's (DESIGN.md §3): an
 * entry shared with guests lives in both under the same id and shows once,
 * with the badge; an entry only in the shared document is a guest's. Each
 * document is observed incrementally by `useActivity`; the merge is one
 * linear pass over two sorted lists, and keeps the record objects, so rows
 * that did not change do not re-render.
 */
export function useMergedActivity(doc: Y.Doc, shared: Y.Doc | null): MergedActivity {
  const team = useActivity(doc);
  const sharedEntries = useActivity(shared ?? noDoc);
  const hasShared = shared !== null;

  const sharedIds = useMemo(() => new Set(hasShared ? sharedEntries.map((e) => e.id) : []), [sharedEntries, hasShared]);
  const teamIds = useMemo(() => (hasShared ? new Set(team.map((e) => e.id)) : null), [team, hasShared]);

  return useMemo(() => {
    if (!teamIds) return { entries: team, sharedIds, sharedOnlyIds: new Set<string>() };
    const only = sharedEntries.filter((e) => !teamIds.has(e.id));
    const sharedOnlyIds = new Set(only.map((e) => e.id));
    if (only.length === 0) return { entries: team, sharedIds, sharedOnlyIds };
    const merged: ActivityRecord[] = [];
    let i = 0;
    let j = 0;
    while (i < team.length || j < only.length) {
      const a = team[i];
      const b = only[j];
      if (a && (!b || newestFirst(a, b) <= 0)) {
        merged.push(a);
        i++;
      } else if (b) {
        merged.push(b);
        j++;
      }
    }
    return { entries: merged, sharedIds, sharedOnlyIds };
  }, [team, sharedEntries, teamIds, sharedIds]);
}
