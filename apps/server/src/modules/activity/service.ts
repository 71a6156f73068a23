import { addActivity, docName, updateActivity, type ActivityEntry, type DocSide } from '@casehub/case-document';
import type * as Y from 'yjs';
import type { Deps } from '../../deps.js';
import { newId } from '../../lib/ids.js';
import type { AlsoWrite } from '../../sync/room.js';
import type { ActivityProjector } from './projection.js';

export type ActivityService = ReturnType<typeof createActivityService>;

/**
 * Server-made stream entries (an ingested email, an uploaded file). Each is
 * committed to the document, and projected for search, before the promise
 * resolves: the request that caused it is answered after both.
 */
/** Told about every server-made entry once it is committed (moments of truth react to flags). */
export type ActivityListener = (added: { caseId: string; side: DocSide; id: string; entry: ActivityEntry }) => Promise<void>;

export function createActivityService({ rooms, projector, log }: Pick<Deps, 'rooms' | 'log'> & { projector: ActivityProjector }) {
  const listeners: ActivityListener[] = [];
  return {
    onAdded(listener: ActivityListener): void {
      listeners.push(listener);
    },

    /**
     * `opts.alsoWrite` commits in the same transaction as the entry, so an
     * email row and its stream entry exist together or not at all.
     */
    async add(
      caseId: string,
      side: DocSide,
      entry: ActivityEntry,
      opts: {
        id?: string;
        fillBody?: (body: Y.XmlFragment) => void;
        alsoWrite?: AlsoWrite;
        /** Another change of the same document, made with the entry; if it throws, neither is made. */
        alsoChange?: (doc: Y.Doc) => void;
      } = {},
    ): Promise<string> {
      const id = opts.id ?? newId();
      const name = docName(caseId, side);
      // Held across both steps, so the document cannot unload in between.
      const room = await rooms.acquire(name);
      try {
        await rooms.change(
          name,
          (doc) =>
            doc.transact(() => {
              opts.alsoChange?.(doc);
              addActivity(doc, id, entry, opts.fillBody);
            }),
          opts.alsoWrite,
        );
        await projector.flushDoc(name);
      } finally {
        rooms.release(room);
      }
      for (const listener of listeners) {
        // A listener's failure must not undo or fail what is already committed.
        await listener({ caseId, side, id, entry }).catch((err: unknown) => log.error({ err, caseId, activityId: id }, 'activity listener failed'));
      }
      return id;
    },

    /**
     * [issue 20.9] Many server-made entries in one document change (an mbox
     * import's batch): the change copies the document once, however many
     * entries it adds, so a batch of n costs one copy instead of n.
     * `alsoWrite` commits with it; listeners hear of each entry afterwards.
     */
    async addMany(caseId: string, side: DocSide, items: Array<{ id: string; entry: ActivityEntry }>, alsoWrite?: AlsoWrite): Promise<void> {
      const name = docName(caseId, side);
      const room = await rooms.acquire(name);
      try {
        await rooms.change(
          name,
          (doc) =>
            doc.transact(() => {
              for (const { id, entry } of items) addActivity(doc, id, entry);
            }),
          alsoWrite,
        );
        await projector.flushDoc(name);
      } finally {
        rooms.release(room);
      }
      for (const { id, entry } of items) {
        for (const listener of listeners) {
          await listener({ caseId, side, id, entry }).catch((err: unknown) => log.error({ err, caseId, activityId: id }, 'activity listener failed'));
        }
      }
    },

    /**
     * Changes the plain fields of an entry, if the document has it; true if
     * it did. `alsoWrite` commits with the change (an email row's status and
     * the status its entry shows never disagree).
     */
    async update(
      caseId: string,
      side: DocSide,
      id: string,
      patch: Parameters<typeof updateActivity>[2],
      opts: { alsoWrite?: AlsoWrite } = {},
    ): Promise<boolean> {
      const name = docName(caseId, side);
      const room = await rooms.acquire(name);
      let found = false;
      try {
        await rooms.change(
          name,
          (doc) => {
            found = updateActivity(doc, id, patch);
          },
          opts.alsoWrite,
        );
        await projector.flushDoc(name);
      } finally {
        rooms.release(room);
      }
      return found;
    },
  };
}
