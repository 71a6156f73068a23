import { useEffect, useState } from 'react';
import type { WorkspaceMember } from '@casehub/contract';
import { api } from '../../lib/api';
import { useApi } from '../../lib/useApi';

/**
 * Workspace members for owner pickers, filters and @mentions; an empty list
 * while loading. A failed load is retried a few times (2 s, 4 s, 8 s), so a
 * blip does not leave the pickers empty for the life of the page.
 */
export function useWorkspaceMembers(refresh = 0): WorkspaceMember[] {
  const [attempt, setAttempt] = useState(0);
  // `refresh`: a caller that learnt the list changed (someone joined) bumps it to load it again.
  const result = useApi(`workspace-members:${refresh}:${attempt}`, (signal) => api.workspaceMembers(signal));
  const failed = result.state === 'error';
  useEffect(() => {
    if (!failed || attempt >= 3) return;
    const t = setTimeout(() => setAttempt((n) => n + 1), 2000 * 2 ** attempt);
    return () => clearTimeout(t);
  }, [failed, attempt]);
  return result.data ?? [];
}
