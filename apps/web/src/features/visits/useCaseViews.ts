import { useCallback, useMemo } from 'react';
import type { CaseViews } from '@casehub/contract';
import { useApi, type Loadable } from '../../lib/useApi';
import { visitsApi } from './visitsApi';

export type CaseViewsState = Loadable<CaseViews> & {
  reload: () => void;
  /** The guests who opened a stream entry's file or email ("viewed by them" on shared entries). */
  guestsWhoOpened: (entry: { fileId?: string | undefined; emailId?: string | undefined }) => string[];
};

/** One empty list for every entry nobody opened, so memoised stream rows do not render again for a new `[]`. */
const nobody: string[] = [];

/**
 * Who opened the case and what of it (issue 15.5), for the team: the Seen by
 * panel and the stream's "Viewed by". Asked once `enabled` (after this
 * person's own visit is recorded, so the list includes them).
 */
export function useCaseViews(caseId: string, enabled: boolean): CaseViewsState {
  const views = useApi(`views:${caseId}`, (signal) => visitsApi.views(caseId, signal), { enabled });
  const byTarget = useMemo(() => {
    const map = new Map<string, string[]>();
    for (const person of views.data?.people ?? []) {
      if (!person.guest) continue;
      for (const o of person.opened) map.set(`${o.target}:${o.id}`, [...(map.get(`${o.target}:${o.id}`) ?? []), person.name]);
    }
    return map;
  }, [views.data]);
  const guestsWhoOpened = useCallback(
    (entry: { fileId?: string | undefined; emailId?: string | undefined }) =>
      (entry.emailId ? byTarget.get(`email:${entry.emailId}`) : undefined) ?? (entry.fileId ? byTarget.get(`file:${entry.fileId}`) : undefined) ?? nobody,
    [byTarget],
  );
  return { ...views, guestsWhoOpened };
}
