import { addActivity, addPlanAsNote, docName, listActivity, planIsEmpty, removeItems, type DocSide } from '@casehub/case-document';
import type { MergeResult, MergeUndoResult, MovedCounts, SplitCaseInput, SplitResult } from '@casehub/contract';
import type * as Y from 'yjs';
import { z } from 'zod';
import type { Deps } from '../../deps.js';
import { AppError, notFound } from '../../errors.js';
import { newId } from '../../lib/ids.js';
import { canMoveBetween, type Actor } from '../access/policy.js';
import { insertAudit } from '../auth/repo.js';
import { mergeUndoMs, type CasesService } from '../cases/service.js';
import { createSideMover, emptySide } from './mover.js';
import * as repo from './repo.js';

export type MergeService = ReturnType<typeof createMergeService>;

/** Ids of what a merge moved; what Undo moves back. Stored as JSON and read back through this schema. */
const sideIds = z.object({ activity: z.array(z.string()), expectations: z.array(z.string()), milestones: z.array(z.string()) });
const movedRecord = z.object({
  team: sideIds,
  shared: sideIds,
  /** Notes holding a copy of the duplicate's plans, added to the surviving case (Undo takes them away). */
  planNotes: z.array(z.object({ side: z.enum(['team', 'shared']), id: z.string() })),
  emails: z.array(z.string()),
  files: z.array(z.string()),
  /** Team rows (people and guests) and stakeholders the merge added to the surviving case. */
  people: z.array(z.string()),
  stakeholders: z.array(z.string()),
  /** Entries whose shared_items rows moved. */
  sharedItems: z.array(z.string()),
});
type MovedRecord = z.infer<typeof movedRecord>;

function countsOf(m: Pick<MovedRecord, 'team' | 'shared' | 'emails' | 'files' | 'people'>): MovedCounts {
  return {
    entries: new Set([...m.team.activity, ...m.shared.activity]).size,
    promises: m.team.expectations.length + m.shared.expectations.length,
    milestones: m.shared.milestones.length,
    emails: m.emails.length,
    files: m.files.length,
    people: m.people.length,
  };
}

/** Projections to bring up to date before answering (activity and promises): the lists read them. */
type Flushable = { flushDoc(name: string): Promise<void> };

const sides: readonly DocSide[] = ['team', 'shared'];

/**
 * Merge and split (issue 17.5). A merge moves everything of a duplicate
 * case into another: both documents' stream entries, promises and plan
 * steps (through the document accessors, as server changes), the emails and
 * their threads, files, what was shared with guests, the team and guests
 * (their rows are copied, so a guest of the duplicate keeps access to the
 * surviving case, to its shared side only, as guests always are) and the
 * stakeholder map. The duplicate keeps its fields and plan (the plan is also
 * copied into the surviving stream as a note) and answers GET with
 * `mergedInto`. Undo within a day moves the recorded ids back as they are
 * then. A split moves an email thread or chosen entries into a new case.
 */
