import { useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { expectationsMap, listExpectations, type ExpectationRecord } from '@casehub/case-document';

export type CaseExpectation = ExpectationRecord & { side: 'team' | 'shared' };

function read(team: Y.Doc, shared: Y.Doc | null): CaseExpectation[] {
  const all: CaseExpectation[] = listExpectations(team).map((e) => ({ ...e, side: 'team' }));
  if (shared) all.push(...listExpectations(shared).map((e) => ({ ...e, side: 'shared' as const })));
  return all.sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id));
}

/** The case's promises, soonest due first, live from the team document and the shared one. */
export function useExpectations(team: Y.Doc, shared: Y.Doc | null): CaseExpectation[] {
  const [list, setList] = useState<CaseExpectation[]>(() => read(team, shared));
  useEffect(() => {
    const update = (): void => setList(read(team, shared));
    update();
    const maps = [expectationsMap(team), ...(shared ? [expectationsMap(shared)] : [])];
    for (const m of maps) m.observeDeep(update);
    return () => {
      for (const m of maps) m.unobserveDeep(update);
    };
  }, [team, shared]);
  return list;
}
