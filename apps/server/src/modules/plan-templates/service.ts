import { appendPlanOutline, docName, readPlanOutline, type OutlineMilestone } from '@casehub/case-document';
import {
  dateIn,
  planTemplateInput,
  promiseDueAt,
  relativeFrom,
  resolveDue,
  templateMilestone,
  type ApplyTemplateInput,
  type ApplyTemplateResult,
  type CaseCreateInput,
  type CaseDetail,
  type PlanAnchors,
  type PlanTemplate,
  type PlanTemplateInput,
  type TemplateMilestone,
} from '@casehub/contract';
import { z } from 'zod';
import { AppError, notFound } from '../../errors.js';
import { newId } from '../../lib/ids.js';
import { loadBusinessHours } from '../business-hours/repo.js';
import type { Db } from '../../storage/db.js';
import { isUniqueViolation } from '../../storage/unique.js';
import type { RoomManager } from '../../sync/rooms.js';
import { canInWorkspace, type Actor } from '../access/policy.js';
import type { ActivityService } from '../activity/service.js';
import * as authRepo from '../auth/repo.js';
import { findUserName } from '../cases/repo.js';
import type { CasesService } from '../cases/service.js';
import type { ExpectationProjector } from '../expectations/projection.js';
import * as repo from './repo.js';

export type PlanTemplatesService = ReturnType<typeof createPlanTemplatesService>;

type Deps = { db: Db; rooms: RoomManager; cases: CasesService; activity: ActivityService; projector: ExpectationProjector; now: () => Date };

const notThere = () => notFound('No such plan template');
const nameTaken = (name: string) => new AppError('conflict', `name: a plan template called "${name}" exists already`);
const storedMilestones = z.array(templateMilestone);

/** Whether any date of the template counts from the close date. */
export const needsCloseDate = (milestones: TemplateMilestone[]): boolean =>
  milestones.some((m) => m.due?.from === 'close' || m.promises.some((p) => p.due.from === 'close'));

/**
 * The template's milestones and promises with real dates for one case, and
 * fresh ids. Team promises are kept by `teamOwnerId`; the customer's have no
 * owner until someone names one. Null when a date needs a close date the
 * anchors lack (the caller has checked, so this is a guard).
 */
export function outlineFor(milestones: TemplateMilestone[], anchors: PlanAnchors, teamOwnerId: string, id: () => string = newId): OutlineMilestone[] | null {
  const out: OutlineMilestone[] = [];
  for (const m of milestones) {
    const due = m.due ? resolveDue(m.due, anchors) : null;
    if (m.due && due === null) return null;
    const promises: OutlineMilestone['promises'] = [];
    for (const p of m.promises) {
      const date = resolveDue(p.due, anchors);
      if (date === null) return null;
      promises.push({ id: id(), side: p.side, text: p.text, dueAt: promiseDueAt(date, anchors.zone), ownerId: p.side === 'team' ? teamOwnerId : null });
    }
    out.push({ id: id(), title: m.title, dueAt: due, promises });
  }
  return out;
}

function present(row: repo.PlanTemplateRow): PlanTemplate {
  // Written through the contract; an archive import may carry anything, which reads as no steps.
  const parsed = storedMilestones.safeParse(row.milestones);
  const milestones = parsed.success ? parsed.data : [];
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    planText: row.planText,
    milestones,
    needsCloseDate: needsCloseDate(milestones),
    createdByName: row.createdByName,
    updatedAt: row.updatedAt.toISOString(),
  };
}

const closeDateNeeded = (name: string, forNewCase: boolean) =>
  new AppError(
    'validation_failed',
    forNewCase
      ? `closeDate: the template "${name}" counts dates from the close date; give the new case a close date`
      : `closeDate: the template "${name}" counts dates from the close date and this case has none; give closeDate (YYYY-MM-DD) or set the case's close date first`,
  );

/**
 * [issue 15.3] The workspace's plan templates: every member reads them and
 * builds a case's plan from one; owners and admins write them. Applying one
 * writes milestones and promises into the case's shared document through
 * the case-document accessors, so the promise clock and the guests see them
 * as any other.
 */
