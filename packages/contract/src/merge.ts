import { z } from 'zod';

const caseRef = z.string().trim().min(1).max(64);
const title = z.string().trim().min(1, 'title: give the new case a title').max(200);

/** `POST /api/cases/{id}/merge`: the case this one (the duplicate) merges into. */
export const mergeCaseInput = z.object({ into: caseRef }).strict();
export type MergeCaseInput = z.infer<typeof mergeCaseInput>;

/** How many things moved, by what they are. */
export const movedCounts = z.object({
  entries: z.number().int(),
  promises: z.number().int(),
  milestones: z.number().int(),
  emails: z.number().int(),
  files: z.number().int(),
  people: z.number().int(),
});
export type MovedCounts = z.infer<typeof movedCounts>;

export const mergeResult = z.object({
  mergeId: z.string(),
  from: z.string(),
  into: z.string(),
  moved: movedCounts,
  /** Until when `POST /api/cases/{from}/merge/undo` moves things back. */
  undoUntil: z.string(),
});
export type MergeResult = z.infer<typeof mergeResult>;

export const mergeUndoResult = z.object({ from: z.string(), into: z.string(), restored: movedCounts });
export type MergeUndoResult = z.infer<typeof mergeUndoResult>;

/**
 * `POST /api/cases/{id}/split`: an email thread of the case, or stream
 * entries of it, into a new case with this title (one of the two, not both).
 */
export const splitCaseInput = z
  .object({
    title,
    threadId: z.string().trim().min(1).max(64).optional(),
    activityIds: z.array(z.string().trim().min(1).max(64)).min(1).max(500).optional(),
  })
  .strict()
  .refine((v) => (v.threadId === undefined) !== (v.activityIds === undefined), { message: 'give threadId or activityIds (one of them)' });
export type SplitCaseInput = z.infer<typeof splitCaseInput>;

export const splitResult = z.object({ caseId: z.string(), moved: movedCounts });
export type SplitResult = z.infer<typeof splitResult>;

/** A merge into this case that may still be undone (the case page offers Undo). */
export const mergedFrom = z.object({ caseId: z.string(), title: z.string(), at: z.string(), undoUntil: z.string() });
export type MergedFrom = z.infer<typeof mergedFrom>;
