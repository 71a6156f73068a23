import { useSyncExternalStore } from 'react';

/** How often relative times ("now", "2 minutes ago") are written again. */
export const nowTickMs = 30_000;

let now = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

function tick(): void {
  now = Date.now();
  for (const listener of listeners) listener();
}

/**
 * One interval for the whole page, however many times are shown; it runs only
 * while something shows one. The first subscriber takes a fresh reading, so a
 * page opened after a quiet spell does not start from an old one.
 */
function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) {
    now = Date.now();
    timer = setInterval(tick, nowTickMs);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** The current time, updated every `nowTickMs`: re-renders whoever shows a relative time. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, () => now);
}
