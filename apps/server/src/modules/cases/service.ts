import {
  buildDocument,
  defaultFields,
  docName,
  initCaseDocument,
  initSharedDocument,
  readFields,
  writeCustomValues,
  writeFields,
  type CaseFieldsPatch,
  type CustomValue,
  type DocSide,
} from '@casehub/case-document';
import type {
  CaseAccess,
  CaseCreateInput,
  CaseDetail,
  CaseListQuery,
  CaseListResponse,
  CaseMemberInput,
  CasePatchInput,
  CaseSummary,
  WorkspaceRole,
} from '@casehub/contract';
import { firstOpenStage, missingRequiredCustom, type CustomPatch } from '@casehub/contract';
import { AppError, notFound } from '../../errors.js';
import type { Deps } from '../../deps.js';
import { newId } from '../../lib/ids.js';
import { appendUpdates } from '../../sync/persistence.js';
import {
  can,
  canInWorkspace,
  canSetTeamAccess,
  caseAccess,
  docReadAction,
  docWriteAction,
  type Actor,
  type CaseAction,
  type CaseSubject,
} from '../access/policy.js';
import * as authRepo from '../auth/repo.js';
import { ensureStage, readPipelines } from '../pipelines/service.js';
import { listCustomFields } from '../custom-fields/repo.js';
import { checkCustomPatch, customConditions, customSortField, fieldsFor, visibleCustom } from './custom.js';
import { guestListQuery, guestSummary } from './guest-view.js';
import type { CaseProjector } from './projection.js';
import * as repo from './repo.js';
import { unreadOf } from '../visits/repo.js';
import { emitWebhookEvent } from '../webhooks/events.js';
import { caseCreated, pickFields } from '../webhooks/payloads.js';

export type CasesService = ReturnType<typeof createCasesService>;

function toSubject(found: { case: repo.CaseRow; membership: repo.CaseMemberRow | null }): CaseSubject {
  return {
    workspaceId: found.case.workspaceId,
    private: found.case.private,
    membership: found.membership ? { access: found.membership.access } : null,
  };
}

/** A new case starts without the values a create request clears. */
const dropCleared = (patch: CustomPatch): Record<string, CustomValue> =>
  Object.fromEntries(Object.entries(patch).filter((e): e is [string, CustomValue] => e[1] !== null));
/** [issue 17.5] How long a merge may be undone. */
export const mergeUndoMs = 24 * 60 * 60 * 1000;

const caseNotFound = () => notFound('No such case, or you may not see it');

/**
 * [issue 20.11] A change to someone's row on a case team, checked by the
 * policy against their workspace role: an editor of a non-private case may
 * not make the workspace owner a viewer of it.
 */
async function assertMayChangeTeam(
  db: Deps['db'],
  actor: Actor,
  caseId: string,
  subject: CaseSubject,
  target: { userId: string; role: WorkspaceRole },
  next: CaseAccess | null,
): Promise<void> {
  const found = await repo.findCaseWithMembership(db, actor.workspaceId, caseId, target.userId);
  const current = found?.membership?.access ?? null;
  if (!canSetTeamAccess(actor, subject, { role: target.role, current }, next)) {
    throw new AppError(
      'forbidden',
      `Only a workspace ${target.role === 'owner' ? 'owner' : 'owner or admin'} may lower what a workspace ${target.role} can do on a case`,
    );
  }
}

