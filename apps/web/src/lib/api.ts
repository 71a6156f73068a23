import type { z } from 'zod';
import {
  endpoints,
  errorBodySchema,
  type CaseCreateInput,
  type CaseListQuery,
  type CasePatchInput,
  type Endpoint,
  type EndpointKey,
  type FileMeta,
  type InviteCreateInput,
  type LoginInput,
  meResponse,
  type MeResponse,
  type SignupInput,
  type VersionListQuery,
} from '@casehub/contract';
import { queryString } from './queryString';
import { forgetSession, keepAnswer, keepSession, readAnswer, readSession, setOfflineOwner, setServedFromCopy } from './offlineCopy';
import { i18n } from '../i18n';

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

/** A body sent as it is (a file), with its media type; anything else goes as JSON. */
export type RawBody = { raw: Blob | ArrayBuffer | string; type: string };

async function send(method: Method, path: string, body?: unknown, signal?: AbortSignal, accept = 'application/json'): Promise<Response> {
  const raw = isRaw(body) ? body : null;
  const init: RequestInit = {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? { accept } : { accept, 'content-type': raw ? raw.type : 'application/json' },
  };
  if (body !== undefined) init.body = raw ? raw.raw : JSON.stringify(body);
  if (signal) init.signal = signal;
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network', i18n.t('Could not reach the server. Check your connection and try again.'));
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

function isRaw(body: unknown): body is RawBody {
  return typeof body === 'object' && body !== null && 'raw' in body && 'type' in body;
}

/** The response of a call whose answer is not one JSON document (a stream, a file): errors handled as for every call. */
export function sendRaw(method: Method, path: string, body: RawBody | undefined, accept: string, signal?: AbortSignal): Promise<Response> {
  return send(method, path, body, signal, accept);
}

/** A JSON call whose answer is parsed by `schema`. */
async function json<S extends z.ZodType>(schema: S, method: Method, path: string, body?: unknown, signal?: AbortSignal): Promise<z.infer<S>> {
  const res = await send(method, path, body, signal);
  const parsed = schema.safeParse(await res.json().catch(() => undefined));
  if (!parsed.success) {
    throw new ApiError(res.status, 'bad_response', `Unexpected answer from ${method} ${path}.`);
  }
  return parsed.data;
}

export type { EmailDetail, EmailAddressValue, SearchResult as SearchHit } from '@casehub/contract';
export type FileInfo = FileMeta;

type Spec<K extends EndpointKey> = (typeof endpoints)[K];
/** The names in a path's {braces}: 'GET /api/cases/{id}' → 'id'. */
type PathParams<P extends string> = P extends `${string}{${infer Name}}${infer Rest}` ? Name | PathParams<Rest> : never;
type ParamsPart<K extends EndpointKey> = [PathParams<K>] extends [never] ? { params?: undefined } : { params: Record<PathParams<K>, string> };
type BodyPart<K extends EndpointKey> =
  Spec<K> extends { body: infer B extends z.ZodType } ? { body: z.input<B> } : Spec<K> extends { bodyType: string } ? { body: RawBody } : { body?: undefined };
type QueryPart<K extends EndpointKey> = Spec<K> extends { query: infer Q extends z.ZodType } ? { query?: Partial<z.input<Q>> } : { query?: undefined };
export type CallOptions<K extends EndpointKey> = ParamsPart<K> & BodyPart<K> & QueryPart<K> & { signal?: AbortSignal | undefined };
/** What an endpoint answers: its declared response, parsed; nothing for the ones that answer 204. */
export type Answer<K extends EndpointKey> = Spec<K> extends { response: infer R extends z.ZodType } ? z.output<R> : void;

/**
 * The typed client: one call per endpoint of the table in packages/contract
 * (the same table the server's /api/openapi.json is built from), with its
 * path parameters, query and body typed by the endpoint's schemas and its
 * answer parsed by the response schema.
 */
export async function call<K extends EndpointKey>(
  key: K,
  ...[options]: object extends CallOptions<K> ? [CallOptions<K>?] : [CallOptions<K>]
): Promise<Answer<K>> {
  const spec: Endpoint = endpoints[key];
  const method = key.slice(0, key.indexOf(' ')) as Method;
  const url = urlFor(key, options);
  if (!spec.response) {
    await send(method, url, options?.body, options?.signal);
    return undefined as Answer<K>;
  }
  if (key === 'GET /api/me') return (await readMe(options?.signal)) as Answer<K>;
  if (keptOffline.has(key)) return (await readKept(spec.response, url, options?.signal)) as Answer<K>;
  return (await json(spec.response, method, url, options?.body, options?.signal)) as Answer<K>;
}

/**
 * The reads whose last answer this browser keeps for the signed-in person
 * (lib/offlineCopy.ts), so that a case opens after a reload without a
 * network (issue 17.7): what the case page and the case list need, nothing
 * more. Each is served from the copy only when the server cannot be reached.
 */
const keptOffline: ReadonlySet<EndpointKey> = new Set<EndpointKey>(['GET /api/cases/{id}', 'GET /api/workspace/members', 'GET /api/cases']);

async function readKept<S extends z.ZodType>(schema: S, url: string, signal: AbortSignal | undefined): Promise<z.infer<S>> {
  try {
    const answer = await json(schema, 'GET', url, undefined, signal);
    setServedFromCopy(false);
    void keepAnswer(url, answer);
    return answer;
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 0)) throw err;
    const kept = schema.safeParse(await readAnswer(url));
    if (!kept.success) throw err;
    setServedFromCopy(true);
    return kept.data;
  }
}

