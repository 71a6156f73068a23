import { savedReplyInput, savedReplyPatch } from '@casehub/contract';
import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { requireActor } from '../../http/middleware.js';
import { parseJson } from '../../http/validate.js';
import type { SavedRepliesService } from './service.js';

/** The workspace's saved replies (issue 13.6): members, declared in the endpoint table. */
export function savedReplyRoutes(replies: SavedRepliesService) {
  return new Hono<AppEnv>()
    .get('/saved-replies', async (c) => c.json({ replies: await replies.list(requireActor(c)) }))
    .post('/saved-replies', async (c) => {
      const actor = requireActor(c);
      return c.json(await replies.create(actor, await parseJson(c, savedReplyInput)), 201);
    })
    .patch('/saved-replies/:id', async (c) => {
      const actor = requireActor(c);
      return c.json(await replies.update(actor, c.req.param('id'), await parseJson(c, savedReplyPatch)));
    })
    .delete('/saved-replies/:id', async (c) => {
      await replies.remove(requireActor(c), c.req.param('id'));
      return c.body(null, 204);
    });
}
