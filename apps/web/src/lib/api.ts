import { z } from 'zod';
import {
  caseDetail,
  caseListResponse,
  emailDetail,
  emailImportJob,
  emailImportList,
  emailReplyResponse,
  emailThread,
  errorBodySchema,
  mailAddressResponse,
  fileMeta,
  inviteCreateResponse,
  invitePreview,
  inviteAcceptResponse,
  meResponse,
  workspaceMember,
  type CaseCreateInput,
  type FileMeta,
  type CaseListQuery,
  type CasePatchInput,
  type InviteCreateInput,
  type LoginInput,
  type SignupInput,
} from '@casehub/contract';
import { versionDetail, versionListResponse, type VersionListQuery } from '@casehub/contract';
import { queryString } from './queryString';

/** Every failed call ends up here: an HTTP error body, or `network` when the server could not be reached. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }

  get isUnauthenticated(): boolean {
    return this.status === 401;
  }
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

const unauthenticatedListeners = new Set<() => void>();

/** Lets the session layer learn that a call found the session gone (expired, signed out elsewhere). */
export function onUnauthenticated(listener: () => void): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

async function send(method: Method, path: string, body?: unknown, signal?: AbortSignal): Promise<Response> {
  const init: RequestInit = {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
  };
  if (body !== undefined) init.body = JSON.stringify(body);
  if (signal) init.signal = signal;
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network', 'Could not reach the server. Check your connection and try again.');
  }
  if (res.ok) return res;

  const parsed = errorBodySchema.safeParse(await res.json().catch(() => null));
  const error = parsed.success
    ? new ApiError(res.status, parsed.data.error.code, parsed.data.error.message)
    : new ApiError(res.status, 'http_error', `The server answered ${res.status}.`);
  // /api/me answering 401 is the normal "signed out" state, not a lost session;
  // so is a wrong current password on the password change.
  if (res.status === 401 && path !== '/api/me') unauthenticatedListeners.forEach((fn) => fn());
  throw error;
}

