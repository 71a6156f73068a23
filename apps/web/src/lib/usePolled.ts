import { useCallback, useEffect, useRef, useState } from 'react';
import { isAbort } from './api';
import type { Loadable } from './useApi';

/**
 * A read kept fresh: loaded when `key` changes, every `intervalMs`, when the
 * window gets focus back and on `reload()`. A slow answer never overwrites a
 * newer one; the last good data stays while a reload fails. Answers in
 * useApi's shape (only the first load of a key is `loading`), so `Async` shows it.
 */
export function usePolled<T>(key: string, load: (signal: AbortSignal) => Promise<T>, intervalMs: number): Loadable<T> & { reload: () => void } {
  const [state, setState] = useState<{ key: string; data?: T; error?: unknown }>({ key });
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });
  const current = useRef<AbortController | null>(null);

  const run = useCallback(() => {
    current.current?.abort();
    const ctrl = new AbortController();
    current.current = ctrl;
    loadRef.current(ctrl.signal).then(
      (data) => {
        if (!ctrl.signal.aborted) setState({ key, data });
      },
      (error: unknown) => {
        if (isAbort(error) || ctrl.signal.aborted) return;
        setState((prev) => ({ ...prev, key, error }));
      },
    );
  }, [key]);

  useEffect(() => {
    run();
    const timer = setInterval(run, intervalMs);
    window.addEventListener('focus', run);
    return () => {
      clearInterval(timer);
      window.removeEventListener('focus', run);
      current.current?.abort();
    };
  }, [run, intervalMs]);

  if (state.key !== key) return { state: 'loading', reload: run };
  const data = state.data === undefined ? {} : { data: state.data };
  if (state.error !== undefined) return { state: 'error', error: state.error, ...data, reload: run };
  return state.data === undefined ? { state: 'loading', reload: run } : { state: 'ready', data: state.data, reload: run };
}
