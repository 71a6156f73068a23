import { useId, useState, type FormEvent } from 'react';
import { promiseSides, type PromiseSide } from '@casehub/case-document';
import { dueUnits, planTemplateInput, type DueUnit, type PlanTemplate, type PlanTemplateInput, type RelativeDue } from '@casehub/contract';
import { InlineFormActions } from '../../components/FormActions';
import { useSubmit } from '../../lib/useSubmit';
import { useTranslation } from 'react-i18next';
import { i18n, msg } from '../../i18n';
import { describeDue } from './describeDue';

type DraftDue = { from: 'none' | RelativeDue['from']; amount: string; unit: DueUnit };
type DraftPromise = { key: number; side: PromiseSide; text: string; due: DraftDue };
type DraftMilestone = { key: number; title: string; due: DraftDue; promises: DraftPromise[] };

let keys = 0;
const nextKey = (): number => ++keys;

const toDraftDue = (due: RelativeDue | null): DraftDue =>
  due ? { from: due.from, amount: String(due.amount), unit: due.unit } : { from: 'none', amount: '0', unit: 'days' };

const fromDraftDue = (due: DraftDue): RelativeDue | null =>
  due.from === 'none' ? null : { from: due.from, amount: due.amount.trim() === '' ? NaN : Number(due.amount), unit: due.unit };

const sideLabels: Record<PromiseSide, string> = { team: msg('We (team)'), customer: msg('They (customer)') };
const unitNames: Record<DueUnit, string> = { days: msg('days'), weeks: msg('weeks'), months: msg('months') };

/** Where a date counts from, how far and in what unit; "No date" only where a date is optional (a milestone). */
function DueInput({ value, onChange, label, optional }: { value: DraftDue; onChange: (due: DraftDue) => void; label: string; optional: boolean }) {
  const { t } = useTranslation();
  const due = fromDraftDue(value);
  const valid = due !== null && Number.isInteger(due.amount);
  return (
    <fieldset className="template-due">
      <legend className="field__label">{label}</legend>
      <select
        aria-label={t('{{label}}: counted from', { label })}
        value={value.from}
        onChange={(e) => onChange({ ...value, from: e.target.value as DraftDue['from'] })}
      >
        {optional ? <option value="none">{t('No date')}</option> : null}
        <option value="close">{t('Close date')}</option>
        <option value="created">{t('Case creation')}</option>
      </select>
      {value.from === 'none' ? null : (
        <>
          <input
            type="number"
            step={1}
            aria-label={t('{{label}}: how many (negative: before)', { label })}
            value={value.amount}
            onChange={(e) => onChange({ ...value, amount: e.target.value })}
          />
          <select aria-label={t('{{label}}: unit', { label })} value={value.unit} onChange={(e) => onChange({ ...value, unit: e.target.value as DueUnit })}>
            {dueUnits.map((u) => (
              <option key={u} value={u}>
                {t(unitNames[u])}
              </option>
            ))}
          </select>
          <span className="muted">{valid ? describeDue(due) : t('a whole number')}</span>
        </>
      )}
    </fieldset>
  );
}

/** A template field's path in words, for a refusal ("Milestone 2, promise 1: text must not be empty"). */
function where(path: PropertyKey[]): string {
  const [top, m, , p, field] = path;
  if (top !== 'milestones' || typeof m !== 'number') return String(top ?? '');
  if (typeof p === 'number')
    return field
      ? i18n.t('Milestone {{m}}, promise {{p}} ({{field}})', { m: m + 1, p: p + 1, field: String(field) })
      : i18n.t('Milestone {{m}}, promise {{p}}', { m: m + 1, p: p + 1 });
  return path[2] ? i18n.t('Milestone {{m}} ({{field}})', { m: m + 1, field: String(path[2]) }) : i18n.t('Milestone {{m}}', { m: m + 1 });
}

/**
 * A plan template, new or changed (issue 15.3): its name, the mutual plan's
 * text, and its milestones with relative due dates, each with the promises
 * of both sides. Checked here with the contract's schema, and again by the server.
 */
