import { caseCreateInput, caseListQuery, caseMemberInput, casePatchInput } from '@casehub/contract';
import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { requireActor } from '../../http/middleware.js';
import { parseJson, parseQuery } from '../../http/validate.js';
import type { CasesService } from './service.js';

export function caseRoutes(cases: CasesService) {
  return new Hono<AppEnv>()
    .get('/cases', async (c) => c.json(await cases.list(requireActor(c), parseQuery(c, caseListQuery))))
    .post('/cases', async (c) => {
      const actor = requireActor(c);
      return c.json(await cases.create(actor, await parseJson(c, caseCreateInput)), 201);
    })
    .get('/cases/:id', async (c) => c.json(await cases.get(requireActor(c), c.req.param('id'))))
    .patch('/cases/:id', async (c) => {
      const actor = requireActor(c);
      return c.json(await cases.patch(actor, c.req.param('id'), await parseJson(c, casePatchInput)));
    })
    .post('/cases/:id/members', async (c) => {
      const actor = requireActor(c);
      return c.json(await cases.addMember(actor, c.req.param('id'), await parseJson(c, caseMemberInput)));
    })
    .delete('/cases/:id/members/:userId', async (c) => {
      await cases.removeMember(requireActor(c), c.req.param('id'), c.req.param('userId'));
      return c.body(null, 204);
    });
}
