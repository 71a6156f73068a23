import { useId, useState } from 'react';
import type * as Y from 'yjs';
import { useTranslation } from 'react-i18next';
import { writeCustomValues, type CustomValue } from '@casehub/case-document';
import { customValueSchema, type CustomFieldDefinition, type WorkspaceMember } from '@casehub/contract';
import { LiveInput, type Parsed } from '../cases/LiveInput';
import { localFieldsOrigin } from '../cases/useCaseFields';
import { firstIssue } from '../cases/format';
import { i18n } from '../../i18n';

interface Props {
  doc: Y.Doc;
  defs: readonly CustomFieldDefinition[];
  values: Record<string, CustomValue>;
  members: WorkspaceMember[];
}

/**
 * The case's custom fields (issue 17.3) on its form, written live into the
 * document under their own keys with this person's origin (so their fields
 * undo covers them too). Each value is checked by the same schema the API uses.
 */
export function CustomFieldInputs({ doc, defs, values, members }: Props) {
  const { t } = useTranslation();
  if (defs.length === 0) return null;
  const write = (id: string, value: CustomValue | null): void => writeCustomValues(doc, { [id]: value }, localFieldsOrigin);
  return (
    <fieldset className="custom-fields" aria-label={t('Custom fields')}>
      <legend className="visually-hidden">{t('Custom fields')}</legend>
      {defs.map((def) => (
        <CustomFieldInput key={def.id} def={def} value={values[def.id]} members={members} write={(v) => write(def.id, v)} />
      ))}
    </fieldset>
  );
}

/**
 * The same inputs held by a form (the New case dialog, issue 17.3): values
 * live in the form's state until it is sent as `custom`. Emptying a field
 * clears it here, required or not: the form checks what is missing when it
 * is sent (`missingRequiredCustom`), and flags it from then on (`flagMissing`).
 */
export function CustomFieldFormInputs({
  defs,
  values,
  members,
  onChange,
  flagMissing,
}: {
  defs: readonly CustomFieldDefinition[];
  values: Readonly<Record<string, CustomValue>>;
  members: WorkspaceMember[];
  onChange: (id: string, value: CustomValue | null) => void;
  flagMissing: boolean;
}) {
  const { t } = useTranslation();
  if (defs.length === 0) return null;
  return (
    <fieldset className="custom-fields" aria-label={t('Custom fields')}>
      <legend className="visually-hidden">{t('Custom fields')}</legend>
      {defs.map((def) => (
        <CustomFieldInput
          key={def.id}
          def={def}
          value={values[def.id]}
          members={members}
          write={(v) => onChange(def.id, v)}
          clearable
          flagMissing={flagMissing}
        />
      ))}
    </fieldset>
  );
}

/** A form's custom values as `POST /api/cases` takes them: the kind's fields only, an unticked required checkbox as false. */
export function customForCreate(defs: readonly CustomFieldDefinition[], values: Readonly<Record<string, CustomValue>>): Record<string, CustomValue> {
  const out: Record<string, CustomValue> = {};
  for (const def of defs) {
    const value = values[def.id];
    if (value !== undefined) out[def.id] = value;
    else if (def.type === 'checkbox' && def.required) out[def.id] = false;
  }
  return out;
}

function labelOf(def: CustomFieldDefinition): string {
  return def.required ? i18n.t('{{label}} (required)', { label: def.label }) : def.label;
}

/**
 * One field's input, by type, writing through `write`. On a case a required
 * field cannot be emptied (the API refuses it); a form (`clearable`) lets it
 * be emptied and checks on sending. `flagMissing`: say when a required one is empty.
 */
