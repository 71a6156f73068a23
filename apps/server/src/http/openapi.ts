import {
  caseCreateInput,
  caseDetail,
  caseListQuery,
  caseListResponse,
  caseMemberInput,
  casePatchInput,
  errorBodySchema,
  inviteAcceptInput,
  inviteCreateInput,
  inviteCreateResponse,
  invitePreview,
  loginInput,
  meResponse,
  signupInput,
  tokenCreateInput,
  tokenCreateResponse,
  workspaceMember,
} from '@casehub/contract';
import { z } from 'zod';

type Route = {
  method: 'get' | 'post' | 'patch' | 'delete';
  path: string;
  summary: string;
  auth?: boolean;
  body?: z.ZodType;
  bodyType?: string;
  query?: z.ZodObject;
  response?: z.ZodType;
  status?: number;
};

/** Every HTTP route, described once; GET /api/openapi.json is built from this table. */
const routes: Route[] = [
  { method: 'get', path: '/api/health', summary: 'The server and its database answer', auth: false, response: z.object({ ok: z.literal(true), db: z.string() }) },
  { method: 'post', path: '/api/auth/signup', summary: 'Create a user and a workspace they own; sets the session cookie', auth: false, body: signupInput, response: meResponse, status: 201 },
  { method: 'post', path: '/api/auth/login', summary: 'Sign in; sets the session cookie', auth: false, body: loginInput, response: meResponse },
  { method: 'post', path: '/api/auth/logout', summary: 'Sign out; ends the session and its sync connections', status: 204 },
  { method: 'get', path: '/api/me', summary: 'The signed-in person, their workspace and role', response: meResponse },
  { method: 'post', path: '/api/tokens', summary: 'Create an API token (shown once)', body: tokenCreateInput, response: tokenCreateResponse, status: 201 },
  { method: 'get', path: '/api/workspace/members', summary: 'Members of the workspace', response: z.object({ members: z.array(workspaceMember) }) },
  { method: 'post', path: '/api/invites', summary: 'Invite a member, or a guest to one case', body: inviteCreateInput, response: inviteCreateResponse, status: 201 },
  { method: 'get', path: '/api/invites/{token}', summary: 'What an invite is for', auth: false, response: invitePreview },
  { method: 'post', path: '/api/invites/{token}/accept', summary: 'Accept an invite (creates the account if new); sets the session cookie', auth: false, body: inviteAcceptInput, response: meResponse },
  { method: 'get', path: '/api/cases', summary: 'Cases you may see, filtered, sorted and paged', query: caseListQuery, response: caseListResponse },
  { method: 'post', path: '/api/cases', summary: 'Create a case', body: caseCreateInput, response: caseDetail, status: 201 },
  { method: 'get', path: '/api/cases/{id}', summary: 'One case', response: caseDetail },
  { method: 'patch', path: '/api/cases/{id}', summary: "Change a case's fields (same effect as editing the document)", body: casePatchInput, response: caseDetail },
  { method: 'post', path: '/api/cases/{id}/members', summary: 'Add a person to the case team, or change their access', body: caseMemberInput, response: caseDetail },
  { method: 'delete', path: '/api/cases/{id}/members/{userId}', summary: 'Remove a person from the case team', status: 204 },
];

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'openapi-3.0' });

export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const params = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    const queryParams = r.query
      ? Object.keys(r.query.shape).map((name) => ({ name, in: 'query', required: false, schema: { type: 'string' } }))
      : [];
    const status = String(r.status ?? 200);
    const entry = (paths[r.path] ??= {});
    entry[r.method] = {
      summary: r.summary,
      security: r.auth === false ? [] : [{ session: [] }, { bearer: [] }],
      parameters: [...params, ...queryParams],
      ...(r.body && {
        requestBody: { required: true, content: { [r.bodyType ?? 'application/json']: { schema: jsonSchema(r.body, 'input') } } },
      }),
      responses: {
        [status]: r.response
          ? { description: 'OK', content: { 'application/json': { schema: jsonSchema(r.response, 'output') } } }
          : { description: 'No content' },
        default: { description: 'Error', content: { 'application/json': { schema: jsonSchema(errorBodySchema, 'output') } } },
      },
    };
  }
  return {
    openapi: '3.0.3',
    info: { title: 'Casehub API', version: '0.1.0', description: 'Live sync: y-websocket protocol at /sync/cases/{caseId}/{team|shared}.' },
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'casehub_session' },
        bearer: { type: 'http', scheme: 'bearer' },
      },
    },
    paths,
  };
}
