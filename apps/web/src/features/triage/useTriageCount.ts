import { useEffect } from 'react';
import { usePolled } from '../../lib/usePolled';
import { triageApi } from './triageApi';

/** Often enough that new mail shows within a short while; the window getting focus back asks at once too. */
const pollMs = 20_000;

/** How many messages wait in triage, kept fresh (interval, focus, and any change made in this tab). */
export function useTriageCount(): number | undefined {
  const polled = usePolled('triage-count', (signal) => triageApi.count(signal), pollMs);
  const { reload } = polled;
  useEffect(() => {
    window.addEventListener('casehub:triage-changed', reload);
    return () => window.removeEventListener('casehub:triage-changed', reload);
  }, [reload]);
  return polled.data;
}
