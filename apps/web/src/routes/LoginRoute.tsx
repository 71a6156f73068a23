import { useState, type FormEvent } from 'react';
import type { TwoFactorChallenge } from '@casehub/contract';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { loginInput } from '@casehub/contract';
import { api, ApiError, call, errorMessage, urlOf } from '../lib/api';
import { useApi } from '../lib/useApi';
import { TwoFactorStep } from '../features/auth/TwoFactorStep';
import { useSession } from '../features/auth/session';
import { AuthLayout } from '../features/auth/AuthLayout';
import { fieldErrors, type FieldErrors } from '../features/auth/fieldErrors';
import { TextInput } from '../components/TextInput';
import { FormError } from '../components/FormError';

/** Only same-app paths are followed after sign-in, never an absolute URL. */
function safeNext(value: string | null): string {
  return value && value.startsWith('/') && !value.startsWith('//') ? value : '/';
}

export function LoginRoute() {
  const { session, signedIn } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const search = new URLSearchParams(location.search);
  const next = safeNext(search.get('next'));
  const [form, setForm] = useState({ email: '', password: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  // A single sign-on that was refused comes back here with the reason.
  const [formError, setFormError] = useState<string | null>(search.get('sso_error'));
  const [busy, setBusy] = useState(false);
  const [secondFactor, setSecondFactor] = useState<TwoFactorChallenge['twoFactor'] | null>(null);
  const options = useApi('auth-options', (signal) => call('GET /api/auth/options', { signal }));

  if (session.status === 'signed-in') return <Navigate to={next} replace />;

  if (secondFactor) {
    return (
      <AuthLayout title="Two-factor sign-in" subtitle={form.email}>
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
            Back to sign-in
          </button>
        </p>
      </AuthLayout>
    );
  }

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    setFormError(null);
    const parsed = loginInput.safeParse(form);
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error));
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const result = await api.login(parsed.data);
      if ('twoFactor' in result) {
        setSecondFactor(result.twoFactor);
        return;
      }
      signedIn(result);
      void navigate(next, { replace: true });
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) setFormError('Wrong email or password.');
      else if (err instanceof ApiError && err.status === 429) setFormError('Too many attempts, wait a minute and try again.');
      else setFormError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <AuthLayout title="Sign in to Casehub">
      <form onSubmit={submit} noValidate className="stack">
        <TextInput
          label="Email"
          type="email"
          autoComplete="email"
          value={form.email}
          onChange={(e) => setForm((f) => ({ ...f, email: e.target.value }))}
          error={errors.email}
        />
        <TextInput
          label="Password"
          type="password"
          autoComplete="current-password"
          value={form.password}
          onChange={(e) => setForm((f) => ({ ...f, password: e.target.value }))}
          error={errors.password}
        />
        <FormError message={formError} />
        <button type="submit" className="button button--primary button--block" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      {options.data?.sso ? (
        <>
          <p className="auth__or" aria-hidden="true">
            or
          </p>
          <a className="button button--block" href={urlOf('GET /api/auth/oidc/start', { query: { returnTo: next } })}>
            Sign in with {options.data.sso.name}
          </a>
        </>
      ) : null}
      <p className="auth__switch">
        <Link to="/forgot-password">Forgot password?</Link>
      </p>
      <p className="auth__switch">
        New to Casehub? <Link to="/signup">Create a workspace</Link>
      </p>
    </AuthLayout>
  );
}
