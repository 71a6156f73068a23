import { useCallback, useEffect, useState } from 'react';
import { isAbort } from './api';
import { useLatest } from './useLatest';

export type Loadable<T> = { state: 'loading'; data?: T } | { state: 'error'; error: unknown; data?: T } | { state: 'ready'; data: T };

/**
 * Runs a read call whenever `key` changes, aborting the previous one so a slow
 * answer to an old query never overwrites a newer one. While `enabled` is
 * false it stays loading and asks nothing (a read that must follow another).
 */
export function useApi<T>(key: string, load: (signal: AbortSignal) => Promise<T>, { enabled = true } = {}): Loadable<T> & { reload: () => void } {
  const [result, setResult] = useState<Loadable<T>>({ state: 'loading' });
  const [generation, setGeneration] = useState(0);
  // `load` is a fresh closure each render; `key` says when the query really changed.
  const latestLoad = useLatest(load);

  useEffect(() => {
    if (!enabled) return;
    const ctrl = new AbortController();
    setResult((prev) => ({ state: 'loading', ...(prev.data === undefined ? {} : { data: prev.data }) }));
    latestLoad.current(ctrl.signal).then(
      (data) => {
        if (!ctrl.signal.aborted) setResult({ state: 'ready', data });
      },
      (error: unknown) => {
        if (isAbort(error) || ctrl.signal.aborted) return;
        setResult((prev) => ({ state: 'error', error, ...(prev.data === undefined ? {} : { data: prev.data }) }));
      },
    );
    return () => ctrl.abort();
  }, [key, generation, latestLoad, enabled]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { ...result, reload };
}
