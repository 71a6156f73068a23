import { useState, type FormEvent } from 'react';
import type { LoginInput, TwoFactorChallenge } from '@casehub/contract';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { loginInput } from '@casehub/contract';
import { api, call, urlOf } from '../lib/api';
import { useApi } from '../lib/useApi';
import { useSubmit } from '../lib/useSubmit';
import { TwoFactorStep } from '../features/auth/TwoFactorStep';
import { useSession } from '../features/auth/session';
import { AuthLayout } from '../features/auth/AuthLayout';
import { fieldErrors, type FieldErrors } from '../features/auth/fieldErrors';
import { TextInput } from '../components/TextInput';
import { FormError } from '../components/FormError';
import { useTranslation } from 'react-i18next';

/** Only same-app paths are followed after sign-in, never an absolute URL. */
function safeNext(value: string | null): string {
  return value && value.startsWith('/') && !value.startsWith('//') ? value : '/';
}

export function LoginRoute() {
  const { t } = useTranslation();
  const { session, signedIn } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const search = new URLSearchParams(location.search);
  const next = safeNext(search.get('next'));
  const [form, setForm] = useState({ email: '', password: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [secondFactor, setSecondFactor] = useState<TwoFactorChallenge['twoFactor'] | null>(null);
  const options = useApi('auth-options', (signal) => call('GET /api/auth/options', { signal }));
  const signingIn = useSubmit(
    async (input: LoginInput) => {
      const result = await api.login(input);
      if ('twoFactor' in result) return setSecondFactor(result.twoFactor);
      signedIn(result);
      void navigate(next, { replace: true });
    },
    { on: { unauthenticated: t('Wrong email or password.') } },
  );
  // A single sign-on that was refused comes back here with the reason, until the form is sent.
  const [ssoError, setSsoError] = useState(search.get('sso_error'));
  const formError = signingIn.error ?? ssoError;

  if (session.status === 'signed-in') return <Navigate to={next} replace />;

  if (secondFactor) {
    return (
      <AuthLayout title={t('Two-factor sign-in')} subtitle={form.email}>
        <TwoFactorStep
          challenge={secondFactor.challenge}
          mode={secondFactor.mode}
          onSignedIn={(me) => {
            signedIn(me);
            void navigate(next, { replace: true });
          }}
        />
        <p className="auth__switch">
          <button type="button" className="link-button" onClick={() => setSecondFactor(null)}>
            {t('Back to sign-in')}
          </button>
        </p>
      </AuthLayout>
    );
  }

  function submit(e: FormEvent): void {
    e.preventDefault();
    setSsoError(null);
    signingIn.reset();
    const parsed = loginInput.safeParse(form);
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error));
      return;
    }
    setErrors({});
    void signingIn.run(parsed.data);
  }

  return (
    <AuthLayout title={t('Sign in to Casehub')}>
      <form onSubmit={submit} noValidate className="stack">
        <TextInput
          label={t('Email')}
          type="email"
          autoComplete="email"
          value={form.email}
          onChange={(e) => setForm((f) => ({ ...f, email: e.target.value }))}
          error={errors.email}
        />
        <TextInput
          label={t('Password')}
          type="password"
          autoComplete="current-password"
          value={form.password}
          onChange={(e) => setForm((f) => ({ ...f, password: e.target.value }))}
          error={errors.password}
        />
        <FormError message={formError} />
        <button type="submit" className="button button--primary button--block" disabled={signingIn.busy}>
          {signingIn.busy ? t('Signing in…') : t('Sign in')}
        </button>
      </form>
      {/* What follows the form waits for the sign-in options: a single sign-on button appearing above the links
          once they arrived moved "Forgot password?" from under a pointer about to click it. */}
      {options.state === 'loading' ? null : (
        <>
          {options.data?.sso ? (
            <>
              <p className="auth__or" aria-hidden="true">
                {t('or')}
              </p>
              <a className="button button--block" href={urlOf('GET /api/auth/oidc/start', { query: { returnTo: next } })}>
                {t('Sign in with {{provider}}', { provider: options.data.sso.name })}
              </a>
            </>
          ) : null}
          <p className="auth__switch">
            <Link to="/forgot-password">{t('Forgot password?')}</Link>
          </p>
          <p className="auth__switch">
            {t('New to Casehub?')} <Link to="/signup">{t('Create a workspace')}</Link>
          </p>
        </>
      )}
    </AuthLayout>
  );
}
