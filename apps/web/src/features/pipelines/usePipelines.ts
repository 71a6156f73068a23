import { defaultStages, type CaseKind } from '@casehub/case-document';
import type { PipelineList, PipelineStage } from '@casehub/contract';
import { call } from '../../lib/api';
import { useApi } from '../../lib/useApi';

/** Each kind's stages (Settings → Pipelines), loaded once per page that asks. */
export function usePipelines() {
  return useApi('pipelines', (signal) => call('GET /api/settings/pipelines', { signal }));
}

/**
 * A kind's stage names in board order; until the pipelines are loaded (or if
 * they cannot be), the suggested ones, so a form is never left without any.
 */
export function stageNames(list: PipelineList | undefined, kind: CaseKind): string[] {
  const found = list?.pipelines.find((p) => p.kind === kind);
  return found ? found.stages.map((s) => s.name) : [...defaultStages[kind]];
}

export function stagesOf(list: PipelineList | undefined, kind: CaseKind): PipelineStage[] {
  return list?.pipelines.find((p) => p.kind === kind)?.stages ?? [];
}
