import { useCallback, useEffect, useRef, useState } from 'react';
import { isAbort } from './api';

export interface Polled<T> {
  data: T | undefined;
  error: unknown;
  /** Loads again now (after a change made here). */
  refresh: () => void;
}

/**
 * A read kept fresh: loaded when `key` changes, every `intervalMs`, when the
 * window gets focus back and on `refresh()`. A slow answer never overwrites a
 * newer one; the last good data stays while a reload fails.
 */
export function usePolled<T>(key: string, load: (signal: AbortSignal) => Promise<T>, intervalMs: number): Polled<T> {
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

  const fresh = state.key === key;
  return { data: fresh ? state.data : undefined, error: fresh ? state.error : undefined, refresh: run };
}
