import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../http/context.js';
import { requireActor } from '../../http/middleware.js';
import { parseJson } from '../../http/validate.js';
import type { CasesService } from '../cases/service.js';
import * as authRepo from '../auth/repo.js';
import type { Db } from '../../storage/db.js';
import { fillParagraphs, type EntriesService } from './entries.js';
import type { ActivityService } from './service.js';
import type { SharingService } from './sharing.js';

export const noteInput = z.object({
  kind: z.enum(['note', 'call', 'meeting']).default('note'),
  text: z.string().trim().min(1, 'must not be empty').max(100_000),
  /** Team members: also share it with the case's guests. Guests' notes are always shared. */
  shared: z.boolean().default(false),
});

export const shareInput = z.object({ thread: z.boolean().default(false) });

/** Its author rewrites a note, call or meeting (issue 21.8). */
export const entryEditInput = z.object({ text: z.string().trim().min(1, 'must not be empty').max(100_000) });

export function activityRoutes({
  db,
  activity,
  sharing,
  entries,
  cases,
}: {
  db: Db;
  activity: ActivityService;
  sharing: SharingService;
  entries: EntriesService;
  cases: CasesService;
}) {
  return new Hono<AppEnv>()
    .post('/cases/:id/notes', async (c) => {
      const actor = requireActor(c);
      const caseId = c.req.param('id');
      const input = await parseJson(c, noteInput);
      await cases.authorize(actor, caseId, 'case.comment', 'Viewers cannot add notes');
      const user = await authRepo.findUserById(db, actor.userId);
      const entry = { kind: input.kind, at: new Date().toISOString(), actorId: actor.userId, actorName: user?.name ?? '', summary: input.text };
      const guest = actor.role === 'guest';
      const activityId = await activity.add(caseId, guest ? 'shared' : 'team', entry, { fillBody: fillParagraphs(input.text) });
      if (!guest && input.shared) await sharing.share(actor, caseId, activityId, { thread: false });
      return c.json({ activityId, shared: guest || input.shared }, 201);
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