function CustomFieldInput({
  def,
  value,
  members,
  write,
  clearable = false,
  flagMissing = true,
}: {
  def: CustomFieldDefinition;
  value: CustomValue | undefined;
  members: WorkspaceMember[];
  write: (value: CustomValue | null) => void;
  clearable?: boolean;
  flagMissing?: boolean;
}) {
  const { t } = useTranslation();
  const id = useId();
  // A money field's currency chosen before its amount: held until the amount comes (a value needs both).
  const [pendingCurrency, setPendingCurrency] = useState<string | null>(null);
  const schema = customValueSchema(def);
  const missing = flagMissing && def.required && value === undefined;
  /** Text-like inputs: empty clears (unless required on a case), anything else must pass the schema. */
  const parser =
    (toValue: (raw: string) => unknown, display: (v: CustomValue) => string) =>
    (raw: string): Parsed => {
      if (raw.trim() === '') {
        if (def.required && !clearable) return { ok: false, error: t('is required') };
        return { ok: true, display: '', commit: () => write(null) };
      }
      const parsed = schema.safeParse(toValue(raw));
      if (!parsed.success) return { ok: false, error: firstIssue(parsed.error) };
      const next = parsed.data;
      return { ok: true, display: display(next), commit: () => write(next) };
    };
  const hint = missing ? <p className="field__error">{t('Required: not filled in yet')}</p> : null;
  const required = def.required ? ({ 'aria-required': true } as const) : {};

  switch (def.type) {
    case 'text':
    case 'url':
      return (
        <div>
          <LiveInput
            label={labelOf(def)}
            {...required}
            type={def.type === 'url' ? 'url' : 'text'}
            value={typeof value === 'string' ? value : ''}
            parse={parser((r) => r, String)}
            maxLength={2000}
          />
          {hint}
        </div>
      );
    case 'number':
      return (
        <div>
          <LiveInput
            label={labelOf(def)}
            {...required}
            inputMode="decimal"
            value={typeof value === 'number' ? String(value) : ''}
            parse={parser((r) => Number(r.replace(/[\s,]/g, '')), String)}
          />
          {hint}
        </div>
      );
    case 'date':
      return (
        <div>
          <LiveInput label={labelOf(def)} {...required} type="date" value={typeof value === 'string' ? value : ''} parse={parser((r) => r, String)} />
          {hint}
        </div>
      );
    case 'money': {
      const money = value !== undefined && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
      const currency = money?.currency ?? pendingCurrency ?? 'USD';
      return (
        <div className="field-row">
          <LiveInput
            label={t('{{label}} ({{currency}})', { label: labelOf(def), currency })}
            {...required}
            inputMode="decimal"
            className="field--grow"
            value={money ? String(money.amount) : ''}
            parse={parser(
              (r) => ({ amount: Number(r.replace(/[\s,]/g, '')), currency }),
              (v) => (typeof v === 'object' && !Array.isArray(v) ? String(v.amount) : ''),
            )}
          />
          <LiveInput
            label={t('{{label}} currency', { label: def.label })}
            className="field--currency"
            maxLength={3}
            value={currency}
            parse={(raw) => {
              const parsed = schema.safeParse({ amount: money?.amount ?? 0, currency: raw });
              if (!parsed.success) return { ok: false, error: t('must be a three-letter currency code') };
              const next = parsed.data;
              return { ok: true, display: raw.trim().toUpperCase(), commit: () => (money ? write(next) : setPendingCurrency(raw.trim().toUpperCase())) };
            }}
          />
          {hint}
        </div>
      );
    }
    case 'select':
    case 'person': {
      const choices = def.type === 'select' ? def.options.map((o) => [o, o] as const) : members.map((m) => [m.userId, m.name] as const);
      const current = typeof value === 'string' ? value : '';
      const known = current === '' || choices.some(([v]) => v === current);
      return (
        <div className="field">
          <label htmlFor={id}>{labelOf(def)}</label>
          <select
            id={id}
            value={current}
            onChange={(e) => write(e.target.value === '' ? null : e.target.value)}
            aria-invalid={missing || undefined}
            {...required}
          >
            <option value="">{def.type === 'person' ? t('Nobody') : t('None')}</option>
            {choices.map(([v, name]) => (
              <option key={v} value={v}>
                {name}
              </option>
            ))}
            {known ? null : <option value={current}>{def.type === 'person' ? t('Unknown member') : current}</option>}
          </select>
          {hint}
        </div>
      );
    }
    case 'multiselect': {
      const chosen = Array.isArray(value) ? value : [];
      return (
        <fieldset className="field custom-fields">
          <legend>{labelOf(def)}</legend>
          <div className="custom-fields__choices">
            {def.options.map((o) => (
              <label key={o} className="check">
                <input
                  type="checkbox"
                  checked={chosen.includes(o)}
                  onChange={(e) => {
                    const next = def.options.filter((x) => (x === o ? e.target.checked : chosen.includes(x)));
                    write(next.length === 0 ? null : next);
                  }}
                />
                {o}
              </label>
            ))}
          </div>
          {hint}
        </fieldset>
      );
    }
    case 'checkbox':
      return (
        <label className="check">
          <input type="checkbox" checked={value === true} onChange={(e) => write(e.target.checked)} />
          {def.label}
        </label>
      );
  }
}
