import type { WorkspaceMember } from '@casehub/contract';
import { api } from '../../lib/api';
import { useApi } from '../../lib/useApi';

/** Workspace members for owner pickers and filters; an empty list while loading or on error. */
export function useWorkspaceMembers(): WorkspaceMember[] {
  const result = useApi('workspace-members', (signal) => api.workspaceMembers(signal));
  return result.data ?? [];
}
