import { useLayoutEffect, useRef } from 'react';

/**
 * The value of the last render, for an effect that must run only when
 * something else changes (a debounced search, a query key) yet read the
 * current props and callbacks when it does. Updated before any effect runs.
 */
export function useLatest<T>(value: T): { readonly current: T } {
  const ref = useRef(value);
  useLayoutEffect(() => {
    ref.current = value;
  });
  return ref;
}
