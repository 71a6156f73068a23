import { requireActor } from '../../http/middleware.js';
import type { DigestPrefsService } from './prefs.js';
import { routes } from '../../http/endpoint.js';

/** `GET/PUT /api/me/digest`: your own email digest setting (members and guests alike). */
export function digestRoutes(prefs: DigestPrefsService) {
  return routes((on) => {
    on('GET /api/me/digest', async (c) => c.json(await prefs.get(requireActor(c))));
    on('PUT /api/me/digest', async (c, { body }) => c.json(await prefs.set(requireActor(c), await body())));
  });
}
