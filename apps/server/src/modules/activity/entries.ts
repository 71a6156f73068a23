import {
  deleteActivity,
  docName,
  fillParagraphs,
  readActivity,
  readDeletedActivity,
  restoreActivity,
  rewriteEntryText,
  type ActivityRecord,
  type DocSide,
} from '@casehub/case-document';
import type * as Y from 'yjs';
import type { Deps } from '../../deps.js';
import type { Db } from '../../storage/db.js';
import { AppError, notFound } from '../../errors.js';
import { can, canOnEntry, type Actor, type EntryAction } from '../access/policy.js';
import * as authRepo from '../auth/repo.js';
import type { CasesService } from '../cases/service.js';
import type { ActivityProjector } from './projection.js';
import * as repo from './repo.js';
import type { ActivityService } from './service.js';
import type { SharingService } from './sharing.js';

export type EntriesService = ReturnType<typeof createEntriesService>;

const entryNotFound = () => notFound('No such entry on this case');

export type NoteInput = { kind: 'note' | 'call' | 'meeting'; text: string; shared: boolean };

/**
 * Writing, editing and deleting stream entries (issue 21.8). A delete is a mark on
 * the entry (`deleted`), so it leaves the stream, the activity index (and so
 * search, which finds an email or file only while its entry is there) and,
 * if it was shared, the guests' document, yet Undo restores it whole, body
 * included. Each change is audited in the same commit as the document.
 */
export function createEntriesService({
  db,
  rooms,
  cases,
  activity,
  sharing,
  projector,
}: Pick<Deps, 'db' | 'rooms'> & {
  cases: CasesService;
  activity: ActivityService;
  sharing: SharingService;
  projector: ActivityProjector;
}) {
  /**
   * The entry and the document it lives in, as the actor may see it: a team
   * entry first (for members), else one of the shared document. `deleted`:
   * look for a deleted one (a restore).
   */
  async function locate(actor: Actor, caseId: string, activityId: string, action: EntryAction, deleted: boolean) {
    const { subject } = await cases.check(actor, caseId);
    const read = deleted ? readDeletedActivity : readActivity;
    for (const side of ['team', 'shared'] as const) {
      if (!can(actor, side === 'team' ? 'doc.team.read' : 'doc.shared.read', subject)) continue;
      const room = await rooms.acquire(docName(caseId, side));
      let entry: ActivityRecord | null;
      try {
        entry = read(room.doc, activityId);
      } finally {
        rooms.release(room);
      }
      if (!entry) continue;
      if (!canOnEntry(actor, action, { ...subject, side, authorId: entry.actorId, kind: entry.kind })) {
        throw new AppError(
          'forbidden',
          action === 'activity.edit' ? 'Only its author may edit this entry' : 'Only its author, an admin or an owner may delete this entry',
        );
      }
      return { side, entry };
    }
    throw entryNotFound();
  }

  /**
   * Changes a document and, in the same commit, writes the audit row and what
   * `also` writes; true if `fn` changed the entry.
   */
  async function change(
    actor: Actor,
    caseId: string,
    side: DocSide,
    fn: (doc: Y.Doc) => boolean,
    audit: { action: string; data: Record<string, unknown> },
    also?: (tx: Db) => Promise<unknown>,
  ) {
    const name = docName(caseId, side);
    let changed = false;
    await rooms.change(
      name,
      (doc) => {
        changed = fn(doc);
      },
      async (tx) => {
        if (!changed) return;
        await authRepo.insertAudit(tx, { workspaceId: actor.workspaceId, actorId: actor.userId, action: audit.action, subjectId: caseId, data: audit.data });
        await also?.(tx);
      },
    );
    await projector.flushDoc(name);
    return changed;
  }

  return {
    /**
     * A note, call or meeting written by a person. A guest's goes into the
     * shared document (it is always shared); a member's into the team's, and
     * is shared with the guests as well when asked.
     */
    async addNote(actor: Actor, caseId: string, input: NoteInput): Promise<{ activityId: string; shared: boolean }> {
      await cases.authorize(actor, caseId, 'case.comment', 'Viewers cannot add notes');
      const user = await authRepo.findUserById(db, actor.userId);
      const entry = { kind: input.kind, at: new Date().toISOString(), actorId: actor.userId, actorName: user?.name ?? '', summary: input.text };
      const guest = actor.role === 'guest';
      const activityId = await activity.add(caseId, guest ? 'shared' : 'team', entry, { fillBody: fillParagraphs(input.text) });
      if (!guest && input.shared) await sharing.share(actor, caseId, activityId, { thread: false });
      return { activityId, shared: guest || input.shared };
    },

    async remove(actor: Actor, caseId: string, activityId: string): Promise<{ activityId: string; side: DocSide; unshared: boolean }> {
      const { side } = await locate(actor, caseId, activityId, 'activity.delete', false);
      // A team entry shared with guests leaves their document too: un-shared through sharing, which revokes what it opened.
      const shared = side === 'team' && (await repo.listSharedItems(db, caseId, [activityId])).length > 0;
      if (shared) await sharing.unshare(actor, caseId, activityId);
      const marker = { at: new Date().toISOString(), by: actor.userId, unshared: shared };
      // An entry of the shared side (a guest's upload) stops opening its file for guests in the same commit.
      const done = await change(
        actor,
        caseId,
        side,
        (doc) => deleteActivity(doc, activityId, marker),
        { action: 'activity.delete', data: { activityId, side, unshared: shared } },
        side === 'shared' ? (tx) => repo.deleteSharedItem(tx, caseId, activityId) : undefined,
      );
      if (!done) throw entryNotFound();
      return { activityId, side, unshared: shared };
    },

    async restore(actor: Actor, caseId: string, activityId: string): Promise<{ activityId: string; side: DocSide; shared: boolean }> {
      const { side, entry } = await locate(actor, caseId, activityId, 'activity.delete', true);
      const done = await change(
        actor,
        caseId,
        side,
        (doc) => restoreActivity(doc, activityId),
        { action: 'activity.restore', data: { activityId, side } },
        side === 'shared' ? (tx) => repo.reshareGuestUpload(tx, caseId, activityId, entry.actorId || null) : undefined,
      );
      if (!done) throw new AppError('conflict', 'This entry is not deleted');
      // Shared again if deleting it un-shared it, when the restorer may share.
      let shared = false;
      if (entry.deleted?.unshared) {
        shared = await sharing.share(actor, caseId, activityId, { thread: false }).then(
          () => true,
          (err: unknown) => {
            if (err instanceof AppError && err.code === 'forbidden') return false;
            throw err;
          },
        );
      }
      return { activityId, side, shared };
    },

    /** Its author rewrites a note, call or meeting: the body becomes `text`, the summary follows. */
    async edit(actor: Actor, caseId: string, activityId: string, text: string): Promise<{ activityId: string }> {
      const { side } = await locate(actor, caseId, activityId, 'activity.edit', false);
      const done = await change(actor, caseId, side, (doc) => rewriteEntryText(doc, activityId, text), { action: 'activity.edit', data: { activityId, side } });
      if (!done) throw new AppError('conflict', 'This entry has no text to edit');
      return { activityId };
    },
  };
}
