import { copyActivity, docName, listActivity, readActivity, removeActivity, type ActivityRecord } from '@casehub/case-document';
import * as Y from 'yjs';
import { AppError, notFound } from '../../http/errors.js';
import type { Deps } from '../../http/context.js';
import type { Actor } from '../access/policy.js';
import * as authRepo from '../auth/repo.js';
import type { CasesService } from '../cases/service.js';
import type { ActivityProjector } from './projection.js';

export type SharingService = ReturnType<typeof createSharingService>;

/**
 * Sharing on purpose (issue 4): everything starts internal, in the team
 * document; sharing copies an entry into the shared document under the same
 * id (the stream shows the badge where both have it), un-sharing removes the
 * copy. Guests only ever receive the shared document.
 */
export function createSharingService({ db, rooms, cases, projector }: Pick<Deps, 'db' | 'rooms'> & { cases: CasesService; projector: ActivityProjector }) {
  async function teamEntries(caseId: string, activityId: string, wholeThread: boolean): Promise<ActivityRecord[]> {
    const room = await rooms.acquire(docName(caseId, 'team'));
    try {
      const entry = readActivity(room.doc, activityId);
      if (!entry) throw notFound('No such entry on this case');
      if (!wholeThread || !entry.threadId) return [cloneRecord(entry)];
      return listActivity(room.doc)
        .filter((e) => e.threadId === entry.threadId)
        .map(cloneRecord);
    } finally {
      rooms.release(room);
    }
  }

  return {
    async share(actor: Actor, caseId: string, activityId: string, opts: { thread: boolean }): Promise<string[]> {
      await cases.authorize(actor, caseId, 'case.share', 'Only editors on the team can share entries with guests');
      const entries = await teamEntries(caseId, activityId, opts.thread);
      const shared = docName(caseId, 'shared');
      await rooms.change(shared, (doc) => {
        for (const entry of entries) if (!readActivity(doc, entry.id)) copyActivity(entry, doc);
      });
      await projector.flushDoc(shared);
      await authRepo.insertAudit(db, {
        workspaceId: actor.workspaceId,
        actorId: actor.userId,
        action: 'activity.share',
        subjectId: caseId,
        data: { activityIds: entries.map((e) => e.id) },
      });
      return entries.map((e) => e.id);
    },

    async unshare(actor: Actor, caseId: string, activityId: string): Promise<void> {
      await cases.authorize(actor, caseId, 'case.share', 'Only editors on the team can un-share entries');
      const shared = docName(caseId, 'shared');
      let removed = false;
      await rooms.change(shared, (doc) => {
        removed = removeActivity(doc, activityId);
      });
      if (!removed) throw new AppError('not_found', 'That entry is not shared');
      await projector.flushDoc(shared);
      await authRepo.insertAudit(db, { workspaceId: actor.workspaceId, actorId: actor.userId, action: 'activity.unshare', subjectId: caseId, data: { activityId } });
    },
  };
}

/** A record whose body is detached from the room's document, safe to copy after release. */
function cloneRecord(entry: ActivityRecord): ActivityRecord {
  if (!entry.body) return entry;
  const holder = new Y.Doc();
  const body = holder.getXmlFragment('body');
  body.insert(0, entry.body.toArray().flatMap((n) => (n instanceof Y.XmlElement || n instanceof Y.XmlText ? [n.clone()] : [])));
  return { ...entry, body };
}
