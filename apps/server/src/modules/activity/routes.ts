import { entryEditInput, noteInput, shareInput } from '@casehub/contract';
import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { requireActor } from '../../http/middleware.js';
import { parseJson } from '../../http/validate.js';
import type { EntriesService } from './entries.js';
import type { SharingService } from './sharing.js';

export function activityRoutes({ sharing, entries }: { sharing: SharingService; entries: EntriesService }) {
  return new Hono<AppEnv>()
    .post('/cases/:id/notes', async (c) => {
      const actor = requireActor(c);
      const input = await parseJson(c, noteInput);
      return c.json(await entries.addNote(actor, c.req.param('id'), input), 201);
    })
    .post('/cases/:id/activity/:activityId/share', async (c) => {
      const actor = requireActor(c);
      const { thread } = await parseJson(c, shareInput);
      const shared = await sharing.share(actor, c.req.param('id'), c.req.param('activityId'), { thread });
      return c.json({ shared });
    })
    .delete('/cases/:id/activity/:activityId/share', async (c) => {
      await sharing.unshare(requireActor(c), c.req.param('id'), c.req.param('activityId'));
      return c.body(null, 204);
    })
    .delete('/cases/:id/activity/:activityId', async (c) => {
      return c.json(await entries.remove(requireActor(c), c.req.param('id'), c.req.param('activityId')));
    })
    .post('/cases/:id/activity/:activityId/restore', async (c) => {
      return c.json(await entries.restore(requireActor(c), c.req.param('id'), c.req.param('activityId')));
    })
    .patch('/cases/:id/activity/:activityId', async (c) => {
      const actor = requireActor(c);
      const { text } = await parseJson(c, entryEditInput);
      return c.json(await entries.edit(actor, c.req.param('id'), c.req.param('activityId'), text));
    });
}
