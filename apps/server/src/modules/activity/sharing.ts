import { copyActivity, detachActivity, docName, listActivity, readActivity, removeActivity, type ActivityRecord } from '@casehub/case-document';
import { AppError, notFound } from '../../errors.js';
import type { Deps } from '../../deps.js';
import type { Actor } from '../access/policy.js';
import * as authRepo from '../auth/repo.js';
import type { CasesService } from '../cases/service.js';
import type { ActivityProjector } from './projection.js';
import * as repo from './repo.js';
import type { NewSharedItem, SharedItemKind } from './repo.js';

export type SharingService = ReturnType<typeof createSharingService>;

/**
 * Sharing on purpose (issue 4): everything starts internal, in the team
 * document; sharing copies an entry into the shared document under the same
 * id (the stream shows the badge where both have it), un-sharing removes the
 * copy. Guests only ever receive the shared document. Sharing is the
 * server's decision (issue 20.2): each share also records a `shared_items`
 * row in the same commit, and guests' access to emails and files follows
 * those rows, never the shared document, which guest editors write to.
 */
export function createSharingService({ db, rooms, cases, projector }: Pick<Deps, 'db' | 'rooms'> & { cases: CasesService; projector: ActivityProjector }) {
  async function teamEntries(caseId: string, activityId: string, wholeThread: boolean): Promise<ActivityRecord[]> {
    const room = await rooms.acquire(docName(caseId, 'team'));
    try {
      const entry = readActivity(room.doc, activityId);
      if (!entry) throw notFound('No such entry on this case');
      if (!wholeThread || !entry.threadId) return [detachActivity(entry)];
      return listActivity(room.doc)
        .filter((e) => e.threadId === entry.threadId)
        .map(detachActivity);
    } finally {
      rooms.release(room);
    }
  }

  /**
   * The rows that record sharing these entries: what each opens is read from
   * the team entry and checked against the case's own emails and files, so
   * an id a team entry names wrongly (it is written over /sync too) opens nothing.
   */
  async function sharedRows(caseId: string, entries: ActivityRecord[], sharedBy: string): Promise<NewSharedItem[]> {
    const own = await repo.findCaseItems(db, caseId, {
      emailIds: entries.flatMap((e) => (e.emailId ? [e.emailId] : [])),
      fileIds: entries.flatMap((e) => (e.fileId ? [e.fileId] : [])),
    });
    return entries.map((e) => {
      const opens: { kind: SharedItemKind; itemId: string } =
        e.emailId && own.emailIds.has(e.emailId)
          ? { kind: 'email', itemId: e.emailId }
          : e.fileId && own.fileIds.has(e.fileId)
            ? { kind: 'file', itemId: e.fileId }
            : { kind: 'activity', itemId: e.id };
      return { caseId, activityId: e.id, ...opens, sharedBy };
    });
  }

  return {
    async share(actor: Actor, caseId: string, activityId: string, opts: { thread: boolean }): Promise<string[]> {
      await cases.authorize(actor, caseId, 'case.share', 'Only editors on the team can share entries with guests');
      const entries = await teamEntries(caseId, activityId, opts.thread);
      const rows = await sharedRows(caseId, entries, actor.userId);
      // An entry already shared keeps its copy (guests may have co-edited a note's body). Anything
      // else under that id was written by someone in the shared document, not shared: ours replaces it.
      const ours = new Set(
        (
          await repo.listSharedItems(
            db,
            caseId,
            entries.map((e) => e.id),
          )
        ).map((r) => r.activityId),
      );
      const shared = docName(caseId, 'shared');
      await rooms.change(
        shared,
        (doc) => {
          for (const entry of entries) if (!ours.has(entry.id) || !readActivity(doc, entry.id)) copyActivity(entry, doc);
        },
        (tx) => repo.upsertSharedItems(tx, rows),
      );
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

    /**
     * Takes the copy out of the shared document and revokes what it opened, in
     * one commit. The row alone is enough to un-share: a guest editor may have
     * deleted the copy, which must not leave the access behind it unrevocable.
     */
    async unshare(actor: Actor, caseId: string, activityId: string): Promise<void> {
      await cases.authorize(actor, caseId, 'case.share', 'Only editors on the team can un-share entries');
      const shared = docName(caseId, 'shared');
      let removed = false;
      let revoked = false;
      await rooms.change(
        shared,
        (doc) => {
          removed = removeActivity(doc, activityId);
        },
        async (tx) => {
          revoked = await repo.deleteSharedItem(tx, caseId, activityId);
        },
      );
      if (!removed && !revoked) throw new AppError('not_found', 'That entry is not shared');
      await projector.flushDoc(shared);
      await authRepo.insertAudit(db, {
        workspaceId: actor.workspaceId,
        actorId: actor.userId,
        action: 'activity.unshare',
        subjectId: caseId,
        data: { activityId },
      });
    },
  };
}