export function createMergeService({
  db,
  rooms,
  cases,
  projectors,
  now = () => new Date(),
}: Pick<Deps, 'db' | 'rooms'> & { cases: CasesService; projectors: Flushable[]; now?: () => Date }) {
  const moveSide = createSideMover({ rooms });

  async function flush(caseIds: string[]): Promise<void> {
    for (const id of caseIds) for (const side of sides) for (const p of projectors) await p.flushDoc(docName(id, side));
  }

  /** Both cases as the actor sees them; 404 for what they may not see, 403 unless they edit both. */
  async function loadPair(actor: Actor, fromId: string, intoId: string, verb: string) {
    const from = await cases.check(actor, fromId);
    const into = await cases.check(actor, intoId);
    if (!canMoveBetween(actor, [from.subject, into.subject])) throw new AppError('forbidden', `Only editors of both cases may ${verb} them`);
    return { from: from.row, into: into.row };
  }

  const systemEntry = (actor: Actor, name: string, summary: string) => ({
    kind: 'system' as const,
    at: now().toISOString(),
    actorId: actor.userId,
    actorName: name,
    summary,
  });

  return {
    async merge(actor: Actor, fromId: string, intoId: string): Promise<MergeResult> {
      if (fromId === intoId) throw new AppError('validation_failed', 'into: a case cannot be merged into itself');
      const { from, into } = await loadPair(actor, fromId, intoId, 'merge');
      if (from.mergedInto) throw new AppError('conflict', 'This case was already merged into another one');
      if (into.mergedInto) throw new AppError('conflict', `"${into.title}" was itself merged into another case: merge into that one`);
      // A private case's record would reach everyone in the workspace through a case that is not private.
      if (from.private && !into.private)
        throw new AppError('conflict', `This case is private and "${into.title}" is not: make it private first, or merge the other way`);
      const name = (await cases.userName(actor.userId)) ?? 'Someone';
      const mergeId = newId();
      const at = now();
      const workspaceId = actor.workspaceId;
      const emailIds = await repo.listCaseEmailIds(db, workspaceId, from.id);
      const fileIds = await repo.listCaseFileIds(db, workspaceId, from.id);
      const planNotes: MovedRecord['planNotes'] = [];
      const moved = { team: emptySide(), shared: emptySide() };
      let people: string[] = [];
      let stakeholders: string[] = [];
      let sharedItems: string[] = [];

      // Shared side first: its entries' shared_items rows follow them in the same commit.
      await moveSide(from.id, into.id, 'shared', 'all', {
        record: moved.shared,
        extraTo: (target, source) => keepPlan(target, source, 'shared'),
        // Every row of what the team shared, also one whose copy a guest editor deleted (it is still revocable there).
        alsoWrite: async (tx) => {
          sharedItems = await repo.moveSharedItems(tx, { workspaceId, from: from.id, to: into.id }, 'all');
        },
      });
      await moveSide(from.id, into.id, 'team', 'all', {
        record: moved.team,
        extraTo: (target, source) => {
          keepPlan(target, source, 'team');
          addActivity(target, newId(), systemEntry(actor, name, `${name} merged "${from.title}" into this case`));
        },
        extraFrom: (source) => addActivity(source, newId(), systemEntry(actor, name, `${name} merged this case into "${into.title}"`)),
        // The relational side and the record of the merge commit with the team document's copy.
        alsoWrite: async (tx) => {
          const m = { workspaceId, from: from.id, to: into.id };
          await repo.moveEmails(tx, m, emailIds);
          await repo.moveFiles(tx, m, fileIds);
          people = await repo.copyTeam(tx, from.id, into.id);
          stakeholders = await repo.copyStakeholders(tx, from.id, into.id);
          if (!(await repo.setMergedInto(tx, workspaceId, from.id, into.id))) throw new AppError('conflict', 'This case was merged meanwhile');
          await repo.touchCase(tx, into.id);
          const record: MovedRecord = { ...moved, planNotes, emails: emailIds, files: fileIds, people, stakeholders, sharedItems };
          await repo.insertMerge(tx, { id: mergeId, workspaceId, fromCaseId: from.id, intoCaseId: into.id, actorId: actor.userId, moved: record, at });
          await insertAudit(tx, {
            workspaceId,
            actorId: actor.userId,
            action: 'case.merge',
            subjectId: from.id,
            data: { into: into.id, mergeId, emails: emailIds.length, files: fileIds.length, people },
          });
        },
      });
      await flush([from.id, into.id]);
      return {
        mergeId,
        from: from.id,
        into: into.id,
        moved: countsOf({ ...moved, emails: emailIds, files: fileIds, people }),
        undoUntil: new Date(at.getTime() + mergeUndoMs).toISOString(),
      };

      function keepPlan(target: Y.Doc, source: Y.Doc, side: DocSide): void {
        if (planIsEmpty(source)) return;
        const id = newId();
        addPlanAsNote(source, target, id, {
          at: at.toISOString(),
          actorId: actor.userId,
          actorName: name,
          summary: `${side === 'team' ? 'Account plan' : 'Mutual plan'} of "${from.title}", kept when it was merged here`,
        });
        planNotes.push({ side, id });
      }
    },

    async undoMerge(actor: Actor, fromId: string): Promise<MergeUndoResult> {
      const found = await repo.findOpenMerge(db, actor.workspaceId, fromId);
      // Whoever may not see the case learns nothing about its merges.
      await cases.check(actor, fromId);
      if (!found) throw notFound('This case is not merged into another (or its merge was undone)');
      const at = now();
      if (at.getTime() - found.at.getTime() > mergeUndoMs) throw new AppError('conflict', 'The merge is more than a day old and can no longer be undone');
      const { from, into } = await loadPair(actor, found.fromCaseId, found.intoCaseId, 'undo the merge of');
      if (into.mergedInto) throw new AppError('conflict', `"${into.title}" was itself merged since: undo that merge first`);
      const parsed = movedRecord.safeParse(found.moved);
      if (!parsed.success) throw new AppError('conflict', 'The record of this merge is unreadable; it cannot be undone');
      const record = parsed.data;
      const name = (await cases.userName(actor.userId)) ?? 'Someone';
      const workspaceId = actor.workspaceId;
      const back = { workspaceId, from: into.id, to: from.id };
      const notes = (side: DocSide) => record.planNotes.filter((n) => n.side === side).map((n) => n.id);
      const restored = { team: emptySide(), shared: emptySide() };

      restored.shared = await moveSide(into.id, from.id, 'shared', record.shared, {
        alsoWrite: async (tx) => {
          await repo.moveSharedItems(tx, back, record.sharedItems);
        },
        extraFrom: (doc) => removeEntries(doc, notes('shared')),
      });
      restored.team = await moveSide(into.id, from.id, 'team', record.team, {
        extraTo: (target) => addActivity(target, newId(), systemEntry(actor, name, `${name} undid the merge into "${into.title}"`)),
        extraFrom: (doc) => {
          removeEntries(doc, notes('team'));
          addActivity(doc, newId(), systemEntry(actor, name, `${name} undid the merge of "${from.title}" into this case`));
        },
        alsoWrite: async (tx) => {
          if (!(await repo.markUndone(tx, found.id, at))) throw new AppError('conflict', 'This merge was undone meanwhile');
          await repo.moveEmails(tx, back, record.emails);
          await repo.moveFiles(tx, back, record.files);
          await repo.removeTeamRows(tx, into.id, record.people);
          await repo.removeStakeholders(tx, into.id, record.stakeholders);
          await repo.setMergedInto(tx, workspaceId, from.id, null);
          await repo.touchCase(tx, into.id);
          await insertAudit(tx, {
            workspaceId,
            actorId: actor.userId,
            action: 'case.merge.undo',
            subjectId: from.id,
            data: { into: into.id, mergeId: found.id },
          });
        },
      });
      // People the merge added lose the surviving case again, open sockets included.
      if (record.people.length > 0) await rooms.recheckAccess(record.people);
      await flush([from.id, into.id]);
      return { from: from.id, into: into.id, restored: countsOf({ ...restored, emails: record.emails, files: record.files, people: record.people }) };
    },

    async split(actor: Actor, caseId: string, input: SplitCaseInput): Promise<SplitResult> {
      const source = await cases.check(actor, caseId);
      if (!canMoveBetween(actor, [source.subject])) throw new AppError('forbidden', 'Only editors of the case may split it');
      if (source.row.mergedInto) throw new AppError('conflict', 'This case was merged into another one: split that one');
      const workspaceId = actor.workspaceId;
      const picked = await pick(workspaceId, source.row.id, input);
      const created = await cases.create(actor, { title: input.title, kind: source.row.kind, private: source.row.private });
      const name = (await cases.userName(actor.userId)) ?? 'Someone';
      const m = { workspaceId, from: source.row.id, to: created.id };
      const moved = { team: emptySide(), shared: emptySide() };
      let people: string[] = [];
      moved.shared = await moveSide(
        m.from,
        m.to,
        'shared',
        { activity: picked.shared },
        {
          alsoWrite: async (tx) => {
            await repo.moveSharedItems(tx, m, picked.shared);
          },
        },
      );
      moved.team = await moveSide(
        m.from,
        m.to,
        'team',
        { activity: picked.team },
        {
          extraTo: (doc) => addActivity(doc, newId(), systemEntry(actor, name, `${name} split this case off "${source.row.title}"`)),
          extraFrom: (doc) =>
            addActivity(
              doc,
              newId(),
              systemEntry(actor, name, `${name} split ${picked.all.length} entr${picked.all.length === 1 ? 'y' : 'ies'} into "${input.title}"`),
            ),
          alsoWrite: async (tx) => {
            await repo.moveEmails(tx, m, picked.emails);
            await repo.moveFiles(tx, m, picked.files);
            // The people who worked on the thread go on working on it (guests see its shared side).
            people = await repo.copyTeam(tx, m.from, m.to);
            await insertAudit(tx, {
              workspaceId,
              actorId: actor.userId,
              action: 'case.split',
              subjectId: m.from,
              data: { into: m.to, activityIds: picked.all, emails: picked.emails.length, threadId: input.threadId ?? null },
            });
          },
        },
      );
      await flush([m.from, m.to]);
      return { caseId: created.id, moved: countsOf({ ...moved, emails: picked.emails, files: picked.files, people }) };
    },
  };

  /** The plan notes a merge added (a note someone deleted since is gone already). */
  function removeEntries(doc: Y.Doc, ids: string[]): void {
    removeItems(doc, 'activity', ids);
  }

  /**
   * What a split takes: entries of each document (a team entry's shared copy,
   * under the same id, comes with it), and the emails and files they open
   * that are the case's own. An unknown id or thread is a 404 and nothing moves.
   */
  async function pick(workspaceId: string, caseId: string, input: SplitCaseInput) {
    const [team = [], shared = []] = await Promise.all(
      sides.map(async (side) => {
        const room = await rooms.acquire(docName(caseId, side));
        try {
          return listActivity(room.doc).map((e) => ({ id: e.id, emailId: e.emailId, fileId: e.fileId, threadId: e.threadId }));
        } finally {
          rooms.release(room);
        }
      }),
    );
    let emails: string[];
    let take: (e: { id: string; emailId?: string | undefined; threadId?: string | undefined }) => boolean;
    if (input.threadId !== undefined) {
      const threadId = input.threadId;
      emails = await repo.listThreadEmailIds(db, workspaceId, caseId, threadId);
      if (emails.length === 0) throw notFound('No such email thread on this case');
      const ofThread = new Set(emails);
      take = (e) => e.threadId === threadId || (e.emailId !== undefined && ofThread.has(e.emailId));
    } else {
      const wanted = new Set(input.activityIds);
      const known = new Set([...team, ...shared].map((e) => e.id));
      const unknown = [...wanted].filter((id) => !known.has(id));
      if (unknown.length > 0) throw notFound(`No such entry on this case: ${unknown.slice(0, 3).join(', ')}${unknown.length > 3 ? '…' : ''}`);
      take = (e) => wanted.has(e.id);
      emails = [];
    }
    const teamIds = team.filter(take).map((e) => e.id);
    const taken = new Set(teamIds);
    const sharedIds = shared.filter((e) => taken.has(e.id) || take(e)).map((e) => e.id);
    const entries = [...team, ...shared].filter((e) => taken.has(e.id) || sharedIds.includes(e.id));
    if (input.threadId === undefined) {
      emails = await repo.ownEmailIds(db, workspaceId, caseId, [...new Set(entries.flatMap((e) => (e.emailId ? [e.emailId] : [])))]);
    }
    const files = await repo.listCaseFileIds(db, workspaceId, caseId, {
      fileIds: [...new Set(entries.flatMap((e) => (e.fileId ? [e.fileId] : [])))],
      emailIds: emails,
    });
    return { team: teamIds, shared: sharedIds, all: [...new Set([...teamIds, ...sharedIds])], emails, files };
  }
}
