import { workspaceRole, type CaseAccess, type WorkspaceRole } from '@casehub/contract';
import { call, urlOf } from './api';

/**
 * People and access (issue 4): workspace members, case teams, guest
 * invites, sharing, the audit log and the password; every call goes
 * through the typed client (lib/api.ts `call`).
 */

export type { AuditEntry, PendingInvite } from '@casehub/contract';

export interface AuditFilters {
  action?: string;
  actorId?: string;
  subjectId?: string;
  /** ISO-8601 instants. */
  from?: string;
  to?: string;
  limit?: number;
}

export const auditCsvUrl = (filters: AuditFilters): string => urlOf('GET /api/audit.csv', { query: filters });

export const peopleApi = {
  // Workspace people
  changeRole: async (userId: string, role: WorkspaceRole) =>
    (await call('PATCH /api/workspace/members/{userId}', { params: { userId }, body: { role: workspaceRole.parse(role) } })).members,
  removeMember: (userId: string) => call('DELETE /api/workspace/members/{userId}', { params: { userId } }),
  /** A password reset link for a member, to pass on (owners and admins; issue 14.1). */
  resetLink: (userId: string) => call('POST /api/workspace/members/{userId}/password-reset', { params: { userId } }),

  // Invites
  pendingInvites: async (caseId?: string, signal?: AbortSignal) => (await call('GET /api/invites', { query: { caseId }, signal })).invites,
  inviteGuest: (input: { email: string; caseId: string; access: CaseAccess }) => call('POST /api/invites', { body: { ...input, role: 'guest' } }),
  revokeInvite: (id: string) => call('DELETE /api/invites/{id}', { params: { id } }),

  // Case team
  addCaseMember: (id: string, body: { userId: string; access: CaseAccess; role?: string }) => call('POST /api/cases/{id}/members', { params: { id }, body }),
  removeCaseMember: (id: string, userId: string) => call('DELETE /api/cases/{id}/members/{userId}', { params: { id, userId } }),

  // Sharing with guests
  share: async (id: string, activityId: string, thread: boolean) =>
    (await call('POST /api/cases/{id}/activity/{activityId}/share', { params: { id, activityId }, body: { thread } })).shared,
  unshare: (id: string, activityId: string) => call('DELETE /api/cases/{id}/activity/{activityId}/share', { params: { id, activityId } }),
  addNote: (id: string, input: { text: string; kind?: 'note' | 'call' | 'meeting'; shared?: boolean }) =>
    call('POST /api/cases/{id}/notes', { params: { id }, body: { kind: 'note', ...input } }),

  // Audit
  audit: async (query: AuditFilters, signal?: AbortSignal) => (await call('GET /api/audit', { query, signal })).entries,

  // Account
  changePassword: (currentPassword: string, newPassword: string) => call('POST /api/auth/password', { body: { currentPassword, newPassword } }),
};
