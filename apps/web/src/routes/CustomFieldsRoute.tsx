import { useId, useState, type FormEvent } from 'react';
import { caseKinds, type CaseKind } from '@casehub/case-document';
import { customFieldTypes, customFieldsInput, maxCustomFields, optionTypes, type CustomFieldDefinition, type CustomFieldType } from '@casehub/contract';
import { Async } from '../components/Async';
import { FormError } from '../components/FormError';
import { GuestsNotHere } from '../components/GuestsNotHere';
import { call } from '../lib/api';
import { useSubmit } from '../lib/useSubmit';
import { useMe } from '../features/auth/session';
import { fieldsOfKind, useCustomFields } from '../features/custom-fields/useCustomFields';
import { Trans, useTranslation } from 'react-i18next';
import { msg } from '../i18n';

const typeNames: Record<CustomFieldType, string> = {
  text: msg('Text'),
  number: msg('Number'),
  money: msg('Money'),
  date: msg('Date'),
  select: msg('Single select'),
  multiselect: msg('Multi select'),
  person: msg('Person'),
  url: msg('URL'),
  checkbox: msg('Checkbox'),
};

/** Each kind's texts as whole sentences, so a translator sees the sentence rather than a kind name spliced in. */
const kindTexts: Record<CaseKind, { title: string; legend: string; none: string; add: string; save: string }> = {
  deal: {
    title: msg('Deals'),
    legend: msg('Deals custom fields'),
    none: msg('No custom fields for deals yet.'),
    add: msg('Add a deal field'),
    save: msg('Save deals fields'),
  },
  support: {
    title: msg('Support'),
    legend: msg('Support custom fields'),
    none: msg('No custom fields for support yet.'),
    add: msg('Add a support field'),
    save: msg('Save support fields'),
  },
};

/** A row of the form: `key` is the row's own (a field not saved yet has no id); options are edited as one comma-separated line. */
type Row = { key: string; id?: string; label: string; type: CustomFieldType; required: boolean; shared: boolean; options: string };

let rowKeys = 0;
const toRow = (f: CustomFieldDefinition): Row => ({
  key: f.id,
  id: f.id,
  label: f.label,
  type: f.type,
  required: f.required,
  shared: f.shared,
  options: f.options.join(', '),
});
const splitOptions = (line: string): string[] =>
  line
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o !== '');

/**
 * `/settings/custom-fields` (members read, owners and admins change): each
 * kind's own fields, shown on the case form, as list columns and filters, on
 * board cards, in CSV and in the API. Shared fields are seen by the case's guests.
 */
export function CustomFieldsRoute() {
  const { t } = useTranslation();
  const me = useMe();
  const fields = useCustomFields({ enabled: me.role !== 'guest' });
  if (me.role === 'guest') return <GuestsNotHere title={t('Custom fields')} />;
  const editable = me.role === 'owner' || me.role === 'admin';
  return (
    <main className="page stack">
      <div className="page__header">
        <h1>{t('Custom fields')}</h1>
      </div>
      <p className="muted">
        {t(
          "Fields of your own for each kind of case. They appear on the case form (edited live, like the built-in ones), as columns and filters in the case list, on board cards, in CSV import and export and in the API. A shared field is also seen by the case's guests; the others stay with the team.",
        )}
      </p>
      <Async value={fields} what={t('the custom fields')}>
        {(list) => (
          <>
            {editable ? null : (
              <p className="notice" role="note">
                {t('Only owners and admins define custom fields.')}
              </p>
            )}
            {caseKinds.map((kind) => (
              <FieldsForm key={`${kind} ${JSON.stringify(fieldsOfKind(list, kind))}`} kind={kind} initial={fieldsOfKind(list, kind)} editable={editable} />
            ))}
          </>
        )}
      </Async>
    </main>
  );
}

