import { forwardRef, useId } from 'react';
import { caseKinds } from '@casehub/case-document';
import type { PipelineList, WorkspaceMember } from '@casehub/contract';
import { stageNames } from '../pipelines/usePipelines';
import { capitalize } from './format';
import type { ListParams } from './listParams';

interface CaseFiltersProps {
  search: string;
  onSearch: (value: string) => void;
  params: ListParams;
  onChange: (patch: Partial<ListParams>) => void;
  members: WorkspaceMember[];
  /** The workspace's stages per kind (Settings → Pipelines); the suggested ones until they load. */
  pipelines?: PipelineList | undefined;
}

function stageOptions(params: ListParams, pipelines: PipelineList | undefined): string[] {
  const stages = params.kind ? stageNames(pipelines, params.kind) : [...new Set(caseKinds.flatMap((k) => stageNames(pipelines, k)))];
  if (params.stage && !stages.includes(params.stage)) stages.push(params.stage);
  return stages;
}

export const CaseFilters = forwardRef<HTMLInputElement, CaseFiltersProps>(function CaseFilters(
  { search, onSearch, params, onChange, members, pipelines },
  searchRef,
) {
  const ids = { search: useId(), kind: useId(), stage: useId(), owner: useId() };
  return (
    <div className="filters" role="search">
      <div className="field field--search">
        <label htmlFor={ids.search} className="visually-hidden">
          Search cases by title
        </label>
        <input
          ref={searchRef}
          id={ids.search}
          type="search"
          placeholder="Search cases…  ( / )"
          value={search}
          onChange={(e) => onSearch(e.target.value)}
          aria-keyshortcuts="/ Control+K Meta+K"
        />
      </div>
      <div className="field field--inline">
        <label htmlFor={ids.kind}>Kind</label>
        <select
          id={ids.kind}
          value={params.kind ?? ''}
          onChange={(e) => {
            const kind = caseKinds.find((k) => k === e.target.value);
            // A stage from the other kind's list would hide everything; drop it.
            const keepStage = kind && params.stage ? stageNames(pipelines, kind).includes(params.stage) : true;
            onChange({ kind, ...(keepStage ? {} : { stage: '' }) });
          }}
        >
          <option value="">All kinds</option>
          {caseKinds.map((k) => (
            <option key={k} value={k}>
              {capitalize(k)}
            </option>
          ))}
        </select>
      </div>
      <div className="field field--inline">
        <label htmlFor={ids.stage}>Stage</label>
        <select id={ids.stage} value={params.stage} onChange={(e) => onChange({ stage: e.target.value })}>
          <option value="">All stages</option>
          {stageOptions(params, pipelines).map((s) => (
            <option key={s} value={s}>
              {capitalize(s)}
            </option>
          ))}
        </select>
      </div>
      <div className="field field--inline">
        <label htmlFor={ids.owner}>Owner</label>
        <select id={ids.owner} value={params.ownerId} onChange={(e) => onChange({ ownerId: e.target.value })}>
          <option value="">Anyone</option>
          {members.map((m) => (
            <option key={m.userId} value={m.userId}>
              {m.name}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
});
