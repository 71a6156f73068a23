import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { passwordResetInput, passwordResetRequest } from '@casehub/contract';
import { call } from '../lib/api';
import { useSubmit } from '../lib/useSubmit';
import { AuthLayout } from '../features/auth/AuthLayout';
import { fieldErrors, type FieldErrors } from '../features/auth/fieldErrors';
import { TextInput } from '../components/TextInput';
import { NewPasswordFields } from '../components/NewPasswordFields';
import { FormError } from '../components/FormError';
import { Trans, useTranslation } from 'react-i18next';

/** `/forgot-password`: ask for a reset link. The answer never says whether the address has an account. */
export function ForgotPasswordRoute() {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [answer, setAnswer] = useState<{ mailConfigured: boolean; email: string } | null>(null);
  const sending = useSubmit(async (validEmail: string) => {
    const res = await call('POST /api/auth/password-reset', { body: { email: validEmail } });
    setAnswer({ mailConfigured: res.mailConfigured, email: validEmail });
  });

  function submit(e: FormEvent): void {
    e.preventDefault();
    sending.reset();
    const parsed = passwordResetRequest.safeParse({ email });
    if (!parsed.success) return setErrors(fieldErrors(parsed.error));
    setErrors({});
    void sending.run(parsed.data.email);
  }

  return (
    <AuthLayout title={t('Reset your password')}>
      {answer ? (
        answer.mailConfigured ? (
          <p className="notice notice--success" role="status">
            {t('If {{email}} has an account, a link to set a new password is on its way. It works once, for one hour.', { email: answer.email })}
          </p>
        ) : (
          <div className="notice notice--error" role="status">
            <p>{t('This server sends no email, so no link can be mailed.')}</p>
            <p>
              <Trans
                i18nKey="Ask an owner or admin of your workspace for a reset link: they make one on the <b>Members</b> page. (Server administrators: set <code>SMTP_URL</code> for links by email.)"
                components={{ b: <strong />, code: <code /> }}
              />
            </p>
          </div>
        )
      ) : (
        <form onSubmit={submit} noValidate className="stack" aria-label={t('Ask for a reset link')}>
          <p className="muted">{t('Enter the email address you sign in with; we mail you a link to set a new password.')}</p>
          <TextInput label={t('Email')} type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} error={errors.email} />
          <FormError message={sending.error} />
          <button type="submit" className="button button--primary button--block" disabled={sending.busy}>
            {sending.busy ? t('Sending…') : t('Send reset link')}
          </button>
        </form>
      )}
      <p className="auth__switch">
        <Link to="/login">{t('Back to sign in')}</Link>
      </p>
    </AuthLayout>
  );
}

/** `/reset-password/:token`: the page a reset link opens. */
export function ResetPasswordRoute() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const [form, setForm] = useState({ password: '', confirm: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [done, setDone] = useState(false);
  const saving = useSubmit(async (validPassword: string) => {
    await call('POST /api/auth/password-reset/{token}', { params: { token }, body: { password: validPassword } });
    setDone(true);
  });

  function submit(e: FormEvent): void {
    e.preventDefault();
    saving.reset();
    const parsed = passwordResetInput.safeParse({ password: form.password });
    if (!parsed.success) return setErrors(fieldErrors(parsed.error));
    if (form.password !== form.confirm) return setErrors({ confirm: t('The two passwords differ') });
    setErrors({});
    void saving.run(parsed.data.password);
  }

  return (
    <AuthLayout title={t('Set a new password')}>
      {done ? (
        <div className="stack">
          <p className="notice notice--success" role="status">
            {t('Your password is set. Every place you were signed in has been signed out.')}
          </p>
          <Link to="/login" className="button button--primary button--block">
            {t('Sign in')}
          </Link>
        </div>
      ) : (
        <form onSubmit={submit} noValidate className="stack" aria-label={t('Set a new password')}>
          <NewPasswordFields
            password={form.password}
            confirm={form.confirm}
            hint={t('At least 8 characters; a few words are easy to remember')}
            errors={errors}
            onPassword={(password) => setForm((f) => ({ ...f, password }))}
            onConfirm={(confirm) => setForm((f) => ({ ...f, confirm }))}
          />
          <FormError message={saving.error} />
          <button type="submit" className="button button--primary button--block" disabled={saving.busy}>
            {saving.busy ? t('Saving…') : t('Set password')}
          </button>
          {saving.error ? (
            <p className="auth__switch">
              <Link to="/forgot-password">{t('Ask for a new link')}</Link>
            </p>
          ) : null}
        </form>
      )}
    </AuthLayout>
  );
}
