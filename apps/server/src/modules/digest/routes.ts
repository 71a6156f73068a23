import { digestPref, type DigestPrefResponse } from '@casehub/contract';
import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { requireActor } from '../../http/middleware.js';
import { parseJson } from '../../http/validate.js';
import type { Db } from '../../storage/db.js';
import * as repo from './repo.js';

const present = (row: { frequency: DigestPrefResponse['frequency']; lastSentAt: Date | null } | undefined): DigestPrefResponse => ({
  frequency: row?.frequency ?? 'off',
  lastSentAt: row?.lastSentAt?.toISOString() ?? null,
});

/** `GET/PUT /api/me/digest`: your own email digest setting (members and guests alike). */
export function digestRoutes(db: Db) {
  return new Hono<AppEnv>()
    .get('/me/digest', async (c) => {
      const actor = requireActor(c);
      return c.json(present(await repo.findDigestPref(db, actor.workspaceId, actor.userId)));
    })
    .put('/me/digest', async (c) => {
      const actor = requireActor(c);
      const input = await parseJson(c, digestPref);
      return c.json(present(await repo.upsertDigestPref(db, actor.workspaceId, actor.userId, input)));
    });
}