function FieldsForm({ kind, initial, editable }: { kind: CaseKind; initial: CustomFieldDefinition[]; editable: boolean }) {
  const { t } = useTranslation();
  const [rows, setRows] = useState<Row[]>(() => initial.map(toRow));
  const [saved, setSaved] = useState(false);
  const ids = { title: useId() };
  const texts = kindTexts[kind];
  const edit = (change: (rows: Row[]) => Row[]): void => {
    setSaved(false);
    setRows(change);
  };
  const saving = useSubmit(async (body: { fields: Array<Omit<Row, 'key' | 'options'> & { options: string[] }> }) => {
    const answer = await call('PUT /api/settings/custom-fields/{kind}', { params: { kind }, body });
    setRows(answer.fields.map(toRow));
    setSaved(true);
  });
  const move = (from: number, to: number): void =>
    edit((rs) => {
      if (to < 0 || to >= rs.length) return rs;
      const next = [...rs];
      const [row] = next.splice(from, 1);
      if (row) next.splice(to, 0, row);
      return next;
    });

  function save(e: FormEvent) {
    e.preventDefault();
    const fields = rows.map(({ key: _key, id, options, ...r }) => ({
      ...(id ? { id } : {}),
      ...r,
      label: r.label.trim(),
      options: optionTypes.includes(r.type) ? splitOptions(options) : [],
    }));
    const parsed = customFieldsInput.safeParse({ fields });
    if (!parsed.success)
      return saving.fail(
        parsed.error.issues
          .map((i) => {
            const [, index] = i.path;
            return typeof index === 'number' ? t('Field {{n}}: {{message}}', { n: index + 1, message: i.message }) : i.message;
          })
          .join('. '),
      );
    void saving.run({ fields });
  }

  return (
    <form className="page-section stack" onSubmit={save} noValidate aria-labelledby={ids.title}>
      <h2 id={ids.title}>{t(texts.title)}</h2>
      <fieldset className="stack" disabled={!editable || saving.busy}>
        <legend className="visually-hidden">{t(texts.legend)}</legend>
        {rows.length === 0 ? <p className="muted">{t(texts.none)}</p> : null}
        <ol className="custom-field-defs" aria-label={t('{{kind}} custom fields, in form order', { kind: t(texts.title) })}>
          {rows.map((row, i) => {
            const name = row.label.trim() || t('field {{n}}', { n: i + 1 });
            const change = (c: Partial<Row>): void => edit((rs) => rs.map((r) => (r === row ? { ...r, ...c } : r)));
            return (
              <li key={row.key} className="custom-field-def" data-field={row.label}>
                <label className="field">
                  <span>{t('Label')}</span>
                  <input
                    value={row.label}
                    maxLength={60}
                    onChange={(e) => change({ label: e.target.value })}
                    aria-label={t('Label of field {{i}}', { i: i + 1 })}
                  />
                </label>
                <label className="field">
                  <span>{t('Type')}</span>
                  <select
                    value={row.type}
                    // A saved field keeps its type: its values would not fit another.
                    disabled={row.id !== undefined}
                    title={row.id !== undefined ? t('A saved field keeps its type; add a new field for another type') : undefined}
                    onChange={(e) => change({ type: customFieldTypes.find((type) => type === e.target.value) ?? 'text' })}
                    aria-label={t('Type of {{name}}', { name })}
                  >
                    {customFieldTypes.map((type) => (
                      <option key={type} value={type}>
                        {t(typeNames[type])}
                      </option>
                    ))}
                  </select>
                </label>
                {optionTypes.includes(row.type) ? (
                  <label className="field custom-field-def__options">
                    <span>{t('Options (comma-separated)')}</span>
                    <input value={row.options} onChange={(e) => change({ options: e.target.value })} aria-label={t('Options of {{name}}', { name })} />
                  </label>
                ) : null}
                <label className="check">
                  <input type="checkbox" checked={row.required} onChange={(e) => change({ required: e.target.checked })} />{' '}
                  <Trans i18nKey="Required<hidden> ({{name}})</hidden>" values={{ name }} components={{ hidden: <span className="visually-hidden" /> }} />
                </label>
                <label className="check">
                  <input type="checkbox" checked={row.shared} onChange={(e) => change({ shared: e.target.checked })} />{' '}
                  <Trans
                    i18nKey="Shared with guests<hidden> ({{name}})</hidden>"
                    values={{ name }}
                    components={{ hidden: <span className="visually-hidden" /> }}
                  />
                </label>
                {editable ? (
                  <span className="custom-field-def__actions">
                    <button
                      type="button"
                      className="button button--small"
                      disabled={i === 0}
                      onClick={() => move(i, i - 1)}
                      aria-label={t('Move {{name}} up', { name })}
                    >
                      ↑
                    </button>
                    <button
                      type="button"
                      className="button button--small"
                      disabled={i === rows.length - 1}
                      onClick={() => move(i, i + 1)}
                      aria-label={t('Move {{name}} down', { name })}
                    >
                      ↓
                    </button>
                    <button
                      type="button"
                      className="button button--small"
                      onClick={() => edit((rs) => rs.filter((r) => r !== row))}
                      aria-label={t('Delete {{name}}', { name })}
                    >
                      {t('Delete')}
                    </button>
                  </span>
                ) : null}
              </li>
            );
          })}
        </ol>
        {editable ? (
          <div>
            <button
              type="button"
              className="button button--small"
              disabled={rows.length >= maxCustomFields}
              onClick={() => edit((rs) => [...rs, { key: `new-${++rowKeys}`, label: '', type: 'text', required: false, shared: false, options: '' }])}
            >
              {t(texts.add)}
            </button>
          </div>
        ) : null}
      </fieldset>
      <FormError message={saving.error} />
      {saved ? (
        <p className="notice notice--success" role="status">
          {t('Saved.')}
        </p>
      ) : null}
      {editable ? (
        <div>
          <button type="submit" className="button button--primary" disabled={saving.busy}>
            {saving.busy ? t('Saving…') : t(texts.save)}
          </button>
        </div>
      ) : null}
    </form>
  );
}
