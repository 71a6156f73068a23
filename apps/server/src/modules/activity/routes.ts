import { Hono } from 'hono';
import * as Y from 'yjs';
import { z } from 'zod';
import type { AppEnv } from '../../http/context.js';
import { requireActor } from '../../http/middleware.js';
import { parseJson } from '../../http/validate.js';
import type { CasesService } from '../cases/service.js';
import * as authRepo from '../auth/repo.js';
import type { Db } from '../../storage/db.js';
import type { ActivityService } from './service.js';
import type { SharingService } from './sharing.js';

export const noteInput = z.object({
  kind: z.enum(['note', 'call', 'meeting']).default('note'),
  text: z.string().trim().min(1, 'must not be empty').max(100_000),
  /** Team members: also share it with the case's guests. Guests' notes are always shared. */
  shared: z.boolean().default(false),
});

export const shareInput = z.object({ thread: z.boolean().default(false) });

/** Plain text to paragraphs, one per line, for a note body. */
function fillParagraphs(text: string) {
  return (body: Y.XmlFragment) => {
    const paragraphs = text.split(/\r?\n/).map((line) => {
      const p = new Y.XmlElement('paragraph');
      if (line !== '') p.insert(0, [new Y.XmlText(line)]);
      return p;
    });
    body.insert(0, paragraphs);
  };
}

export function activityRoutes({ db, activity, sharing, cases }: { db: Db; activity: ActivityService; sharing: SharingService; cases: CasesService }) {
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
    });
}
