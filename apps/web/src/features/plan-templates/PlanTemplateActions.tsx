import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { resolveDue, type PlanAnchors, type PlanTemplate } from '@casehub/contract';
import { Async } from '../../components/Async';
import { Dialog } from '../../components/Dialog';
import { FormActions } from '../../components/FormActions';
import { FormError } from '../../components/FormError';
import { TextInput } from '../../components/TextInput';
import { call } from '../../lib/api';
import { useApi } from '../../lib/useApi';
import { useSubmit } from '../../lib/useSubmit';
import { planTemplatesApi } from './planTemplatesApi';
import { Trans, useTranslation } from 'react-i18next';

const today = (): string => new Date().toISOString().slice(0, 10);

/** A date as the preview shows it, marked when it is already past (its promises would be missed at once). */
function DueDate({ date }: { date: string | null }) {
  const { t } = useTranslation();
  if (date === null) return <span className="muted">{t('no date')}</span>;
  const past = date < today();
  return (
    <span className={past ? 'template-preview__past' : undefined}>
      {past ? t('{{date}} (past)', { date: new Date(`${date}T00:00:00`).toLocaleDateString() }) : new Date(`${date}T00:00:00`).toLocaleDateString()}
    </span>
  );
}

/** The template's milestones and promises with the dates they get on this case. */
export function TemplatePreview({ template, anchors }: { template: PlanTemplate; anchors: PlanAnchors }) {
  const { t } = useTranslation();
  if (template.milestones.length === 0) return <p className="muted">{t('This template has no milestones; only its text is added.')}</p>;
  return (
    <ol className="template-outline" aria-label={t('What the plan gets')}>
      {template.milestones.map((m, i) => (
        <li key={i}>
          <strong>{m.title}</strong> · <DueDate date={m.due ? resolveDue(m.due, anchors) : null} />
          {m.promises.length > 0 ? (
            <ul>
              {m.promises.map((p, j) => (
                <li key={j}>
                  <span className={`tag ${p.side === 'customer' ? 'tag--guest' : ''}`}>{p.side === 'customer' ? t('They') : t('We')}</span> {p.text} ·{' '}
                  <DueDate date={resolveDue(p.due, anchors)} />
                </li>
              ))}
            </ul>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

/**
 * Apply a template to this case (issue 15.3): pick one, see the dates it
 * gets here, and add its milestones, promises and text to the mutual plan.
 * A template that counts from the close date asks for one when the case has
 * none, rather than guessing.
 */
function ApplyTemplateDialog({ caseId, closeDate, createdAt, onClose }: { caseId: string; closeDate: string | null; createdAt: string; onClose: () => void }) {
  const { t } = useTranslation();
  const selectId = useId();
  const templates = useApi('plan-templates', (signal) => planTemplatesApi.list(signal));
  const [chosen, setChosen] = useState('');
  const [newClose, setNewClose] = useState('');
  const template = templates.data?.find((candidate) => candidate.id === chosen) ?? templates.data?.[0];
  const asks = template?.needsCloseDate === true && !closeDate;
  // The preview counts days in the workspace's time zone, as the server will.
  const hours = useApi('business-hours', (signal) => call('GET /api/settings/business-hours', { signal }));
  const anchors: PlanAnchors = { closeDate: closeDate ?? (newClose || null), createdAt: new Date(createdAt), zone: hours.data?.timeZone };
  const applying = useSubmit(async (templateId: string) => {
    await planTemplatesApi.apply(caseId, { templateId, ...(asks && { closeDate: newClose }) });
    onClose();
  });
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (!template) return;
    if (asks && !newClose) applying.fail(t('Give the close date: this template counts its dates from it.'));
    else void applying.run(template.id);
  };
  return (
    <Dialog title={t('Apply a plan template')} onClose={onClose}>
      <Async
        value={templates}
        what={t('the plan templates')}
        empty={
          <p className="muted">
            <Trans
              i18nKey="No plan templates yet. Owners and admins add them in <settings>Settings → Plan templates</settings>."
              components={{ settings: <Link to="/settings/plan-templates" /> }}
            />
          </p>
        }
      >
        {(list) => (
          <form className="stack" onSubmit={submit} noValidate>
            <div className="field">
              <label htmlFor={selectId}>{t('Template')}</label>
              <select id={selectId} value={template?.id ?? ''} onChange={(e) => setChosen(e.target.value)}>
                {list.map((template) => (
                  <option key={template.id} value={template.id}>
                    {template.name}
                  </option>
                ))}
              </select>
            </div>
            {asks ? (
              <>
                <p className="notice" role="note">
                  {t("This template counts dates from the close date, and this case has none yet. Give it one: it becomes the case's close date.")}
                </p>
                <TextInput label={t('Close date')} type="date" value={newClose} onChange={(e) => setNewClose(e.target.value)} />
              </>
            ) : null}
            {template && (!asks || newClose) ? <TemplatePreview template={template} anchors={anchors} /> : null}
            <p className="muted">{t('Milestones and promises are added to the mutual plan (guests see them); nothing is replaced.')}</p>
            <FormError message={applying.error} />
            <FormActions onCancel={onClose} submitLabel={t('Apply template')} busy={applying.busy} busyLabel={t('Applying…')} />
          </form>
        )}
      </Async>
    </Dialog>
  );
}

/** Save this case's mutual plan as a template (owners and admins): its dates become relative to the close date, or to the creation. */
function SaveAsTemplateDialog({ caseId, hasCloseDate, onClose }: { caseId: string; hasCloseDate: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const saving = useSubmit(async () => {
    const template = await planTemplatesApi.saveFromCase(caseId, { name: name.trim() });
    setSaved(template.name);
  });
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (!name.trim()) saving.fail(t('Give the template a name.'));
    else void saving.run();
  };
  return (
    <Dialog title={t('Save the plan as a template')} onClose={onClose}>
      {saved ? (
        <div className="stack">
          <p role="status" className="notice notice--success">
            <Trans
              i18nKey="Saved as “{{name}}”. It is in <settings>Settings → Plan templates</settings>."
              values={{ name: saved }}
              components={{ settings: <Link to="/settings/plan-templates" /> }}
            />
          </p>
          <div className="dialog__actions">
            <button type="button" className="button button--primary" onClick={onClose}>
              {t('Done')}
            </button>
          </div>
        </div>
      ) : (
        <form className="stack" onSubmit={submit} noValidate>
          <TextInput label={t('Template name')} value={name} maxLength={80} onChange={(e) => setName(e.target.value)} />
          <p className="muted">
            {hasCloseDate
              ? t("The mutual plan's text, milestones and their promises are kept; their dates become days before or after the close date.")
              : t(
                  "The mutual plan's text, milestones and their promises are kept; their dates become days after the day this case was created (it has no close date).",
                )}
          </p>
          <FormError message={saving.error} />
          <FormActions onCancel={onClose} submitLabel={t('Save template')} busy={saving.busy} busyLabel={t('Saving…')} />
        </form>
      )}
    </Dialog>
  );
}

/** Under the milestones: build the plan from a template (editors), or keep it as one (owners and admins). */
export function PlanTemplateActions({
  caseId,
  closeDate,
  createdAt,
  canApply,
  canSave,
}: {
  caseId: string;
  closeDate: string | null;
  createdAt: string;
  canApply: boolean;
  canSave: boolean;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<'apply' | 'save' | null>(null);
  if (!canApply && !canSave) return null;
  return (
    <div className="composer__actions plan-template-actions">
      {canApply ? (
        <button type="button" className="button button--small" onClick={() => setOpen('apply')}>
          {t('Apply a template…')}
        </button>
      ) : null}
      {canSave ? (
        <button type="button" className="button button--small" onClick={() => setOpen('save')}>
          {t('Save plan as template…')}
        </button>
      ) : null}
      {open === 'apply' ? <ApplyTemplateDialog caseId={caseId} closeDate={closeDate} createdAt={createdAt} onClose={() => setOpen(null)} /> : null}
      {open === 'save' ? <SaveAsTemplateDialog caseId={caseId} hasCloseDate={closeDate !== null} onClose={() => setOpen(null)} /> : null}
    </div>
  );
}
