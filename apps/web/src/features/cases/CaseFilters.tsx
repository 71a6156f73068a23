import { forwardRef, useId } from 'react';
import { caseKinds } from '@casehub/case-document';
import type { CustomFieldDefinition, CustomFieldList, PipelineList, WorkspaceMember } from '@casehub/contract';
import { stageNames } from '../pipelines/usePipelines';
import { capitalize, kindLabel } from './format';
import type { ListParams } from './listParams';
import { useTranslation } from 'react-i18next';

interface CaseFiltersProps {
  search: string;
  onSearch: (value: string) => void;
  params: ListParams;
  onChange: (patch: Partial<ListParams>) => void;
  members: WorkspaceMember[];
  /** The workspace's stages per kind (Settings → Pipelines); the suggested ones until they load. */
  pipelines?: PipelineList | undefined;
  /** [issue 17.3] The workspace's custom fields, to filter by one. */
  customFields?: CustomFieldList | undefined;
}

function stageOptions(params: ListParams, pipelines: PipelineList | undefined): string[] {
  const stages = params.kind ? stageNames(pipelines, params.kind) : [...new Set(caseKinds.flatMap((k) => stageNames(pipelines, k)))];
  if (params.stage && !stages.includes(params.stage)) stages.push(params.stage);
  return stages;
}

export const CaseFilters = forwardRef<HTMLInputElement, CaseFiltersProps>(function CaseFilters(
  { search, onSearch, params, onChange, members, pipelines, customFields },
  searchRef,
) {
  const { t } = useTranslation();
  const ids = { search: useId(), kind: useId(), stage: useId(), owner: useId(), cf: useId(), cfv: useId() };
  const defs = (customFields?.fields ?? []).filter((f) => !params.kind || f.kind === params.kind);
  const cfDef = defs.find((f) => f.id === params.cfField);
  return (
    <div className="filters" role="search">
      <div className="field field--search">
        <label htmlFor={ids.search} className="visually-hidden">
          {t('Search cases by title')}
        </label>
        <input
          ref={searchRef}
          id={ids.search}
          type="search"
          placeholder={t('Search cases…  ( / )')}
          value={search}
          onChange={(e) => onSearch(e.target.value)}
          aria-keyshortcuts="/ Control+K Meta+K"
        />
      </div>
      <div className="field field--inline">
        <label htmlFor={ids.kind}>{t('Kind')}</label>
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
          <option value="">{t('All kinds')}</option>
          {caseKinds.map((k) => (
            <option key={k} value={k}>
              {kindLabel(k)}
            </option>
          ))}
        </select>
      </div>
      <div className="field field--inline">
        <label htmlFor={ids.stage}>{t('Stage')}</label>
        <select id={ids.stage} value={params.stage} onChange={(e) => onChange({ stage: e.target.value })}>
          <option value="">{t('All stages')}</option>
          {stageOptions(params, pipelines).map((s) => (
            <option key={s} value={s}>
              {capitalize(s)}
            </option>
          ))}
        </select>
      </div>
      <div className="field field--inline">
        <label htmlFor={ids.owner}>{t('Owner')}</label>
        <select id={ids.owner} value={params.ownerId} onChange={(e) => onChange({ ownerId: e.target.value })}>
          <option value="">{t('Anyone')}</option>
          {members.map((m) => (
            <option key={m.userId} value={m.userId}>
              {m.name}
            </option>
          ))}
        </select>
      </div>
      {defs.length > 0 ? (
        <div className="field field--inline">
          <label htmlFor={ids.cf}>{t('Field')}</label>
          <select id={ids.cf} value={cfDef ? cfDef.id : ''} onChange={(e) => onChange({ cfField: e.target.value, cfValue: '' })}>
            <option value="">{t('Any field')}</option>
            {defs.map((f) => (
              <option key={f.id} value={f.id}>
                {params.kind ? f.label : `${f.label} (${kindLabel(f.kind)})`}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {cfDef ? <CustomFilterValue id={ids.cfv} def={cfDef} value={params.cfValue} members={members} onChange={(cfValue) => onChange({ cfValue })} /> : null}
    </div>
  );
});

/** The value looked for in a custom field: a choice for selects, people and checkboxes, else typed. */
function CustomFilterValue({
  id,
  def,
  value,
  members,
  onChange,
}: {
  id: string;
  def: CustomFieldDefinition;
  value: string;
  members: WorkspaceMember[];
  onChange: (value: string) => void;
}) {
  const { t } = useTranslation();
  const label = <label htmlFor={id}>{t('{{field}} is', { field: def.label })}</label>;
  const choices =
    def.type === 'select' || def.type === 'multiselect'
      ? def.options.map((o) => [o, o] as const)
      : def.type === 'person'
        ? members.map((m) => [m.userId, m.name] as const)
        : def.type === 'checkbox'
          ? ([
              ['true', t('Checked')],
              ['false', t('Not checked')],
            ] as const)
          : null;
  if (choices)
    return (
      <div className="field field--inline">
        {label}
        <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">{t('Anything')}</option>
          {choices.map(([v, name]) => (
            <option key={v} value={v}>
              {name}
            </option>
          ))}
        </select>
      </div>
    );
  return (
    <div className="field field--inline">
      {label}
      <input
        id={id}
        // Filters apply as the URL changes; a typed value is applied on Enter or when leaving the box.
        defaultValue={value}
        key={value}
        type={def.type === 'date' ? 'date' : def.type === 'number' || def.type === 'money' ? 'number' : 'text'}
        placeholder={def.type === 'text' || def.type === 'url' ? t('contains…') : undefined}
        onBlur={(e) => onChange(e.target.value.trim())}
        onKeyDown={(e) => {
          if (e.key === 'Enter') onChange(e.currentTarget.value.trim());
        }}
      />
    </div>
  );
}
