import { useId, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type * as Y from 'yjs';
import { caseKinds, fieldSchemas, priorities, writeFields, type CaseFields, type CaseFieldsPatch } from '@casehub/case-document';
import { firstOpenStage, type WorkspaceMember } from '@casehub/contract';
import { LiveInput, type Parsed } from './LiveInput';
import { firstIssue, kindLabel, priorityLabel } from './format';
import { localFieldsOrigin, useFieldsUndo } from './useCaseFields';
import { stageNames, stagesOf, usePipelines } from '../pipelines/usePipelines';
import { CustomFieldInputs } from '../custom-fields/CustomFieldInputs';
import { fieldsOfKind, useCustomFields, useCustomValues } from '../custom-fields/useCustomFields';

interface CaseFieldsFormProps {
  doc: Y.Doc;
  fields: Partial<CaseFields>;
  members: WorkspaceMember[];
  readOnly: boolean;
}

export function CaseFieldsForm({ doc, fields, members, readOnly }: CaseFieldsFormProps) {
  const { t } = useTranslation();
  const ids = { kind: useId(), priority: useId(), owner: useId(), stage: useId() };
  // Written with this person's origin, so their undo takes back only their own changes.
  const write = (patch: CaseFieldsPatch): void => writeFields(doc, patch, localFieldsOrigin);
  const history = useFieldsUndo(doc);
  const pipelines = usePipelines().data;
  const customFields = useCustomFields().data;
  const customValues = useCustomValues(doc);
  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>): void => {
    if (readOnly || !(e.ctrlKey || e.metaKey) || e.altKey) return;
    const key = e.key.toLowerCase();
    // Inputs write on every keystroke, so the document's undo is the input's undo too.
    if (key === 'z' && !e.shiftKey) history.undo();
    else if ((key === 'z' && e.shiftKey) || key === 'y') history.redo();
    else return;
    e.preventDefault();
  };

  /** A text field whose schema both validates and normalizes (trim, upper-case). */
  const textParser =
    <K extends 'title' | 'account' | 'currency'>(name: K) =>
    (raw: string): Parsed => {
      const parsed = fieldSchemas[name].safeParse(raw);
      if (!parsed.success) return { ok: false, error: firstIssue(parsed.error) };
      const value = parsed.data;
      return { ok: true, display: value, commit: () => write({ [name]: value }) };
    };

  const parseValue = (raw: string): Parsed => {
    const trimmed = raw.trim().replace(/[\s,]/g, '');
    const number = trimmed === '' ? null : Number(trimmed);
    if (number !== null && Number.isNaN(number)) return { ok: false, error: t('must be a number') };
    const parsed = fieldSchemas.value.safeParse(number);
    if (!parsed.success) return { ok: false, error: firstIssue(parsed.error) };
    const value = parsed.data;
    return { ok: true, display: value === null ? '' : String(value), commit: () => write({ value }) };
  };

  const parseCloseDate = (raw: string): Parsed => {
    const parsed = fieldSchemas.closeDate.safeParse(raw === '' ? null : raw);
    if (!parsed.success) return { ok: false, error: firstIssue(parsed.error) };
    const closeDate = parsed.data;
    return { ok: true, display: closeDate ?? '', commit: () => write({ closeDate }) };
  };

  const kind = fields.kind ?? 'deal';
  const stage = fields.stage ?? '';
  const stages = stageNames(pipelines, kind);
  const ownerKnown = (fields.ownerId ?? null) === null || members.some((m) => m.userId === fields.ownerId);

  return (
    <form className="case-fields" aria-label={t('Case fields')} onSubmit={(e) => e.preventDefault()} onKeyDown={onKeyDown}>
      <fieldset disabled={readOnly} className="case-fields__set">
        <legend className="visually-hidden">{t('Case fields')}</legend>
        <LiveInput label={t('Title')} value={fields.title ?? ''} parse={textParser('title')} maxLength={200} />

        <div className="field-row">
          <div className="field">
            <label htmlFor={ids.kind}>{t('Kind')}</label>
            <select
              id={ids.kind}
              value={kind}
              onChange={(e) => {
                const next = caseKinds.find((k) => k === e.target.value);
                if (!next) return;
                // Keep a stage the new kind's pipeline has too (or one of no pipeline); else the new kind's first stage.
                const stage = fields.stage;
                const keep = stage !== undefined && (stageNames(pipelines, next).includes(stage) || !stageNames(pipelines, kind).includes(stage));
                write(
                  keep
                    ? { kind: next }
                    : { kind: next, stage: firstOpenStage({ stages: stagesOf(pipelines, next) }) ?? stageNames(pipelines, next)[0] ?? 'new' },
                );
              }}
            >
              {caseKinds.map((k) => (
                <option key={k} value={k}>
                  {kindLabel(k)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.priority}>{t('Priority')}</label>
            <select
              id={ids.priority}
              value={fields.priority ?? 'normal'}
              onChange={(e) => {
                const priority = priorities.find((p) => p === e.target.value);
                if (priority) write({ priority });
              }}
            >
              {priorities.map((p) => (
                <option key={p} value={p}>
                  {priorityLabel(p)}
                </option>
              ))}
            </select>
          </div>
        </div>

        <div className="field">
          <label htmlFor={ids.stage}>{t('Stage')}</label>
          {/* The kind's pipeline (Settings → Pipelines); a stage it lacks (an import, an older case) stays, said so. */}
          <select id={ids.stage} value={stage} disabled={pipelines === undefined} onChange={(e) => write({ stage: e.target.value })}>
            {stage !== '' && !stages.includes(stage) ? <option value={stage}>{t('{{stage}} (not in the pipeline)', { stage })}</option> : null}
            {stages.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>

        <div className="field">
          <label htmlFor={ids.owner}>{t('Owner')}</label>
          <select id={ids.owner} value={fields.ownerId ?? ''} onChange={(e) => write({ ownerId: e.target.value === '' ? null : e.target.value })}>
            <option value="">{t('Unassigned')}</option>
            {members.map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.name}
              </option>
            ))}
            {!ownerKnown && fields.ownerId ? <option value={fields.ownerId}>{t('Unknown member')}</option> : null}
          </select>
        </div>

        <LiveInput label={t('Account')} value={fields.account ?? ''} parse={textParser('account')} maxLength={200} />

        <div className="field-row">
          <LiveInput
            label={t('Value')}
            inputMode="decimal"
            value={(fields.value ?? null) === null ? '' : String(fields.value)}
            parse={parseValue}
            className="field--grow"
          />
          <LiveInput
            label={t('Currency')}
            value={fields.currency ?? ''}
            parse={textParser('currency')}
            maxLength={3}
            className="field--currency"
            autoCapitalize="characters"
          />
        </div>

        <LiveInput label={t('Close date')} type="date" value={fields.closeDate ?? ''} parse={parseCloseDate} />

        <CustomFieldInputs doc={doc} defs={fieldsOfKind(customFields, kind)} values={customValues} members={members} />

        <div className="fields-undo">
          <button
            type="button"
            className="button button--small"
            onClick={history.undo}
            disabled={!history.canUndo}
            aria-label={t('Undo field change')}
            title={t('Undo your last field change (Ctrl+Z)')}
          >
            {t('Undo')}
          </button>
          <button
            type="button"
            className="button button--small"
            onClick={history.redo}
            disabled={!history.canRedo}
            aria-label={t('Redo field change')}
            title={t('Redo (Ctrl+Shift+Z)')}
          >
            {t('Redo')}
          </button>
        </div>
      </fieldset>
    </form>
  );
}
