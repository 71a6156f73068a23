import { useState, type FormEvent } from 'react';
import { passwordSchema } from '@casehub/contract';
import { peopleApi } from '../../lib/peopleApi';
import { useSubmit } from '../../lib/useSubmit';
import { Dialog } from '../../components/Dialog';
import { TextInput } from '../../components/TextInput';
import { NewPasswordFields } from '../../components/NewPasswordFields';
import { FormError } from '../../components/FormError';
import { FormActions } from '../../components/FormActions';
import { useTranslation } from 'react-i18next';

type Errors = Partial<Record<'current' | 'next' | 'confirm', string>>;

/** Changes the password; the server ends every other session (other browsers, other devices). */
export function ChangePasswordDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const [form, setForm] = useState({ current: '', next: '', confirm: '' });
  const [errors, setErrors] = useState<Errors>({});
  const [done, setDone] = useState(false);
  const changing = useSubmit(
    async (current: string, next: string) => {
      await peopleApi.changePassword(current, next);
      setDone(true);
    },
    { on: { unauthenticated: () => setErrors({ current: t('is not right') }) } },
  );

  function submit(e: FormEvent): void {
    e.preventDefault();
    changing.reset();
    const errs: Errors = {};
    if (!form.current) errs.current = t('enter your current password');
    const pw = passwordSchema.safeParse(form.next);
    if (!pw.success) errs.next = pw.error.issues[0]?.message ?? t('invalid password');
    else if (form.next === form.current) errs.next = t('must differ from the current password');
    if (form.confirm !== form.next) errs.confirm = t('does not match the new password');
    setErrors(errs);
    if (Object.keys(errs).length > 0) return;
    void changing.run(form.current, form.next);
  }

  return (
    <Dialog title={t('Change password')} onClose={onClose}>
      {done ? (
        <div className="stack">
          <p role="status">{t('Your password was changed. You were signed out everywhere else; this browser stays signed in.')}</p>
          <div className="dialog__actions">
            <button type="button" className="button button--primary" onClick={onClose}>
              {t('Done')}
            </button>
          </div>
        </div>
      ) : (
        <form onSubmit={submit} noValidate className="stack">
          <TextInput
            label={t('Current password')}
            type="password"
            autoComplete="current-password"
            value={form.current}
            onChange={(e) => setForm((f) => ({ ...f, current: e.target.value }))}
            error={errors.current}
          />
          <NewPasswordFields
            password={form.next}
            confirm={form.confirm}
            hint={t('At least 8 characters. Other sessions are signed out.')}
            errors={{ password: errors.next, confirm: errors.confirm }}
            onPassword={(next) => setForm((f) => ({ ...f, next }))}
            onConfirm={(confirm) => setForm((f) => ({ ...f, confirm }))}
          />
          <FormError message={changing.error} />
          <FormActions onCancel={onClose} submitLabel={t('Change password')} busy={changing.busy} busyLabel={t('Changing…')} />
        </form>
      )}
    </Dialog>
  );
}
