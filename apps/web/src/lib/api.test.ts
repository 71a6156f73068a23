import type { CaseDetail, SearchResult } from '@casehub/contract';
import { describe, expectTypeOf, it } from 'vitest';
import { call, type Answer, type CallOptions } from './api';

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
});
