import { digestPref } from '@casehub/contract';
import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { requireActor } from '../../http/middleware.js';
import { parseJson } from '../../http/validate.js';
import type { DigestPrefsService } from './prefs.js';

/** `GET/PUT /api/me/digest`: your own email digest setting (members and guests alike). */
export function digestRoutes(prefs: DigestPrefsService) {
  return new Hono<AppEnv>()
    .get('/me/digest', async (c) => c.json(await prefs.get(requireActor(c))))
    .put('/me/digest', async (c) => c.json(await prefs.set(requireActor(c), await parseJson(c, digestPref))));
}
