import type * as Y from 'yjs';
import { expectationsMap, planFragment } from './document.js';
import { addExpectation, listExpectations, readPromiseSide, setPromiseSide, type PromiseSide } from './expectations.js';
import { addMilestone, listMilestones, setPromiseMilestone } from './milestones.js';
import { planBlocksFromMarkdown, planMarkdown } from './plan-markdown.js';

/** A milestone with dates already worked out, and ids chosen by the caller. */
export type OutlineMilestone = {
  id: string;
  title: string;
  /** `YYYY-MM-DD`, or null. */
  dueAt: string | null;
  promises: Array<{ id: string; side: PromiseSide; text: string; dueAt: string; ownerId: string | null }>;
};

/**
 * Adds a plan to the shared document in one transaction (issue 15.3: a
 * template applied): its text after the plan's (headings, lists and
 * paragraphs written as in `plan-markdown.ts`; nothing when empty), its milestones after the existing ones, and under
 * each its promises of both sides, open, naming their milestone.
 */
export function appendPlanOutline(doc: Y.Doc, outline: { planText: string; milestones: OutlineMilestone[] }): void {
  doc.transact(() => {
    const blocks = planBlocksFromMarkdown(outline.planText);
    if (blocks.length > 0) planFragment(doc).push(blocks);
    for (const m of outline.milestones) {
      addMilestone(doc, m.id, { title: m.title, dueAt: m.dueAt });
      for (const p of m.promises) {
        addExpectation(doc, p.id, { text: p.text, ownerId: p.ownerId, promisedTo: '', dueAt: p.dueAt, status: 'open' });
        setPromiseSide(doc, p.id, p.side);
        setPromiseMilestone(doc, p.id, m.id);
      }
    }
  });
}

/** The mutual plan as it stands, for saving it as a template: its text, its milestones in order, and each one's promises. */
export function readPlanOutline(doc: Y.Doc): {
  planText: string;
  milestones: Array<{ title: string; dueAt: string | null; promises: Array<{ side: PromiseSide; text: string; dueAt: string }> }>;
} {
  const byStep = new Map<string, Array<{ side: PromiseSide; text: string; dueAt: string }>>();
  for (const e of listExpectations(doc)) {
    const step = expectationsMap(doc).get(e.id)?.get('milestoneId');
    if (typeof step !== 'string') continue;
    const list = byStep.get(step) ?? [];
    list.push({ side: readPromiseSide(doc, e.id) ?? 'team', text: e.text, dueAt: e.dueAt });
    byStep.set(step, list);
  }
  return {
    planText: planMarkdown(planFragment(doc)),
    milestones: listMilestones(doc).map((m) => ({ title: m.title, dueAt: m.dueAt, promises: byStep.get(m.id) ?? [] })),
  };
}
