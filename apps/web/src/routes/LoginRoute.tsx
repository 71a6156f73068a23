import { useState, type FormEvent } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { loginInput } from '@casehub/contract';
import { api, ApiError, errorMessage } from '../lib/api';
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
  const next = safeNext(new URLSearchParams(location.search).get('next'));
  const [form, setForm] = useState({ email: '', password: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (session.status === 'signed-in') return <Navigate to={next} replace />;

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
      const me = await api.login(parsed.data);
      signedIn(me);
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
      <p className="auth__switch">
        <Link to="/forgot-password">Forgot password?</Link>
      </p>
      <p className="auth__switch">
        New to Casehub? <Link to="/signup">Create a workspace</Link>
      </p>
    </AuthLayout>
  );
}
