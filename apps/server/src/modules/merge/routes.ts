import { requireActor } from '../../http/middleware.js';
import { routes } from '../../http/endpoint.js';
import type { MergeService } from './service.js';

/** Merge a duplicate into another case, undo it, split part of a case off (issue 17.5); members only, editors of every case touched. */
export function mergeRoutes(merge: MergeService) {
  return routes((on) => {
    on('POST /api/cases/{id}/merge', async (c, { params, body }) => {
      const actor = requireActor(c);
      return c.json(await merge.merge(actor, params.id, (await body()).into));
    });
    on('POST /api/cases/{id}/merge/undo', async (c, { params }) => c.json(await merge.undoMerge(requireActor(c), params.id)));
    on('POST /api/cases/{id}/split', async (c, { params, body }) => {
      const actor = requireActor(c);
      return c.json(await merge.split(actor, params.id, await body()), 201);
    });
  });
}