export function TemplateForm({
  initial,
  onSaved,
  onCancel,
  save,
}: {
  initial: PlanTemplate | null;
  onSaved: () => void;
  onCancel?: () => void;
  save: (input: PlanTemplateInput) => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [name, setName] = useState(initial?.name ?? '');
  const [description, setDescription] = useState(initial?.description ?? '');
  const [planText, setPlanText] = useState(initial?.planText ?? '');
  const [milestones, setMilestones] = useState<DraftMilestone[]>(() =>
    (initial?.milestones ?? []).map((m) => ({
      key: nextKey(),
      title: m.title,
      due: toDraftDue(m.due),
      promises: m.promises.map((p) => ({ key: nextKey(), side: p.side, text: p.text, due: toDraftDue(p.due) })),
    })),
  );
  const saving = useSubmit(async (input: PlanTemplateInput) => {
    await save(input);
    if (!initial) {
      setName('');
      setDescription('');
      setPlanText('');
      setMilestones([]);
    }
    onSaved();
  });

  const setMilestone = (key: number, change: Partial<DraftMilestone>): void =>
    setMilestones((list) => list.map((m) => (m.key === key ? { ...m, ...change } : m)));
  const setPromise = (m: DraftMilestone, key: number, change: Partial<DraftPromise>): void =>
    setMilestone(m.key, { promises: m.promises.map((p) => (p.key === key ? { ...p, ...change } : p)) });

  function submit(e: FormEvent): void {
    e.preventDefault();
    const parsed = planTemplateInput.safeParse({
      name,
      description,
      planText,
      milestones: milestones.map((m) => ({
        title: m.title,
        due: fromDraftDue(m.due),
        promises: m.promises.map((p) => ({ side: p.side, text: p.text, due: fromDraftDue(p.due) })),
      })),
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      saving.fail(issue ? t('{{where}}: {{message}}', { where: where(issue.path), message: issue.message }) : t('Check the template.'));
      return;
    }
    void saving.run(parsed.data);
  }

  return (
    <form
      className="stack template-form"
      onSubmit={submit}
      noValidate
      aria-label={initial ? t('Edit {{name}}', { name: initial.name }) : t('New plan template')}
    >
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-name`}>{t('Name')}</label>
          <input id={`${id}-name`} value={name} maxLength={80} placeholder={t('e.g. Enterprise deal')} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-description`}>{t('Description')}</label>
          <input id={`${id}-description`} value={description} maxLength={500} onChange={(e) => setDescription(e.target.value)} />
        </div>
      </div>
      <div className="field">
        <label htmlFor={`${id}-plan`}>{t('Mutual plan text')}</label>
        <textarea id={`${id}-plan`} rows={4} value={planText} maxLength={20_000} onChange={(e) => setPlanText(e.target.value)} />
        <span className="field__hint">
          {t("Added to the case's mutual plan: one paragraph per line; # starts a heading, - a bullet item, 1. a numbered item.")}
        </span>
      </div>
      <ol className="template-form__milestones stack" aria-label={t('Milestones of the template')}>
        {milestones.map((m, i) => (
          <li key={m.key} className="card stack">
            <div className="field-row">
              <div className="field">
                <label htmlFor={`${id}-m${m.key}`}>{t('Milestone {{m}}', { m: i + 1 })}</label>
                <input id={`${id}-m${m.key}`} value={m.title} maxLength={200} onChange={(e) => setMilestone(m.key, { title: e.target.value })} />
              </div>
              <button
                type="button"
                className="link-button link-button--danger"
                aria-label={t('Remove milestone {{i}}', { i: i + 1 })}
                onClick={() => setMilestones((list) => list.filter((x) => x.key !== m.key))}
              >
                {t('Remove')}
              </button>
            </div>
            <DueInput label={t('Milestone {{i}} due', { i: i + 1 })} value={m.due} optional onChange={(due) => setMilestone(m.key, { due })} />
            <ul className="plain-list stack" aria-label={t('Promises of milestone {{i}}', { i: i + 1 })}>
              {m.promises.map((p, j) => (
                <li key={p.key} className="template-form__promise stack">
                  <div className="field-row">
                    <div className="field field--inline">
                      <label htmlFor={`${id}-p${p.key}-side`}>{t('Who promises')}</label>
                      <select id={`${id}-p${p.key}-side`} value={p.side} onChange={(e) => setPromise(m, p.key, { side: e.target.value as PromiseSide })}>
                        {promiseSides.map((s) => (
                          <option key={s} value={s}>
                            {t(sideLabels[s])}
                          </option>
                        ))}
                      </select>
                    </div>
                    <div className="field">
                      <label htmlFor={`${id}-p${p.key}-text`}>{t('Promise {{j}} of milestone {{i}}', { j: j + 1, i: i + 1 })}</label>
                      <input id={`${id}-p${p.key}-text`} value={p.text} maxLength={2000} onChange={(e) => setPromise(m, p.key, { text: e.target.value })} />
                    </div>
                    <button
                      type="button"
                      className="link-button link-button--danger"
                      aria-label={t('Remove promise {{j}} of milestone {{i}}', { j: j + 1, i: i + 1 })}
                      onClick={() => setMilestone(m.key, { promises: m.promises.filter((x) => x.key !== p.key) })}
                    >
                      {t('Remove')}
                    </button>
                  </div>
                  <DueInput
                    label={t('Promise {{j}} of milestone {{i}} due', { j: j + 1, i: i + 1 })}
                    value={p.due}
                    optional={false}
                    onChange={(due) => setPromise(m, p.key, { due })}
                  />
                </li>
              ))}
            </ul>
            <div>
              <button
                type="button"
                className="button button--small"
                onClick={() =>
                  setMilestone(m.key, {
                    promises: [
                      ...m.promises,
                      { key: nextKey(), side: 'team', text: '', due: m.due.from === 'none' ? { from: 'close', amount: '0', unit: 'days' } : m.due },
                    ],
                  })
                }
              >
                {t('Add a promise to milestone {{i}}', { i: i + 1 })}
              </button>
            </div>
          </li>
        ))}
      </ol>
      <div>
        <button
          type="button"
          className="button button--small"
          onClick={() => setMilestones((list) => [...list, { key: nextKey(), title: '', due: { from: 'close', amount: '0', unit: 'days' }, promises: [] }])}
        >
          {t('Add a milestone')}
        </button>
      </div>
      <InlineFormActions error={saving.error} busy={saving.busy} submitLabel={initial ? t('Save changes') : t('Add template')} onCancel={onCancel} />
    </form>
  );
}
