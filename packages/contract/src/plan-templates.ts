import { promiseSides } from '@casehub/case-document';
import { z } from 'zod';
import { caseCreateInput } from './cases.js';
import { relativeDue } from './plan-dates.js';

/**
 * Plan templates (issue 15.3): a workspace's ready-made mutual action plans.
 * Each milestone and each of its promises carries a due date relative to
 * the case's close date or its creation; applying a template to a case
 * turns them into dates, and the plan's text is added to the mutual plan.
 */
export const templatePromise = z.object({
  side: z.enum(promiseSides, { message: 'must be "team" (we promise) or "customer" (they promise)' }),
  text: z.string().trim().min(1, 'must not be empty').max(2000),
  due: relativeDue,
});
export type TemplatePromise = z.infer<typeof templatePromise>;

export const templateMilestone = z.object({
  title: z.string().trim().min(1, 'must not be empty').max(200),
  /** null: the step has no date of its own. */
  due: relativeDue.nullable().default(null),
  promises: z.array(templatePromise).max(50, 'at most 50 promises per milestone').default([]),
});
export type TemplateMilestone = z.infer<typeof templateMilestone>;

export const planTemplateInput = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(80),
  description: z.string().trim().max(500).default(''),
  /** The mutual plan's text added to the case's plan: one paragraph per line, `#` headings, `-` and `1.` list items. */
  planText: z.string().max(20_000).default(''),
  milestones: z.array(templateMilestone).max(50, 'at most 50 milestones').default([]),
});
export type PlanTemplateInput = z.infer<typeof planTemplateInput>;
export const planTemplatePatch = planTemplateInput.partial();

export const planTemplate = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  planText: z.string(),
  milestones: z.array(templateMilestone),
  /** Whether a date counts from the close date: applying it needs a case that has one. */
  needsCloseDate: z.boolean(),
  createdByName: z.string().nullable(),
  updatedAt: z.string(),
});
export type PlanTemplate = z.infer<typeof planTemplate>;
export const planTemplateList = z.object({ templates: z.array(planTemplate) });

/** `POST /api/cases/{id}/plan-template`: apply a template; `closeDate` sets the case's close date first when it has none. */
export const applyTemplateInput = z.object({
  templateId: z.string().min(1).max(64),
  closeDate: caseCreateInput.shape.closeDate,
});
export type ApplyTemplateInput = z.infer<typeof applyTemplateInput>;
export const applyTemplateResult = z.object({ milestones: z.number().int(), promises: z.number().int(), closeDate: z.string().nullable() });
export type ApplyTemplateResult = z.infer<typeof applyTemplateResult>;

/** `POST /api/plan-templates/from-case/{caseId}`: the case's mutual plan, with dates made relative, saved as a template. */
export const saveCasePlanInput = z.object({
  name: planTemplateInput.shape.name,
  description: planTemplateInput.shape.description,
});
