import { expectationInput, expectationPatch, expectationQuery } from '@casehub/contract';
import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { requireActor } from '../../http/middleware.js';
import { parseJson, parseQuery } from '../../http/validate.js';
import type { ExpectationsService } from './service.js';

export function expectationRoutes(expectations: ExpectationsService) {
  return new Hono<AppEnv>()
    .post('/cases/:id/expectations', async (c) => {
      const actor = requireActor(c);
      const input = await parseJson(c, expectationInput);
      return c.json(await expectations.record(actor, c.req.param('id'), input), 201);
    })
    .patch('/cases/:id/expectations/:eid', async (c) => {
      const actor = requireActor(c);
      const edit = await parseJson(c, expectationPatch);
      await expectations.change(actor, c.req.param('id'), c.req.param('eid'), edit);
      return c.body(null, 204);
    })
    .get('/expectations', async (c) => {
      const actor = requireActor(c);
      return c.json(await expectations.list(actor, parseQuery(c, expectationQuery)));
    })
    .get('/expectations/stats', async (c) => c.json(await expectations.stats(requireActor(c))));
}
