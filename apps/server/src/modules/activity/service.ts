import { addActivity, docName, type ActivityEntry, type DocSide } from '@casehub/case-document';
import type * as Y from 'yjs';
import type { Deps } from '../../http/context.js';
import { newId } from '../../lib/ids.js';
import type { AlsoWrite } from '../../sync/room.js';
import type { ActivityProjector } from './projection.js';

export type ActivityService = ReturnType<typeof createActivityService>;

/**
 * Server-made stream entries (an ingested email, an uploaded file). Each is
 * committed to the document, and projected for search, before the promise
 * resolves: the request that caused it is answered after both.
 */
export function createActivityService({ rooms, projector }: Pick<Deps, 'rooms'> & { projector: ActivityProjector }) {
  return {
    /**
     * `opts.alsoWrite` commits in the same transaction as the entry, so an
     * email row and its stream entry exist together or not at all.
     */
    async add(
      caseId: string,
      side: DocSide,
      entry: ActivityEntry,
      opts: { id?: string; fillBody?: (body: Y.XmlFragment) => void; alsoWrite?: AlsoWrite } = {},
    ): Promise<string> {
      const id = opts.id ?? newId();
      const name = docName(caseId, side);
      // Held across both steps, so the document cannot unload in between.
      const room = await rooms.acquire(name);
      try {
        await rooms.change(name, (doc) => addActivity(doc, id, entry, opts.fillBody), opts.alsoWrite);
        await projector.flushDoc(name);
      } finally {
        rooms.release(room);
      }
      return id;
    },
  };
}
