import { defaultStages, type CaseKind } from '@casehub/case-document';
import type { PipelineStage, StageOutcome } from '@casehub/contract';

/** What the suggested stages of the free-text days meant (docs: `closedStages` counted them as closed). */
const upgradeOutcome: Record<CaseKind, Record<string, StageOutcome>> = {
  deal: { won: 'won', lost: 'lost' },
  support: { solved: 'solved', closed: 'solved' },
};

/**
 * A kind's pipeline when the workspace has none stored yet (an upgrade from
 * free-text stages, or a new workspace): the suggested stages with their
 * meaning, then every stage its cases use that is not among them, as an open
 * stage placed before the closing ones, so no case loses its value. `inUse`
 * lists each stage a case of this kind has, most used first; names are kept
 * exactly as the cases have them.
 */
export function pipelineOnUpgrade(kind: CaseKind, inUse: readonly string[], newId: () => string): PipelineStage[] {
  const stages: PipelineStage[] = defaultStages[kind].map((name) => ({ id: newId(), name, outcome: upgradeOutcome[kind][name] ?? 'open' }));
  return withStages(stages, inUse, newId);
}

/**
 * `stages` with each name of `extra` that it lacks added as an open stage,
 * after the last open stage (before won, lost or solved). Past the most a
 * save accepts (`maxStages`) the rest still go in: a value in use is never
 * dropped, and the next save asks the owner to tidy up.
 */
export function withStages(stages: readonly PipelineStage[], extra: readonly string[], newId: () => string): PipelineStage[] {
  const out = [...stages];
  const have = new Set(out.map((s) => s.name));
  for (const raw of extra) {
    const name = raw.trim();
    if (name === '' || have.has(name)) continue;
    have.add(name);
    const lastOpen = out.map((s) => s.outcome).lastIndexOf('open');
    out.splice(lastOpen + 1, 0, { id: newId(), name, outcome: 'open' });
  }
  return out;
}
