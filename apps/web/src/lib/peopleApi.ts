import { z } from 'zod';
import {
  caseAccess,
  caseDetail,
  inviteCreateResponse,
  workspaceMember,
  workspaceRole,
  type CaseAccess,
  type WorkspaceRole,
} from '@casehub/contract';
import { empty, json } from './api';
import { queryString } from './queryString';

/**
 * People and access (issue 4): workspace members, case teams, guest
 * invites, sharing, the audit log and the password. Response schemas the
 * contract package does not have yet live here.
 */

export const pendingInvite = z.object({
  id: z.string(),
  email: z.string(),
  role: z.string(),
  caseId: z.string().nullable(),
  access: caseAccess.nullable(),
  createdAt: z.string(),
  expiresAt: z.string(),
});
export type PendingInvite = z.infer<typeof pendingInvite>;
const pendingInvites = z.object({ invites: z.array(pendingInvite) });

export const auditEntry = z.object({
  id: z.union([z.number(), z.string()]),
  at: z.string(),
  action: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  subjectId: z.string().nullable(),
  data: z.unknown(),
});
export type AuditEntry = z.infer<typeof auditEntry>;
const auditResponse = z.object({ entries: z.array(auditEntry) });

export interface AuditFilters {
  action?: string;
  actorId?: string;
  subjectId?: string;
  /** ISO-8601 instants. */
  from?: string;
  to?: string;
  limit?: number;
}

const membersResponse = z.object({ members: z.array(workspaceMember) });
const shareResponse = z.object({ shared: z.array(z.string()) });
const noteResponse = z.object({ activityId: z.string(), shared: z.boolean() });

const enc = encodeURIComponent;


export const auditCsvUrl = (filters: AuditFilters): string => `/api/audit.csv${queryString(filters)}`;

export const peopleApi = {
  // Workspace people
  changeRole: async (userId: string, role: WorkspaceRole) =>
    (await json(membersResponse, 'PATCH', `/api/workspace/members/${enc(userId)}`, { role: workspaceRole.parse(role) })).members,
  removeMember: (userId: string) => empty('DELETE', `/api/workspace/members/${enc(userId)}`),

  // Invites
  pendingInvites: async (caseId?: string, signal?: AbortSignal) =>
    (await json(pendingInvites, 'GET', `/api/invites${caseId ? `?caseId=${enc(caseId)}` : ''}`, undefined, signal)).invites,
  inviteGuest: (input: { email: string; caseId: string; access: CaseAccess }) =>
    json(inviteCreateResponse, 'POST', '/api/invites', { ...input, role: 'guest' }),
  revokeInvite: (id: string) => empty('DELETE', `/api/invites/${enc(id)}`),

  // Case team
  addCaseMember: (caseId: string, input: { userId: string; access: CaseAccess; role?: string }) =>
    json(caseDetail, 'POST', `/api/cases/${enc(caseId)}/members`, input),
  removeCaseMember: (caseId: string, userId: string) => empty('DELETE', `/api/cases/${enc(caseId)}/members/${enc(userId)}`),

  // Sharing with guests
  share: async (caseId: string, activityId: string, thread: boolean) =>
    (await json(shareResponse, 'POST', `/api/cases/${enc(caseId)}/activity/${enc(activityId)}/share`, { thread })).shared,
  unshare: (caseId: string, activityId: string) => empty('DELETE', `/api/cases/${enc(caseId)}/activity/${enc(activityId)}/share`),
  addNote: (caseId: string, input: { text: string; kind?: 'note' | 'call' | 'meeting'; shared?: boolean }) =>
    json(noteResponse, 'POST', `/api/cases/${enc(caseId)}/notes`, { kind: 'note', ...input }),

  // Audit
  audit: async (filters: AuditFilters, signal?: AbortSignal) =>
    (await json(auditResponse, 'GET', `/api/audit${queryString(filters)}`, undefined, signal)).entries,

  // Account
  changePassword: (currentPassword: string, newPassword: string) =>
    empty('POST', '/api/auth/password', { currentPassword, newPassword }),
};
