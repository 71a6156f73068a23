import { z } from 'zod';
import { caseKinds, fieldSchemas, type CaseKind } from '@casehub/case-document';

/** What reaching a stage means: still open, or closed as won or lost (deals) or solved (support). */
export const stageOutcomes = ['open', 'won', 'lost', 'solved'] as const;
export type StageOutcome = (typeof stageOutcomes)[number];

/** The outcomes a kind's stages may have. */
export const outcomesOf: Record<CaseKind, readonly StageOutcome[]> = {
  deal: ['open', 'won', 'lost'],
  support: ['open', 'solved'],
};

export const outcomeNames: Record<StageOutcome, string> = { open: 'Open', won: 'Closed won', lost: 'Closed lost', solved: 'Solved' };

/** Most stages a pipeline holds: a board wider than this is no longer read at a glance. */
export const maxStages = 30;

const stageId = z.string().min(1).max(64);

export const pipelineStage = z.object({ id: stageId, name: fieldSchemas.stage, outcome: z.enum(stageOutcomes) });
export type PipelineStage = z.infer<typeof pipelineStage>;

/** One kind's stages, in board order. */
export const pipeline = z.object({ kind: z.enum(caseKinds), stages: z.array(pipelineStage) });
export type Pipeline = z.infer<typeof pipeline>;

/** `GET /api/settings/pipelines`: one pipeline per kind, deals first. */
export const pipelineList = z.object({ pipelines: z.array(pipeline) });
export type PipelineList = z.infer<typeof pipelineList>;

/**
 * `PUT /api/settings/pipelines/{kind}`: the kind's whole list, in order. A
 * stage that keeps its `id` under a new name is renamed (its cases follow);
 * a stage without an `id` is new; a stored stage whose `id` is missing is
 * deleted, and its cases move to `moves[id]`, the name of a stage in the new
 * list (needed only when cases are in it).
 */
export const pipelineInput = z
  .object({
    stages: z
      .array(z.object({ id: stageId.optional(), name: fieldSchemas.stage, outcome: z.enum(stageOutcomes) }))
      .min(1, 'needs at least one stage')
      .max(maxStages, `at most ${maxStages} stages`),
    moves: z.record(stageId, fieldSchemas.stage).default({}),
  })
  .superRefine((v, ctx) => {
    const names = new Set<string>();
    const ids = new Set<string>();
    v.stages.forEach((s, i) => {
      if (names.has(s.name)) ctx.addIssue({ code: 'custom', path: ['stages', i, 'name'], message: `"${s.name}" is listed twice` });
      names.add(s.name);
      if (s.id !== undefined && ids.has(s.id)) ctx.addIssue({ code: 'custom', path: ['stages', i, 'id'], message: 'is listed twice' });
      if (s.id !== undefined) ids.add(s.id);
    });
    if (!v.stages.some((s) => s.outcome === 'open'))
      ctx.addIssue({ code: 'custom', path: ['stages'], message: 'needs at least one open stage (new cases start in the first one)' });
    for (const [id, to] of Object.entries(v.moves)) {
      if (!names.has(to)) ctx.addIssue({ code: 'custom', path: ['moves', id], message: `"${to}" is not a stage of the new list` });
    }
  });
export type PipelineInput = z.input<typeof pipelineInput>;
export type PipelineChange = z.output<typeof pipelineInput>;

/** What a save did: the stored list, and how many cases changed stage (renamed or moved out of a deleted stage). */
export const pipelineSaved = pipeline.extend({ moved: z.number().int() });
export type PipelineSaved = z.infer<typeof pipelineSaved>;

/** Problems with the outcomes for this kind (a support stage cannot be won), in the contract's words. */
export function outcomeIssues(kind: CaseKind, stages: ReadonlyArray<{ name: string; outcome: StageOutcome }>): string[] {
  return stages.filter((s) => !outcomesOf[kind].includes(s.outcome)).map((s) => `"${s.name}": a ${kind} stage cannot be "${outcomeNames[s.outcome]}"`);
}

/** The stage a new case of this pipeline starts in: the first open one. */
export const firstOpenStage = (p: Pick<Pipeline, 'stages'>): string | undefined => p.stages.find((s) => s.outcome === 'open')?.name;

/** The names of the stages that close a case (won, lost or solved). */
export const closedStageNames = (p: Pick<Pipeline, 'stages'>): string[] => p.stages.filter((s) => s.outcome !== 'open').map((s) => s.name);