/** A typed JSON call: exported for the feature modules that keep their own schemas (lib/peopleApi.ts). */
export async function json<S extends z.ZodType>(
  schema: S,
  method: Method,
  path: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<z.infer<S>> {
  const res = await send(method, path, body, signal);
  const parsed = schema.safeParse(await res.json().catch(() => undefined));
  if (!parsed.success) {
    throw new ApiError(res.status, 'bad_response', `Unexpected answer from ${method} ${path}.`);
  }
  return parsed.data;
}

export async function empty(method: Method, path: string, body?: unknown): Promise<void> {
  await send(method, path, body);
}

const membersResponse = z.object({ members: z.array(workspaceMember) });

export type { EmailDetail, EmailAddressValue } from '@casehub/contract';
export type FileInfo = FileMeta;

export const searchHit = z.object({
  caseId: z.string(),
  caseTitle: z.string(),
  activityId: z.string(),
  kind: z.string(),
  snippet: z.string(),
  at: z.string(),
});
export type SearchHit = z.infer<typeof searchHit>;
const searchResponse = z.object({ results: z.array(searchHit) });



const enc = encodeURIComponent;

export const api = {
  me: (signal?: AbortSignal) => json(meResponse, 'GET', '/api/me', undefined, signal),
  signup: (input: SignupInput) => json(meResponse, 'POST', '/api/auth/signup', input),
  login: (input: LoginInput) => json(meResponse, 'POST', '/api/auth/login', input),
  logout: () => empty('POST', '/api/auth/logout'),

  workspaceMembers: async (signal?: AbortSignal) =>
    (await json(membersResponse, 'GET', '/api/workspace/members', undefined, signal)).members,

  createInvite: (input: InviteCreateInput) => json(inviteCreateResponse, 'POST', '/api/invites', input),
  invitePreview: (token: string, signal?: AbortSignal) =>
    json(invitePreview, 'GET', `/api/invites/${enc(token)}`, undefined, signal),
  acceptInvite: (token: string, input: { name?: string; password: string }) =>
    json(inviteAcceptResponse, 'POST', `/api/invites/${enc(token)}/accept`, input),

  listCases: (query: Partial<CaseListQuery>, signal?: AbortSignal) =>
    json(caseListResponse, 'GET', `/api/cases${queryString(query)}`, undefined, signal),
  createCase: (input: Pick<CaseCreateInput, 'title' | 'kind'> & Partial<CaseCreateInput>) =>
    json(caseDetail, 'POST', '/api/cases', input),
  getCase: (id: string, signal?: AbortSignal) => json(caseDetail, 'GET', `/api/cases/${enc(id)}`, undefined, signal),
  patchCase: (id: string, patch: CasePatchInput) => json(caseDetail, 'PATCH', `/api/cases/${enc(id)}`, patch),

  search: async (query: { q: string; caseId?: string }, signal?: AbortSignal) =>
    (await json(searchResponse, 'GET', `/api/search${queryString(query)}`, undefined, signal)).results,
  caseAddress: async (caseId: string, signal?: AbortSignal) =>
    (await json(mailAddressResponse, 'GET', `/api/cases/${enc(caseId)}/address`, undefined, signal)).address,
  getFile: (id: string, signal?: AbortSignal) => json(fileMeta, 'GET', `/api/files/${enc(id)}`, undefined, signal),
  getEmail: (id: string, signal?: AbortSignal) => json(emailDetail, 'GET', `/api/emails/${enc(id)}`, undefined, signal),
  getThread: (threadId: string, signal?: AbortSignal) =>
    json(emailThread, 'GET', `/api/threads/${enc(threadId)}`, undefined, signal),
  retrySend: (id: string) =>
    json(z.object({ emailId: z.string(), sendStatus: z.string() }), 'POST', `/api/emails/${enc(id)}/retry`, {}),
  replyToEmail: (id: string, text: string) => json(emailReplyResponse, 'POST', `/api/emails/${enc(id)}/reply`, { text }),
  // email imports run as jobs (issue 20.9; features/activity/useUploads)
  listEmailImports: async (caseId: string, signal?: AbortSignal) =>
    (await json(emailImportList, 'GET', `/api/cases/${enc(caseId)}/emails/imports`, undefined, signal)).imports,
  getEmailImport: (caseId: string, importId: string, signal?: AbortSignal) =>
    json(emailImportJob, 'GET', `/api/cases/${enc(caseId)}/emails/imports/${enc(importId)}`, undefined, signal),
  cancelEmailImport: (caseId: string, importId: string) =>
    json(emailImportJob, 'POST', `/api/cases/${enc(caseId)}/emails/imports/${enc(importId)}/cancel`, {}),
  resumeEmailImport: (caseId: string, importId: string) =>
    json(emailImportJob, 'POST', `/api/cases/${enc(caseId)}/emails/imports/${enc(importId)}/resume`, {}),
  // version history (features/history)
  listVersions: async (caseId: string, query: VersionListQuery, signal?: AbortSignal) =>
    (await json(versionListResponse, 'GET', `/api/cases/${enc(caseId)}/versions?doc=${query.doc}&target=${enc(query.target)}`, undefined, signal)).versions,
  /** Keeps the current text as a version (before a restore replaces it). */
  checkpointVersion: (caseId: string, query: VersionListQuery) =>
    json(z.object({ ok: z.literal(true) }), 'POST', `/api/cases/${enc(caseId)}/versions/checkpoint`, query),
  getVersion: (id: string, signal?: AbortSignal) => json(versionDetail, 'GET', `/api/versions/${enc(id)}`, undefined, signal),
};

export const fileContentUrl = (id: string, download = false): string =>
  `/api/files/${enc(id)}/content${download ? '?download=1' : ''}`;

/** A message fit to show a person, from any error a call may throw. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 429) return 'Too many attempts, wait a minute and try again.';
    return err.message;
  }
  return 'Something went wrong. Please try again.';
}

export const isAbort = (err: unknown): boolean => err instanceof DOMException && err.name === 'AbortError';
