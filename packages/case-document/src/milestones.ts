import * as Y from 'yjs';
import { z } from 'zod';
import { expectationsMap, milestonesMap } from './document.js';
import { listExpectations, readPromiseSide, type ExpectationRecord, type PromiseSide } from './expectations.js';

export const milestoneStatuses = ['planned', 'in-progress', 'done'] as const;
export type MilestoneStatus = (typeof milestoneStatuses)[number];

/**
 * DESIGN §3 `milestones` (shared document): a step of the mutual action plan
 * that the team and the customer work through together. Promises of either
 * side may name the step they belong to (`milestoneId`).
 */
export const milestoneSchema = z.object({
  title: z.string().trim().min(1).max(200),
  /** ISO 8601; a date (`2027-03-31`) or a date and time. */
  dueAt: z
    .union([z.iso.date(), z.iso.datetime({ offset: true })])
    .nullable()
    .default(null),
  order: z.number().finite(),
  status: z.enum(milestoneStatuses).default('planned'),
});
export type Milestone = z.infer<typeof milestoneSchema>;
export type MilestoneRecord = Milestone & {
  id: string;
  /** Promises that name this step, and how many of them are met. */
  promises: number;
  met: number;
};

/** Adds a step at the end of the plan (after the highest `order`). */
export function addMilestone(doc: Y.Doc, id: string, input: Omit<z.input<typeof milestoneSchema>, 'order'> & { order?: number }): void {
  const last = listMilestones(doc).at(-1);
  const parsed = milestoneSchema.parse({ ...input, order: input.order ?? (last ? last.order + 1 : 1) });
  doc.transact(() => {
    const item = new Y.Map<unknown>();
    for (const [key, value] of Object.entries(parsed)) item.set(key, value);
    milestonesMap(doc).set(id, item);
  });
}

export type MilestoneChange = Partial<Pick<Milestone, 'title' | 'dueAt' | 'status' | 'order'>>;

/** Changes a step; false when there is none or the change is not valid. */
export function updateMilestone(doc: Y.Doc, id: string, change: MilestoneChange): boolean {
  const item = milestonesMap(doc).get(id);
  if (!(item instanceof Y.Map)) return false;
  const parsed = milestoneSchema.safeParse({ ...Object.fromEntries(item.entries()), ...change });
  if (!parsed.success) return false;
  doc.transact(() => {
    for (const key of Object.keys(change) as Array<keyof MilestoneChange>) item.set(key, parsed.data[key]);
  });
  return true;
}

/** Removes a step; the promises that named it keep their place in the ledger, without a step. */
export function removeMilestone(doc: Y.Doc, id: string): boolean {
  if (!milestonesMap(doc).has(id)) return false;
  doc.transact(() => {
    milestonesMap(doc).delete(id);
    for (const promise of expectationsMap(doc).values()) if (promise instanceof Y.Map && promise.get('milestoneId') === id) promise.delete('milestoneId');
  });
  return true;
}

/** Moves a step one place up (-1) or down (+1): it swaps `order` with its neighbour. */
export function moveMilestone(doc: Y.Doc, id: string, by: -1 | 1): boolean {
  const list = listMilestones(doc);
  const at = list.findIndex((m) => m.id === id);
  const other = list[at + by];
  const self = list[at];
  if (!self || !other) return false;
  doc.transact(() => {
    updateMilestone(doc, self.id, { order: other.order });
    updateMilestone(doc, other.id, { order: self.order });
  });
  return true;
}

/** The steps in plan order, each with its promises counted; a malformed entry is left out. */
export function listMilestones(doc: Y.Doc): MilestoneRecord[] {
  const counts = new Map<string, { promises: number; met: number }>();
  for (const promise of expectationsMap(doc).values()) {
    if (!(promise instanceof Y.Map)) continue;
    const step = promise.get('milestoneId');
    if (typeof step !== 'string') continue;
    const c = counts.get(step) ?? { promises: 0, met: 0 };
    c.promises++;
    if (promise.get('status') === 'met') c.met++;
    counts.set(step, c);
  }
  const out: MilestoneRecord[] = [];
  for (const [id, item] of milestonesMap(doc).entries()) {
    if (!(item instanceof Y.Map)) continue;
    const parsed = milestoneSchema.safeParse(Object.fromEntries(item.entries()));
    if (parsed.success) out.push({ ...parsed.data, id, ...(counts.get(id) ?? { promises: 0, met: 0 }) });
  }
  return out.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
}

/** Names the step a promise belongs to (null: none). */
export function setPromiseMilestone(doc: Y.Doc, promiseId: string, milestoneId: string | null): boolean {
  const promise = expectationsMap(doc).get(promiseId);
  if (!(promise instanceof Y.Map)) return false;
  if (milestoneId !== null && !milestonesMap(doc).has(milestoneId)) return false;
  if (milestoneId === null) promise.delete('milestoneId');
  else promise.set('milestoneId', milestoneId);
  return true;
}

/**
 * How far the plan is: steps done of all; a step counts as done when marked
 * so. Null when the plan has no steps.
 */
export function planProgress(milestones: MilestoneRecord[]): { done: number; total: number } | null {
  return milestones.length === 0 ? null : { done: milestones.filter((m) => m.status === 'done').length, total: milestones.length };
}

export type MilestoneNotice = 'at-risk' | 'missed';

/**
 * Where a step stands against its due moment, as the server's promise clock
 * sees it: at risk `atRiskMs` before it is due, missed once past due, nothing
 * once done. This is a notice, not a state: the step's `status` stays the
 * plan's own (planned, in-progress, done; DESIGN §3).
 */
export function milestoneNotice(m: { status: MilestoneStatus; dueMs: number | null }, now: Date, atRiskMs: number): MilestoneNotice | null {
  if (m.status === 'done' || m.dueMs === null || Number.isNaN(m.dueMs)) return null;
  if (now.getTime() >= m.dueMs) return 'missed';
  if (now.getTime() >= m.dueMs - atRiskMs) return 'at-risk';
  return null;
}

/** A milestone's due date without a time of day (`2027-03-31`, as the plan's date field writes it). */
export const isDateOnly = (dueAt: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(dueAt);

/** A promise of the shared document as the plan shows it: who promised, and the step it belongs to (null: none). */
export type PlanPromise = ExpectationRecord & { side: PromiseSide; milestoneId: string | null };

/** Every readable promise of the document, soonest due first, with its side and step (issue 15.1). */
export function listPlanPromises(doc: Y.Doc): PlanPromise[] {
  return listExpectations(doc).map((e) => {
    const step = expectationsMap(doc).get(e.id)?.get('milestoneId');
    return { ...e, side: readPromiseSide(doc, e.id) ?? 'team', milestoneId: typeof step === 'string' && milestonesMap(doc).has(step) ? step : null };
  });
}
