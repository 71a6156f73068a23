import { endpoints, type Endpoint } from '@casehub/contract';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, inviteGuest, signUp, startTestServer, createCase, type TestEnv } from './helpers.js';

/**
 * [issue 19.3] GET /api/openapi.json is built from the endpoint table in
 * packages/contract, the one place each route is declared: every route the
 * server mounts is in it and everything in it is mounted, it validates as
 * OpenAPI, and the access each entry declares is what the server does.
 */

type Operation = { parameters: { name: string; in: string; required: boolean; schema: Record<string, unknown> }[]; 'x-access': string; security: unknown[] };
type Document = { openapi: string; paths: Record<string, Record<string, Operation>> };

let env: TestEnv;
let doc: Document;

beforeAll(async () => {
  env = await startTestServer('pglite');
  doc = (await new Client(env.server.url).get('/api/openapi.json')).body as Document;
}, 60_000);
afterAll(() => env.stop());

/** Hono's `/cases/:id` as OpenAPI's `/cases/{id}`. */
const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

describe('the API description (issue 19.3)', () => {
  it('[issue 19.3] lists every mounted route, and only mounted ones', () => {
    const mounted = new Set(
      env.server.routes
        // Middleware (method ALL) and the catch-alls (the JSON 404, the web app) are not endpoints.
        .filter((r) => r.method !== 'ALL' && !r.path.endsWith('*') && (r.path.startsWith('/api/') || r.path === '/metrics'))
        .map((r) => `${r.method} ${openApiPath(r.path)}`),
    );
    const documented = new Set(Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)));
    expect(
      [...mounted].filter((r) => !documented.has(r)),
      'mounted but not in /api/openapi.json',
    ).toEqual([]);
    expect(
      [...documented].filter((r) => !mounted.has(r)),
      'in /api/openapi.json but not mounted',
    ).toEqual([]);
    expect(mounted.size).toBeGreaterThan(100);
  });

  it('[issue 19.3] validates as OpenAPI 3.0, with the contract paths of DESIGN §9 and §10 in it', async () => {
    const result = await new Validator().validate(doc as unknown as Record<string, unknown>);
    expect(result.errors ?? [], JSON.stringify(result.errors ?? []).slice(0, 2000)).toEqual([]);
    expect(result.valid).toBe(true);
    for (const key of [
      'GET /api/health',
      'POST /api/auth/signup',
      'GET /api/me',
      'POST /api/tokens',
      'POST /api/invites/{token}/accept',
      'PATCH /api/cases/{id}',
      'POST /api/cases/{id}/emails',
      'GET /api/files/{id}/content',
      'GET /api/search',
      'POST /api/webhooks',
      'GET /api/export',
      'POST /api/import',
      'GET /metrics',
    ]) {
      const [method = '', path = ''] = key.split(' ');
      expect(doc.paths[path]?.[method.toLowerCase()], key).toBeDefined();
    }
  });

  it('[issue 19.3] types query parameters as their schemas do, not all as strings', () => {
    const search = doc.paths['/api/search']?.get;
    const q = search?.parameters.find((p) => p.name === 'q');
    const limit = search?.parameters.find((p) => p.name === 'limit');
    expect(q).toMatchObject({ in: 'query', required: true, schema: { type: 'string', minLength: 1 } });
    expect(limit).toMatchObject({ in: 'query', required: false, schema: { type: 'integer', maximum: 100 } });
    const view = doc.paths['/api/expectations']?.get?.parameters.find((p) => p.name === 'view');
    expect(view?.schema.enum).toEqual(['week', 'at-risk', 'missed', 'open', 'all']);
  });

  it('[issue 19.3] declared access holds: without a session every non-public endpoint answers 401, every public one does not', async () => {
    const anon = new Client(env.server.url);
    const wrong: string[] = [];
    for (const [key, e] of Object.entries(endpoints) as [string, Endpoint][]) {
      const [method = '', path = ''] = key.split(' ');
      const url = path.replace(/\{\w+\}/g, 'no-such-id');
      const res = await anon.request(method, url, method === 'GET' || method === 'DELETE' ? undefined : {});
      if ((e.access === 'public') !== (res.status !== 401)) wrong.push(`${key} (${e.access}) answered ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });

  it('[issue 19.3] members-only and admin endpoints refuse a guest before anything else', async () => {
    const owner = await signUp(env.server.url);
    const made = await createCase(owner.client, { title: 'Guests knock here' });
    const guest = await inviteGuest(env.server.url, owner.client, made.id, 'editor');
    const wrong: string[] = [];
    for (const [key, e] of Object.entries(endpoints) as [string, Endpoint][]) {
      if (e.access === 'public' || e.access === 'signed-in') continue;
      const [method = '', path = ''] = key.split(' ');
      const url = path.replace(/\{\w+\}/g, 'no-such-id');
      const res = await guest.client.request(method, url, method === 'GET' || method === 'DELETE' ? undefined : {});
      if (![403, 404].includes(res.status)) wrong.push(`${key} (${e.access}) answered a guest ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });

  it('[issue 19.3] /api/docs is an interactive reference served from this server alone', async () => {
    const anon = new Client(env.server.url);
    const page = await anon.get('/api/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = String(page.body);
    const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? '');
    expect(urls.length).toBe(3);
    for (const url of urls) {
      expect(url, 'no outside host').toMatch(/^\/api\/docs\//);
      const asset = await fetch(env.server.url + url);
      expect(asset.status, url).toBe(200);
      expect((await asset.text()).length, url).toBeGreaterThan(20);
    }
    expect(String((await anon.get('/api/docs/init.js')).body)).toContain("'/api/openapi.json'");
    expect((await anon.get('/api/docs/package.json')).status).toBe(404);
    expect((await anon.get('/api/docs/..%2Fpackage.json')).status).toBe(404);
  });
});
