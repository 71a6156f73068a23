import { requireActor } from '../../http/middleware.js';
import type { EntriesService } from './entries.js';
import type { SharingService } from './sharing.js';
import { routes } from '../../http/endpoint.js';

export function activityRoutes({ sharing, entries }: { sharing: SharingService; entries: EntriesService }) {
  return routes((on) => {
    on('POST /api/cases/{id}/notes', async (c, { body, params }) => {
      const actor = requireActor(c);
      const input = await body();
      return c.json(await entries.addNote(actor, params.id, input), 201);
    });
    on('POST /api/cases/{id}/activity/{activityId}/share', async (c, { body, params }) => {
      const actor = requireActor(c);
      const { thread } = await body();
      const shared = await sharing.share(actor, params.id, params.activityId, { thread });
      return c.json({ shared });
    });
    on('DELETE /api/cases/{id}/activity/{activityId}/share', async (c, { params }) => {
      await sharing.unshare(requireActor(c), params.id, params.activityId);
      return c.body(null, 204);
    });
    on('DELETE /api/cases/{id}/activity/{activityId}', async (c, { params }) => {
      return c.json(await entries.remove(requireActor(c), params.id, params.activityId));
    });
    on('POST /api/cases/{id}/activity/{activityId}/restore', async (c, { params }) => {
      return c.json(await entries.restore(requireActor(c), params.id, params.activityId));
    });
    on('PATCH /api/cases/{id}/activity/{activityId}', async (c, { body, params }) => {
      const actor = requireActor(c);
      const { text } = await body();
      return c.json(await entries.edit(actor, params.id, params.activityId, text));
    });
  });
}
