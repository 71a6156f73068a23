import { useId, useState, type FormEvent } from 'react';
import type { WorkspaceMember } from '@casehub/contract';
import { Dialog } from '../../components/Dialog';
import { FormError } from '../../components/FormError';
import { TextInput } from '../../components/TextInput';
import { useApi } from '../../lib/useApi';
import { useSubmit } from '../../lib/useSubmit';
import { contactsApi } from '../contacts/contactsApi';
import { expectationsApi, type ExpectationEdit } from './expectationsApi';
import type { PromisePrefill } from './composer';
import { toLocalInput } from './status';
import type { CaseExpectation } from './useExpectations';
import { FormActions } from '../../components/FormActions';
import { useTranslation } from 'react-i18next';

interface PromiseFormDialogProps {
  caseId: string;
  members: WorkspaceMember[];
  meId: string;
  prefill: PromisePrefill;
  /** The case has a shared document: a promise may be shown to its guests. */
  canShare: boolean;
  onClose: () => void;
  /** Edit this promise (text, owner, due) instead of adding one. */
  editing?: CaseExpectation;
  /** After an edit is saved: what the promise was before, for undo. */
  onEdited?: (before: ExpectationEdit, after: ExpectationEdit) => void;
}

/** Tomorrow at 17:00, local time: a sensible first due date. */
function defaultDue(): string {
  const d = new Date();
  d.setDate(d.getDate() + 1);
  d.setHours(17, 0, 0, 0);
  return toLocalInput(d);
}

/** Records a promise made to the customer (what, to whom, who keeps it, by when), or changes one. */
export function PromiseFormDialog({ caseId, members, meId, prefill, canShare, onClose, editing, onEdited }: PromiseFormDialogProps) {
  const { t } = useTranslation();
  const textId = useId();
  const ownerId = useId();
  const dueId = useId();
  const sharedId = useId();
  const [text, setText] = useState(editing?.text ?? prefill.text ?? '');
  const [promisedTo, setPromisedTo] = useState(prefill.promisedTo ?? '');
  // The case's stakeholders are offered as the people a promise is made to (free text still works).
  const stakeholders = useApi(`promise-stakeholders:${caseId}`, (signal) => contactsApi.stakeholders(caseId, signal).catch(() => []));
  const stakeholderListId = useId();
  const [owner, setOwner] = useState(editing ? (editing.ownerId ?? '') : meId);
  const [due, setDue] = useState(() => (editing ? toLocalInput(new Date(editing.dueAt)) : defaultDue()));
  const title = editing ? t('Edit promise') : t('Add promise');
  const [shared, setShared] = useState(false);
  const [errors, setErrors] = useState<{ text?: string; due?: string }>({});
  // Closes when saved; stays open with the message when not.
  const saving = useSubmit(async (save: () => Promise<void>) => {
    await save();
    onClose();
  });

  function submit(e: FormEvent): void {
    e.preventDefault();
    saving.reset();
    const dueAt = new Date(due);
    const next: { text?: string; due?: string } = {};
    if (!text.trim()) next.text = t('Say what was promised.');
    if (!due || Number.isNaN(dueAt.getTime())) next.due = t('Pick a due date and time.');
    setErrors(next);
    if (next.text || next.due) return;
    if (editing) {
      const before: ExpectationEdit = {};
      const after: ExpectationEdit = {};
      if (text.trim() !== editing.text) {
        before.text = editing.text;
        after.text = text.trim();
      }
      // The input holds minutes: an untouched due time keeps its seconds.
      if (due !== toLocalInput(new Date(editing.dueAt))) {
        before.dueAt = editing.dueAt;
        after.dueAt = dueAt.toISOString();
      }
      if ((owner || null) !== editing.ownerId) {
        before.ownerId = editing.ownerId;
        after.ownerId = owner || null;
      }
      void saving.run(async () => {
        if (Object.keys(after).length === 0) return;
        await expectationsApi.update(caseId, editing.id, after);
        onEdited?.(before, after);
      });
      return;
    }
    void saving.run(async () => {
      await expectationsApi.create(caseId, {
        text: text.trim(),
        promisedTo: promisedTo.trim(),
        ownerId: owner || null,
        dueAt: dueAt.toISOString(),
        shared,
        ...(prefill.sourceActivityId ? { sourceActivityId: prefill.sourceActivityId } : {}),
      });
    });
  }

  return (
    <Dialog title={title} onClose={onClose}>
      <form onSubmit={submit} noValidate className="stack promise-form" aria-label={title}>
        {prefill.sourceActivityId ? <p className="muted promise-form__source">{t('From the selected entry; it stays linked to it.')}</p> : null}
        <div className="field">
          <label htmlFor={textId}>{t('What was promised')}</label>
          <textarea
            id={textId}
            rows={3}
            value={text}
            maxLength={2000}
            onChange={(e) => setText(e.target.value)}
            aria-invalid={errors.text ? true : undefined}
            aria-describedby={errors.text ? `${textId}-error` : undefined}
          />
          {errors.text ? (
            <p id={`${textId}-error`} className="field__error">
              {errors.text}
            </p>
          ) : null}
        </div>
        {editing ? (
          editing.promisedTo ? (
            <p className="muted">{t('Promised to {{name}}', { name: editing.promisedTo })}</p>
          ) : null
        ) : (
          <>
            <TextInput
              label={t('Promised to')}
              value={promisedTo}
              onChange={(e) => setPromisedTo(e.target.value)}
              maxLength={200}
              placeholder={t('A contact at the customer')}
              list={stakeholderListId}
            />
            <datalist id={stakeholderListId}>
              {(stakeholders.data ?? []).map((s) => (
                <option key={s.contactId} value={s.name}>
                  {s.role}
                  {s.accountName ? `, ${s.accountName}` : ''}
                </option>
              ))}
            </datalist>
          </>
        )}
        <div className="field-row">
          <div className="field">
            <label htmlFor={ownerId}>{t('Owner')}</label>
            <select id={ownerId} value={owner} onChange={(e) => setOwner(e.target.value)}>
              {editing ? <option value="">{t('Unassigned')}</option> : null}
              {members.length === 0 && !editing ? <option value={meId}>{t('Me')}</option> : null}
              {members.map((m) => (
                <option key={m.userId} value={m.userId}>
                  {m.name}
                  {m.userId === meId ? ' (you)' : ''}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={dueId}>{t('Due')}</label>
            <input
              id={dueId}
              type="datetime-local"
              value={due}
              onChange={(e) => setDue(e.target.value)}
              aria-invalid={errors.due ? true : undefined}
              aria-describedby={errors.due ? `${dueId}-error` : undefined}
            />
            {errors.due ? (
              <p id={`${dueId}-error`} className="field__error">
                {errors.due}
              </p>
            ) : null}
          </div>
        </div>
        {canShare && !editing ? (
          <div className="promise-form__check">
            <input id={sharedId} type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} />
            <label htmlFor={sharedId}>{t('Guests on this case see it')}</label>
          </div>
        ) : null}
        <FormError message={saving.error} />
        <FormActions onCancel={onClose} submitLabel={editing ? t('Save changes') : t('Save promise')} busy={saving.busy} />
      </form>
    </Dialog>
  );
}
