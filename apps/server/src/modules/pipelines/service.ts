import { caseKinds, type CaseKind } from '@casehub/case-document';
import { outcomeIssues, pipelineStage, type PipelineChange, type PipelineList, type PipelineSaved, type PipelineStage } from '@casehub/contract';
import { z } from 'zod';
import { AppError, notFound } from '../../errors.js';
import { newId } from '../../lib/ids.js';
import type { Db } from '../../storage/db.js';
import { canInWorkspace, type Actor } from '../access/policy.js';
import { insertAudit } from '../auth/repo.js';
import { pipelineOnUpgrade, withStages } from './mapping.js';
import * as repo from './repo.js';

export type Pipelines = Record<CaseKind, PipelineStage[]>;
export type PipelinesService = ReturnType<typeof createPipelinesService>;

/** Moves one case from a stage to another through its document, if it is still there; whether it moved. */
export type MoveStage = (caseId: string, from: string, to: string) => Promise<boolean>;

const storedKind = z.array(pipelineStage).min(1);

/** What is stored, kind by kind: a kind that is absent or unreadable is mapped again from the stages in use. */
export function parseStored(value: unknown): Partial<Pipelines> {
  const out: Partial<Pipelines> = {};
  const byKind = z.record(z.string(), z.unknown()).safeParse(value);
  if (!byKind.success) return out;
  for (const kind of caseKinds) {
    const parsed = storedKind.safeParse(byKind.data[kind]);
    if (parsed.success) out[kind] = parsed.data;
  }
  return out;
}

const complete = (p: Partial<Pipelines>): p is Pipelines => caseKinds.every((k) => p[k] !== undefined);

/**
 * The workspace's pipelines. The first read after the upgrade (or in a new
 * workspace) maps each kind from the stages its cases are in and stores the
 * result, under the settings row's lock so two first readers agree.
 */
export async function readPipelines(db: Db, workspaceId: string): Promise<Pipelines> {
  const found = parseStored(await repo.readStoredPipelines(db, workspaceId));
  if (complete(found)) return found;
  return db.transaction(async (tx) => {
    const locked = parseStored(await repo.lockStoredPipelines(tx, workspaceId));
    if (complete(locked)) return locked;
    const out = { ...locked } as Pipelines;
    for (const kind of caseKinds) out[kind] = locked[kind] ?? pipelineOnUpgrade(kind, await repo.stagesInUse(tx, workspaceId, kind), newId);
    await repo.storePipelines(tx, workspaceId, out);
    return out;
  });
}

/**
 * A stage written to a case over the API (or a CSV import) that its kind's
 * pipeline lacks joins the pipeline as an open stage, so the case keeps its
 * value and the board has a column for it.
 */
export async function ensureStage(db: Db, workspaceId: string, kind: CaseKind, stage: string): Promise<void> {
  if ((await readPipelines(db, workspaceId))[kind].some((s) => s.name === stage)) return;
  await db.transaction(async (tx) => {
    const locked = parseStored(await repo.lockStoredPipelines(tx, workspaceId));
    const current = locked[kind];
    if (!current || current.some((s) => s.name === stage)) return;
    await repo.storePipelines(tx, workspaceId, { ...locked, [kind]: withStages(current, [stage], newId) });
  });
}

/** How many cases move at once after a rename or delete (each is a document change). */
const moveConcurrency = 4;

/**
 * Settings → Pipelines (issue 17.2): members read each kind's stages,
 * owners and admins change them. A rename or a delete moves the cases in
 * that stage through their documents (live for everyone on the case).
 */
export function createPipelinesService({ db, moveStage }: { db: Db; moveStage: MoveStage }) {
  return {
    async list(actor: Actor): Promise<PipelineList> {
      if (!canInWorkspace(actor, 'pipelines.read')) throw notFound();
      const p = await readPipelines(db, actor.workspaceId);
      return { pipelines: caseKinds.map((kind) => ({ kind, stages: p[kind] })) };
    },

    async set(actor: Actor, kindName: string, input: PipelineChange): Promise<PipelineSaved> {
      if (!canInWorkspace(actor, 'pipelines.read')) throw notFound();
      const kind = caseKinds.find((k) => k === kindName);
      if (!kind) throw notFound(`No such kind of case: use ${caseKinds.join(' or ')}`);
      if (!canInWorkspace(actor, 'pipelines.manage')) throw new AppError('forbidden', 'Only owners and admins change pipelines');
      const issues = outcomeIssues(kind, input.stages);
      if (issues.length > 0) throw new AppError('validation_failed', issues.join('; '));
      await readPipelines(db, actor.workspaceId);

      const { stages, moves } = await db.transaction(async (tx) => {
        const locked = parseStored(await repo.lockStoredPipelines(tx, actor.workspaceId));
        const current = locked[kind] ?? [];
        const byId = new Map(current.map((s) => [s.id, s]));
        const unknown = input.stages.find((s) => s.id !== undefined && !byId.has(s.id));
        if (unknown)
          throw new AppError('conflict', `The stage "${unknown.name}" is no longer in the pipeline (someone changed it meanwhile): reload and try again`);
        const next: PipelineStage[] = input.stages.map((s) => ({ id: s.id ?? newId(), name: s.name, outcome: s.outcome }));
        const names = new Set(next.map((s) => s.name));
        /** Old stage name → where its cases go. */
        const moves = new Map<string, string>();
        for (const s of next) {
          const before = byId.get(s.id);
          if (before && before.name !== s.name) moves.set(before.name, s.name);
        }
        const kept = new Set(next.map((s) => s.id));
        const removed = current.filter((s) => !kept.has(s.id) && !names.has(s.name));
        const counts = await repo.countCasesInStages(
          tx,
          actor.workspaceId,
          kind,
          removed.map((s) => s.name),
        );
        for (const s of removed) {
          const to = input.moves[s.id];
          const n = counts.get(s.name) ?? 0;
          if (to !== undefined) moves.set(s.name, to);
          else if (n > 0) throw new AppError('validation_failed', `"${s.name}" has ${n} case${n === 1 ? '' : 's'}: choose the stage they move to (moves)`);
        }
        await repo.storePipelines(tx, actor.workspaceId, { ...locked, [kind]: next });
        await insertAudit(tx, {
          workspaceId: actor.workspaceId,
          actorId: actor.userId,
          action: 'settings.pipelines',
          subjectId: actor.workspaceId,
          data: { kind, stages: next.map((s) => `${s.name} (${s.outcome})`), moves: Object.fromEntries(moves) },
        });
        return { stages: next, moves };
      });

      // After the commit: every case still in a renamed or deleted stage, each once, from the stage it was in.
      const todo = await repo.listCasesInStages(db, actor.workspaceId, kind, [...moves.keys()]);
      let moved = 0;
      for (let i = 0; i < todo.length; i += moveConcurrency) {
        const done = await Promise.all(
          todo.slice(i, i + moveConcurrency).map(async (c) => {
            const to = moves.get(c.stage);
            return to !== undefined && to !== c.stage && (await moveStage(c.id, c.stage, to));
          }),
        );
        moved += done.filter(Boolean).length;
      }
      return { kind, stages, moved };
    },
  };
}
