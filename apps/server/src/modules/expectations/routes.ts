import { expectationStatuses, promiseSides } from '@casehub/case-document';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../http/context.js';
import { requireActor } from '../../http/middleware.js';
import { parseJson, parseQuery } from '../../http/validate.js';
import type { ExpectationsService } from './service.js';

export const expectationInput = z.object({
  text: z.string().trim().min(1, 'must not be empty').max(2000),
  ownerId: z.string().max(64).nullable().optional(),
  promisedTo: z.string().trim().max(200).default(''),
  dueAt: z.iso.datetime({ offset: true, message: 'must be an ISO-8601 date and time' }),
  sourceActivityId: z.string().max(64).optional(),
  /** Promises the customer should see go into the shared document. */
  shared: z.boolean().default(false),
  /** DESIGN §3: who promised. Only the team's promises count in kept-promise rates. */
  side: z.enum(promiseSides).default('team'),
});

export const expectationPatch = z
  .object({
    status: z.enum(expectationStatuses).optional(),
    text: z.string().trim().min(1).max(2000).optional(),
    dueAt: z.iso.datetime({ offset: true }).optional(),
    ownerId: z.string().max(64).nullable().optional(),
  })
  .strict();

export const expectationQuery = z.object({
  view: z.enum(['week', 'at-risk', 'missed', 'open', 'all']).default('all'),
  caseId: z.string().max(64).optional(),
});

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
