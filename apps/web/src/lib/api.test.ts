import type { CaseDetail, SearchResult } from '@casehub/contract';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { call, urlOf, type Answer, type CallOptions } from './api';

/**
 * [issue 19.3] The typed client is checked by the compiler (`pnpm typecheck`
 * reads this file): each endpoint's path parameters, body and answer come
 * from the endpoint table in packages/contract. The e2e suite drives it
 * against the real server.
 */
describe('the typed API client', () => {
  it('[issue 19.3] types answers, path parameters and bodies from the endpoint table', () => {
    expectTypeOf<Answer<'GET /api/cases/{id}'>>().toEqualTypeOf<CaseDetail>();
    expectTypeOf<Answer<'GET /api/search'>>().toEqualTypeOf<{ results: SearchResult[] }>();
    expectTypeOf<Answer<'DELETE /api/contacts/{id}'>>().toEqualTypeOf<void>();
    expectTypeOf<CallOptions<'GET /api/cases/{id}'>['params']>().toEqualTypeOf<Record<'id', string>>();
    expectTypeOf<CallOptions<'POST /api/webhooks'>['body']>().toHaveProperty('url');

    // Never run: what the compiler refuses.
    const refused = () => {
      // @ts-expect-error a path parameter is required
      void call('GET /api/cases/{id}');
      // @ts-expect-error no such endpoint
      void call('GET /api/nothing');
      // @ts-expect-error the body of a case is checked
      void call('POST /api/cases', { body: { title: 1 } });
      void call('GET /api/me');
    };
    expectTypeOf(refused).toBeFunction();
  });

  it('[issue 19.3] builds the URLs of links, uploads and streams from the same table, parameters encoded', () => {
    expect(urlOf('GET /api/emails/{id}/raw', { params: { id: 'a/b c' } })).toBe('/api/emails/a%2Fb%20c/raw');
    expect(urlOf('GET /api/auth/oidc/start', { query: { returnTo: '/cases?x=1' } })).toBe('/api/auth/oidc/start?returnTo=%2Fcases%3Fx%3D1');
    expect(urlOf('GET /api/notifications/stream')).toBe('/api/notifications/stream');
    const refused = () => {
      // @ts-expect-error a path parameter is required
      urlOf('POST /api/cases/{id}/files');
    };
    expectTypeOf(refused).toBeFunction();
  });
});