/** `custom` is what the reader may see of the case's custom values (`visibleCustom`). */
function summarize(row: repo.CaseRow, ownerName: string | null, custom: Record<string, CustomValue>): CaseSummary {
  return {
    id: row.id,
    title: row.title,
    kind: row.kind,
    stage: row.stage,
    priority: row.priority,
    ownerId: row.ownerId,
    ownerName,
    account: row.account,
    value: row.value,
    currency: row.currency,
    closeDate: row.closeDate,
    custom,
    private: row.private,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function createCasesService({ db, rooms, projector }: Pick<Deps, 'db' | 'rooms'> & { projector: CaseProjector }) {
  /** Loads a case as the actor may see it; anything invisible is a 404, never a 403. */
  async function load(actor: Actor, caseId: string) {
    const found = await repo.findCaseWithMembership(db, actor.workspaceId, caseId, actor.userId);
    if (!found) throw caseNotFound();
    const subject = toSubject(found);
    const access = caseAccess(actor, subject);
    if (access === null) throw caseNotFound();
    return { row: found.case, subject, access };
  }

  function authorize(actor: Actor, action: CaseAction, subject: CaseSubject, message: string): void {
    if (!can(actor, action, subject)) throw new AppError('forbidden', message);
  }

  async function detail(row: repo.CaseRow, access: CaseAccess, actor: Actor): Promise<CaseDetail> {
    const [members, ownerName, allDefs] = await Promise.all([
      repo.listCaseMembers(db, row.id),
      row.ownerId ? repo.findUserName(db, row.ownerId) : Promise.resolve(null),
      listCustomFields(db, row.workspaceId),
    ]);
    const defs = fieldsFor(
      allDefs.filter((d) => d.kind === row.kind),
      actor.role === 'guest',
    );
    // Guests never see other people's email addresses (DESIGN §2: no private data of others).
    const visibleMembers = actor.role === 'guest' ? members.map((m) => (m.userId === actor.userId ? m : { ...m, email: '' })) : members;
    const summary = summarize(row, ownerName, visibleCustom(defs, row.kind, row.custom));
    // [issue 17.5] Merges into this case that may still be undone, for the team's Undo.
    const mergedFrom =
      actor.role === 'guest'
        ? undefined
        : (await repo.listMergedFrom(db, row.id, new Date(Date.now() - mergeUndoMs))).map((m) => ({
            caseId: m.caseId,
            title: m.title,
            at: m.at.toISOString(),
            undoUntil: new Date(m.at.getTime() + mergeUndoMs).toISOString(),
          }));
    return {
      ...(actor.role === 'guest' ? guestSummary(summary) : summary),
      access,
      members: visibleMembers,
      customFields: defs,
      docs: {
        team: actor.role === 'guest' ? null : docName(row.id, 'team'),
        shared: docName(row.id, 'shared'),
      },
      mergedInto: row.mergedInto,
      ...(mergedFrom && { mergedFrom }),
    };
  }

  return {
    /**
     * `requireCustom`: a case a person makes must have its kind's required custom
     * fields; cases made from inbound mail or an import are made regardless (never lose data).
     */
    async create(actor: Actor, input: CaseCreateInput, { requireCustom = false }: { requireCustom?: boolean } = {}): Promise<CaseDetail> {
      if (!canInWorkspace(actor, 'case.create')) throw new AppError('forbidden', 'Guests cannot create cases');
      const id = newId();
      const { private: isPrivate, custom: customInput, ...fields } = input;
      const defs = (await listCustomFields(db, actor.workspaceId)).filter((d) => d.kind === fields.kind);
      const custom = dropCleared(await checkCustomPatch(db, actor.workspaceId, defs, fields.kind, customInput));
      if (requireCustom) {
        const missing = missingRequiredCustom(defs, fields.kind, custom);
        if (missing.length > 0)
          throw new AppError('validation_failed', `Required ${missing.length === 1 ? 'field' : 'fields'} missing: ${missing.map((l) => `"${l}"`).join(', ')}`);
      }
      const sharedCustom = Object.fromEntries(Object.entries(custom).filter(([id]) => defs.some((d) => d.id === id && d.shared)));
      // [issue 17.2] A new case starts in its pipeline's first open stage; a stage given that the pipeline lacks joins it.
      const startStage = fields.stage ?? firstOpenStage({ stages: (await readPipelines(db, actor.workspaceId))[fields.kind] });
      if (fields.stage) await ensureStage(db, actor.workspaceId, fields.kind, fields.stage);
      const initial = { ...defaultFields(fields.kind), ...(startStage ? { stage: startStage } : {}), ownerId: actor.userId, ...fields };
      const team = buildDocument((doc) => {
        initCaseDocument(doc, initial);
        writeCustomValues(doc, custom);
      });
      // [issue 17.3] Guests' document gets the shared custom fields' values only.
      const shared = buildDocument((doc) => {
        initSharedDocument(doc, { title: initial.title, kind: initial.kind });
        writeCustomValues(doc, sharedCustom);
      });
      // The index row and both documents' first states commit together.
      await db.transaction(async (tx) => {
        await repo.insertCase(tx, {
          id,
          workspaceId: actor.workspaceId,
          title: initial.title,
          kind: initial.kind,
          stage: initial.stage,
          priority: initial.priority,
          ownerId: initial.ownerId,
          account: initial.account,
          value: initial.value,
          currency: initial.currency,
          closeDate: initial.closeDate,
          custom,
          private: isPrivate,
          createdBy: actor.userId,
        });
        await repo.upsertCaseMember(tx, { caseId: id, userId: actor.userId, access: 'editor', role: 'owner' });
        await appendUpdates(tx, docName(id, 'team'), [team]);
        await appendUpdates(tx, docName(id, 'shared'), [shared]);
        await authRepo.insertAudit(tx, { workspaceId: actor.workspaceId, actorId: actor.userId, action: 'case.create', subjectId: id });
        // [issue 16.1] The webhook outbox, in the same commit.
        await emitWebhookEvent(
          tx,
          caseCreated({ id, workspaceId: actor.workspaceId, private: isPrivate, createdBy: actor.userId, createdAt: new Date(), ...pickFields(initial) }),
        );
      });
      const { row, access } = await load(actor, id);
      return detail(row, access, actor);
    },

    async assertCanManageTeam(actor: Actor, caseId: string): Promise<void> {
      const { subject } = await load(actor, caseId);
      authorize(actor, 'case.manageTeam', subject, 'You may not change this case team');
    },

    /**
     * The one case check for other modules (email, files, stream entries):
     * the case as the policy sees it for this actor, 404 if they may not see
     * it (A4). Ask `can(actor, action, subject)` of the answer; unlike `get`,
     * it builds no response.
     */
    check: load,

    /** 404 if the case is not visible, 403 if visible but the action is not allowed. */
    async authorize(actor: Actor, caseId: string, action: CaseAction, message: string): Promise<repo.CaseRow> {
      const { row, subject } = await load(actor, caseId);
      authorize(actor, action, subject, message);
      return row;
    },

    async get(actor: Actor, caseId: string): Promise<CaseDetail> {
      const { row, access } = await load(actor, caseId);
      return detail(row, access, actor);
    },

    /** Same effect as editing `fields` in the document: committed, broadcast, then projected. */
    async patch(actor: Actor, caseId: string, input: CasePatchInput): Promise<CaseDetail> {
      const { subject, row: before } = await load(actor, caseId);
      authorize(actor, 'case.edit', subject, 'You can view this case but not change it');
      const { custom: customInput, ...patch } = input;
      if (patch.ownerId) {
        const owner = await authRepo.findMembership(db, actor.workspaceId, patch.ownerId);
        if (!owner || owner.role === 'guest') throw new AppError('validation_failed', 'ownerId: must be a member of this workspace');
      }
      // [issue 17.3] Checked against the fields of the kind the case has after this change.
      const kind = patch.kind ?? before.kind;
      const defs = (await listCustomFields(db, actor.workspaceId)).filter((d) => d.kind === kind);
      const custom = await checkCustomPatch(db, actor.workspaceId, defs, kind, customInput);
      await this.applyFields(caseId, patch, custom);
      const { row, access } = await load(actor, caseId);
      if (patch.stage !== undefined || patch.kind !== undefined) await ensureStage(db, actor.workspaceId, row.kind, row.stage);
      return detail(row, access, actor);
    },

    /**
     * Writes fields for a server-side change the caller has already authorised at
     * workspace level (an account merged or renamed): through the document, so it
     * stays authoritative, then projected at once.
     */
    async applyFields(caseId: string, patch: CaseFieldsPatch, custom: CustomPatch = {}): Promise<void> {
      const name = docName(caseId, 'team');
      await rooms.change(name, (doc) => {
        writeFields(doc, patch);
        writeCustomValues(doc, custom);
      });
      const room = await rooms.acquire(name);
      try {
        await projector.project(caseId, room.doc);
      } finally {
        rooms.release(room);
      }
    },

    /**
     * [issue 17.2] Moves a case out of a stage that was renamed or deleted, if it is still
     * there: through its document like any edit (live on the case page), then projected at
     * once. False when someone moved it meanwhile.
     */
    async moveStage(caseId: string, from: string, to: string): Promise<boolean> {
      const name = docName(caseId, 'team');
      let moved = false;
      await rooms.change(name, (doc) => {
        if (readFields(doc).stage !== from) return;
        writeFields(doc, { stage: to });
        moved = true;
      });
      const room = await rooms.acquire(name);
      try {
        await projector.project(caseId, room.doc);
      } finally {
        rooms.release(room);
      }
      return moved;
    },

    async list(actor: Actor, query: CaseListQuery): Promise<CaseListResponse> {
      const guest = actor.role === 'guest';
      const defs = fieldsFor(await listCustomFields(db, actor.workspaceId), guest);
      // A filter on a field of one kind only finds cases of that kind (`custom @>` on its id).
      const conditions = customConditions(defs, query.custom);
      const sortField = customSortField(defs, query.sort);
      const { rows, total } = await repo.listVisibleCases(db, actor, guest ? guestListQuery(query) : query, conditions, sortField);
      const unread = await unreadOf(
        db,
        rows.map((r) => r.case.id),
        { userId: actor.userId, side: guest ? 'shared' : 'team' },
      );
      const cases = rows.map((r) => ({ ...summarize(r.case, r.ownerName, visibleCustom(defs, r.case.kind, r.case.custom)), unread: unread.has(r.case.id) }));
      return { cases: guest ? cases.map(guestSummary) : cases, total, limit: query.limit, offset: query.offset };
    },

    async addMember(actor: Actor, caseId: string, input: CaseMemberInput): Promise<CaseDetail> {
      const { row, subject, access } = await load(actor, caseId);
      authorize(actor, 'case.manageTeam', subject, 'You may not change this case team');
      const user = input.userId ? await authRepo.findUserById(db, input.userId) : input.email ? await authRepo.findUserByEmail(db, input.email) : undefined;
      const membership = user ? await authRepo.findMembership(db, actor.workspaceId, user.id) : undefined;
      if (!user || !membership) {
        throw notFound('No such person in this workspace; invite them first');
      }
      await assertMayChangeTeam(db, actor, caseId, subject, { userId: user.id, role: membership.role }, input.access);
      await repo.upsertCaseMember(db, { caseId, userId: user.id, access: input.access, role: input.role ?? null });
      await authRepo.insertAudit(db, {
        workspaceId: actor.workspaceId,
        actorId: actor.userId,
        action: 'case.member.set',
        subjectId: caseId,
        data: { userId: user.id, access: input.access },
      });
      await rooms.recheckAccess([user.id]);
      return detail(row, access, actor);
    },

    async removeMember(actor: Actor, caseId: string, userId: string): Promise<void> {
      const { subject } = await load(actor, caseId);
      authorize(actor, 'case.manageTeam', subject, 'You may not change this case team');
      // Someone no longer in the workspace has no rank to protect.
      const membership = await authRepo.findMembership(db, actor.workspaceId, userId);
      await assertMayChangeTeam(db, actor, caseId, subject, { userId, role: membership?.role ?? 'guest' }, null);
      if (!(await repo.deleteCaseMember(db, caseId, userId))) throw notFound('That person is not on this case team');
      await authRepo.insertAudit(db, {
        workspaceId: actor.workspaceId,
        actorId: actor.userId,
        action: 'case.member.remove',
        subjectId: caseId,
        data: { userId },
      });
      await rooms.recheckAccess([userId]);
    },

    /** The name a person shows under in presence and the stream. */
    userName: (userId: string): Promise<string | null> => repo.findUserName(db, userId),

    /** Whether the actor may open a document of this case, and write to it. Null: refuse. */
    async syncAccess(actor: Actor, caseId: string, side: DocSide): Promise<{ canWrite: boolean } | null> {
      const found = await repo.findCaseWithMembership(db, actor.workspaceId, caseId, actor.userId);
      if (!found) return null;
      const subject = toSubject(found);
      if (!can(actor, docReadAction(side), subject)) return null;
      return { canWrite: can(actor, docWriteAction(side), subject) };
    },
  };
}