/** Who is signed in: kept as for `readKept`, and it says whose copies the other reads use. */
async function readMe(signal: AbortSignal | undefined): Promise<MeResponse> {
  try {
    const me = await json(meResponse, 'GET', '/api/me', undefined, signal);
    setServedFromCopy(false);
    void keepSession(me.user.id, me);
    return me;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) void forgetSession();
    if (!(err instanceof ApiError && err.status === 0)) throw err;
    const kept = meResponse.safeParse(await readSession());
    if (!kept.success) throw err;
    setOfflineOwner(kept.data.user.id);
    setServedFromCopy(true);
    return kept.data;
  }
}

function urlFor(key: EndpointKey, options: { params?: Record<string, string> | undefined; query?: object | undefined } | undefined): string {
  const params: Record<string, string> = options?.params ?? {};
  const path = key.slice(key.indexOf(' ') + 1).replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
  return path + queryString(options?.query ?? {});
}

/**
 * The URL of an endpoint of the table, for what `call` does not do itself:
 * a link or a download, an upload with progress, an event stream.
 */
export function urlOf<K extends EndpointKey>(key: K, ...[options]: object extends UrlOptions<K> ? [UrlOptions<K>?] : [UrlOptions<K>]): string {
  return urlFor(key, options);
}
type UrlOptions<K extends EndpointKey> = ParamsPart<K> & QueryPart<K>;

export const api = {
  me: (signal?: AbortSignal) => call('GET /api/me', { signal }),
  signup: (body: SignupInput) => call('POST /api/auth/signup', { body }),
  login: (body: LoginInput) => call('POST /api/auth/login', { body }),
  logout: () => call('POST /api/auth/logout'),

  workspaceMembers: async (signal?: AbortSignal) => (await call('GET /api/workspace/members', { signal })).members,

  createInvite: (body: InviteCreateInput) => call('POST /api/invites', { body }),
  invitePreview: (token: string, signal?: AbortSignal) => call('GET /api/invites/{token}', { params: { token }, signal }),
  acceptInvite: (token: string, body: { name?: string; password: string }) => call('POST /api/invites/{token}/accept', { params: { token }, body }),

  listCases: (query: Partial<CaseListQuery>, signal?: AbortSignal) => call('GET /api/cases', { query, signal }),
  createCase: (body: Pick<CaseCreateInput, 'title' | 'kind'> & Partial<CaseCreateInput>) => call('POST /api/cases', { body }),
  getCase: (id: string, signal?: AbortSignal) => call('GET /api/cases/{id}', { params: { id }, signal }),
  patchCase: (id: string, body: CasePatchInput) => call('PATCH /api/cases/{id}', { params: { id }, body }),

  search: async (query: { q: string; caseId?: string }, signal?: AbortSignal) => (await call('GET /api/search', { query, signal })).results,
  caseAddress: async (id: string, signal?: AbortSignal) => (await call('GET /api/cases/{id}/address', { params: { id }, signal })).address,
  getFile: (id: string, signal?: AbortSignal) => call('GET /api/files/{id}', { params: { id }, signal }),
  getEmail: (id: string, signal?: AbortSignal) => call('GET /api/emails/{id}', { params: { id }, signal }),
  getThread: (threadId: string, signal?: AbortSignal) => call('GET /api/threads/{threadId}', { params: { threadId }, signal }),
  retrySend: (id: string) => call('POST /api/emails/{id}/retry', { params: { id } }),
  // email imports run as jobs (issue 20.9; features/activity/useUploads)
  listEmailImports: async (id: string, signal?: AbortSignal) => (await call('GET /api/cases/{id}/emails/imports', { params: { id }, signal })).imports,
  getEmailImport: (id: string, importId: string, signal?: AbortSignal) =>
    call('GET /api/cases/{id}/emails/imports/{importId}', { params: { id, importId }, signal }),
  cancelEmailImport: (id: string, importId: string) => call('POST /api/cases/{id}/emails/imports/{importId}/cancel', { params: { id, importId } }),
  resumeEmailImport: (id: string, importId: string) => call('POST /api/cases/{id}/emails/imports/{importId}/resume', { params: { id, importId } }),
  // version history (features/history)
  listVersions: async (id: string, query: VersionListQuery, signal?: AbortSignal) =>
    (await call('GET /api/cases/{id}/versions', { params: { id }, query, signal })).versions,
  /** Keeps the current text as a version (before a restore replaces it). */
  checkpointVersion: (id: string, body: VersionListQuery) => call('POST /api/cases/{id}/versions/checkpoint', { params: { id }, body }),
  getVersion: (id: string, signal?: AbortSignal) => call('GET /api/versions/{id}', { params: { id }, signal }),
};

export const fileContentUrl = (id: string): string => urlOf('GET /api/files/{id}/content', { params: { id } });

/** A message fit to show a person, from any error a call may throw. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 429) return i18n.t('Too many attempts, wait a minute and try again.');
    return err.message;
  }
  return i18n.t('Something went wrong. Please try again.');
}

export const isAbort = (err: unknown): boolean => err instanceof DOMException && err.name === 'AbortError';