export function createPlanTemplatesService({ db, rooms, cases, activity, projector, now }: Deps) {
  /** Days and a promise's 17:00 are the workspace's (Settings → Business hours; UTC until set). */
  const zoneOf = async (actor: Actor): Promise<string> => (await loadBusinessHours(db, actor.workspaceId)).timeZone;
  const member = (actor: Actor): void => {
    if (!canInWorkspace(actor, 'planTemplates.use')) throw notFound();
  };
  const manager = (actor: Actor): void => {
    member(actor);
    if (!canInWorkspace(actor, 'planTemplates.manage')) throw new AppError('forbidden', 'Only owners and admins manage plan templates');
  };
  const load = async (actor: Actor, id: string): Promise<PlanTemplate> => {
    const row = await repo.findPlanTemplate(db, actor.workspaceId, id);
    if (!row) throw notThere();
    return present(row);
  };
  const audit = (actor: Actor, action: string, subjectId: string, data?: Record<string, unknown>) =>
    authRepo.insertAudit(db, { workspaceId: actor.workspaceId, actorId: actor.userId, action, subjectId, ...(data && { data }) });

  async function insert(actor: Actor, input: PlanTemplateInput): Promise<PlanTemplate> {
    const id = newId();
    try {
      await repo.insertPlanTemplate(db, { id, workspaceId: actor.workspaceId, createdBy: actor.userId, ...input });
    } catch (err) {
      if (isUniqueViolation(err)) throw nameTaken(input.name);
      throw err;
    }
    await audit(actor, 'planTemplate.create', id, { name: input.name });
    return load(actor, id);
  }

  /** Writes the template into the case's shared document, then tells the team's stream. */
  async function applyTo(actor: Actor, caseId: string, template: PlanTemplate, anchors: PlanAnchors, ownerId: string): Promise<ApplyTemplateResult> {
    const outline = outlineFor(template.milestones, anchors, ownerId);
    if (!outline) throw closeDateNeeded(template.name, false);
    const name = docName(caseId, 'shared');
    await rooms.change(name, (doc) => appendPlanOutline(doc, { planText: template.planText, milestones: outline }));
    await projector.flushDoc(name);
    const promises = outline.reduce((n, m) => n + m.promises.length, 0);
    await activity.add(caseId, 'team', {
      kind: 'system',
      at: now().toISOString(),
      actorId: actor.userId,
      actorName: (await findUserName(db, actor.userId)) ?? '',
      summary: `Plan template "${template.name}" applied: ${outline.length} milestone${outline.length === 1 ? '' : 's'}, ${promises} promise${promises === 1 ? '' : 's'}`,
    });
    await audit(actor, 'planTemplate.apply', caseId, { templateId: template.id });
    return { milestones: outline.length, promises, closeDate: anchors.closeDate };
  }

  return {
    async list(actor: Actor): Promise<PlanTemplate[]> {
      member(actor);
      return (await repo.listPlanTemplates(db, actor.workspaceId)).map(present);
    },

    async get(actor: Actor, id: string): Promise<PlanTemplate> {
      member(actor);
      return load(actor, id);
    },

    async create(actor: Actor, input: PlanTemplateInput): Promise<PlanTemplate> {
      manager(actor);
      return insert(actor, input);
    },

    async update(actor: Actor, id: string, change: Partial<PlanTemplateInput>): Promise<PlanTemplate> {
      manager(actor);
      try {
        if (!(await repo.updatePlanTemplate(db, actor.workspaceId, id, change))) throw notThere();
      } catch (err) {
        if (isUniqueViolation(err)) throw nameTaken(change.name ?? '');
        throw err;
      }
      await audit(actor, 'planTemplate.update', id);
      return load(actor, id);
    },

    async remove(actor: Actor, id: string): Promise<void> {
      manager(actor);
      if (!(await repo.deletePlanTemplate(db, actor.workspaceId, id))) throw notThere();
      await audit(actor, 'planTemplate.delete', id);
    },

    /**
     * Applies a template to an existing case. Dates that count from the close
     * date need one: the case's, or `closeDate`, which then becomes the
     * case's (never a guess).
     */
    async apply(actor: Actor, caseId: string, input: ApplyTemplateInput): Promise<ApplyTemplateResult> {
      member(actor);
      const row = await cases.authorize(actor, caseId, 'case.edit', 'Only editors on the team can build the plan from a template');
      const template = await load(actor, input.templateId);
      let closeDate = row.closeDate;
      if (template.needsCloseDate && !closeDate) {
        if (!input.closeDate) throw closeDateNeeded(template.name, false);
        closeDate = input.closeDate;
        await cases.applyFields(caseId, { closeDate });
      }
      return applyTo(actor, caseId, template, { closeDate, createdAt: row.createdAt, zone: await zoneOf(actor) }, row.ownerId ?? actor.userId);
    },

    /** A new case with the template's plan (checked before the case is made, so a refusal makes nothing). */
    async createCase(actor: Actor, templateId: string, input: CaseCreateInput): Promise<CaseDetail> {
      member(actor);
      const template = await load(actor, templateId);
      if (template.needsCloseDate && !input.closeDate) throw closeDateNeeded(template.name, true);
      const created = await cases.create(actor, input, { requireCustom: true });
      const anchors = { closeDate: created.closeDate, createdAt: new Date(created.createdAt), zone: await zoneOf(actor) };
      await applyTo(actor, created.id, template, anchors, created.ownerId ?? actor.userId);
      return cases.get(actor, created.id);
    },

    /**
     * "Save this case's plan as a template": its mutual plan's text, its
     * milestones and their promises, each date made relative to the close
     * date when the case has one, else to its creation. What does not fit a
     * template (past 50 steps, a long text) is cut, not refused.
     */
    async saveFromCase(actor: Actor, caseId: string, input: { name: string; description: string }): Promise<PlanTemplate> {
      manager(actor);
      const row = await cases.authorize(actor, caseId, 'doc.shared.read', 'You may not read this case');
      const room = await rooms.acquire(docName(caseId, 'shared'));
      let outline: ReturnType<typeof readPlanOutline>;
      try {
        outline = readPlanOutline(room.doc);
      } finally {
        rooms.release(room);
      }
      const anchors: PlanAnchors = { closeDate: row.closeDate, createdAt: row.createdAt, zone: await zoneOf(actor) };
      const from = row.closeDate ? 'close' : 'created';
      const dayOf = (due: string): string => (due.length === 10 ? due : dateIn(new Date(due), anchors.zone));
      const milestones = outline.milestones.slice(0, 50).map((m) => ({
        title: m.title,
        due: m.dueAt ? relativeFrom(dayOf(m.dueAt), from, anchors) : null,
        promises: m.promises.slice(0, 50).map((p) => ({ side: p.side, text: p.text, due: relativeFrom(dayOf(p.dueAt), from, anchors) })),
      }));
      const parsed = planTemplateInput.safeParse({ ...input, planText: outline.planText.slice(0, 20_000), milestones });
      if (!parsed.success) throw new AppError('validation_failed', `This case's plan cannot be a template: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      return insert(actor, parsed.data);
    },
  };
}
