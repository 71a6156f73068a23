import { useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate } from 'react-router';
import { signupInput, type SignupInput } from '@casehub/contract';
import { api } from '../lib/api';
import { useSubmit } from '../lib/useSubmit';
import { useSession } from '../features/auth/session';
import { AuthLayout } from '../features/auth/AuthLayout';
import { fieldErrors, type FieldErrors } from '../features/auth/fieldErrors';
import { TextInput } from '../components/TextInput';
import { FormError } from '../components/FormError';
import { useTranslation } from 'react-i18next';

export function SignupRoute() {
  const { t } = useTranslation();
  const { session, signedIn } = useSession();
  const navigate = useNavigate();
  const [form, setForm] = useState({ name: '', email: '', password: '', workspaceName: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const creating = useSubmit(
    async (input: SignupInput) => {
      signedIn(await api.signup(input));
      void navigate('/cases', { replace: true });
    },
    { on: { conflict: () => setErrors({ email: t('An account with this email already exists. Sign in instead.') }) } },
  );

  if (session.status === 'signed-in') return <Navigate to="/cases" replace />;

  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));

  function submit(e: FormEvent): void {
    e.preventDefault();
    creating.reset();
    const parsed = signupInput.safeParse(form);
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error));
      return;
    }
    setErrors({});
    void creating.run(parsed.data);
  }

  return (
    <AuthLayout title={t('Create your workspace')} subtitle={t('One live place for every case your team works on.')}>
      <form onSubmit={submit} noValidate className="stack">
        <TextInput label={t('Your name')} autoComplete="name" value={form.name} onChange={set('name')} error={errors.name} />
        <TextInput label={t('Work email')} type="email" autoComplete="email" value={form.email} onChange={set('email')} error={errors.email} />
        <TextInput
          label={t('Password')}
          type="password"
          autoComplete="new-password"
          hint={t('At least 8 characters.')}
          value={form.password}
          onChange={set('password')}
          error={errors.password}
        />
        <TextInput
          label={t('Workspace name')}
          autoComplete="organization"
          value={form.workspaceName}
          onChange={set('workspaceName')}
          error={errors.workspaceName}
        />
        <FormError message={creating.error} />
        <button type="submit" className="button button--primary button--block" disabled={creating.busy}>
          {creating.busy ? t('Creating…') : t('Create workspace')}
        </button>
      </form>
      <p className="auth__switch">
        {t('Already have an account?')} <Link to="/login">{t('Sign in')}</Link>
      </p>
    </AuthLayout>
  );
}
