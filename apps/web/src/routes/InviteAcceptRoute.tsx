import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { inviteAcceptInput, passwordSchema, type InviteAcceptChallenge, type MeResponse } from '@casehub/contract';
import { api, ApiError, errorMessage } from '../lib/api';
import { useApi } from '../lib/useApi';
import { useSubmit } from '../lib/useSubmit';
import { useSession } from '../features/auth/session';
import { AuthLayout } from '../features/auth/AuthLayout';
import { fieldErrors, type FieldErrors } from '../features/auth/fieldErrors';
import { TextInput } from '../components/TextInput';
import { FormError } from '../components/FormError';
import { TwoFactorStep } from '../features/auth/TwoFactorStep';
import { Trans, useTranslation } from 'react-i18next';

export function InviteAcceptRoute() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const { signedIn } = useSession();
  const navigate = useNavigate();
  const preview = useApi(`invite:${token}`, (signal) => api.invitePreview(token, signal));
  const [form, setForm] = useState({ name: '', password: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [secondFactor, setSecondFactor] = useState<InviteAcceptChallenge | null>(null);

  /** Signed in: an invite to a case opens that case, what the person came for. */
  function enter(me: MeResponse, caseId: string | null): void {
    signedIn(me);
    void navigate(caseId ? `/cases/${encodeURIComponent(caseId)}` : '/', { replace: true });
  }

  const joining = useSubmit(
    async (input: { name?: string; password: string }) => {
      const result = await api.acceptInvite(token, input);
      if ('twoFactor' in result) return setSecondFactor(result);
      const { caseId, ...me } = result;
      enter(me, caseId);
    },
    { on: { unauthenticated: 'Wrong password for this account.', not_found: 'This invite is no longer valid. Ask for a new link.' } },
  );

  if (secondFactor) {
    return (
      <AuthLayout title={t('Two-factor sign-in')}>
        <TwoFactorStep challenge={secondFactor.twoFactor.challenge} mode={secondFactor.twoFactor.mode} onSignedIn={(me) => enter(me, secondFactor.caseId)} />
      </AuthLayout>
    );
  }

  if (preview.state === 'loading') {
    return (
      <AuthLayout title={t('Checking your invite…')}>
        <p className="muted" role="status">
          {t('Loading…')}
        </p>
      </AuthLayout>
    );
  }

  if (preview.state === 'error') {
    const gone = preview.error instanceof ApiError && preview.error.status === 404;
    return (
      <AuthLayout title={gone ? 'This invite is no longer valid' : 'Could not open this invite'}>
        <p role="alert" className="form-error">
          {gone
            ? 'The link is invalid, has expired, was already used or was revoked. Ask the person who invited you for a new link.'
            : errorMessage(preview.error)}
        </p>
        <p className="auth__switch">
          <Link to="/login">{t('Go to sign in')}</Link>
        </p>
      </AuthLayout>
    );
  }

  const invite = preview.data;
  const isNew = !invite.existingUser;

  function submit(e: FormEvent): void {
    e.preventDefault();
    joining.reset();
    const input = isNew ? { name: form.name, password: form.password } : { password: form.password };
    const parsed = inviteAcceptInput.safeParse(input);
    const errs: FieldErrors = parsed.success ? {} : fieldErrors(parsed.error);
    if (isNew) {
      if (!form.name.trim()) errs.name = 'must not be empty';
      const pw = passwordSchema.safeParse(form.password);
      if (!pw.success) errs.password = pw.error.issues[0]?.message ?? 'invalid password';
    }
    if (!parsed.success || Object.keys(errs).length > 0) {
      setErrors(errs);
      return;
    }
    setErrors({});
    void joining.run(parsed.data);
  }

  return (
    <AuthLayout
      title={t('Join {{workspace}}', { workspace: invite.workspaceName })}
      subtitle={
        <>
          <Trans i18nKey="You were invited as <b>{{email}}</b>" values={{ email: invite.email }} components={{ b: <strong /> }} />
          {invite.caseTitle ? (
            <>
              {' '}
              <Trans
                i18nKey="to the case <b>{{title}}</b>"
                values={{ title: invite.caseTitle }}
                components={{ b: <strong data-testid="invite-case-title" /> }}
              />
            </>
          ) : null}
          . {isNew ? t('Choose your name and a password to create your account.') : t('Enter your password to join.')}
        </>
      }
    >
      <form onSubmit={submit} noValidate className="stack">
        <TextInput label={t('Email')} type="email" value={invite.email} readOnly disabled />
        {isNew ? (
          <TextInput
            label={t('Your name')}
            autoComplete="name"
            value={form.name}
            onChange={(e) => setForm((f) => ({ ...f, name: e.target.value }))}
            error={errors.name}
          />
        ) : null}
        <TextInput
          label={t('Password')}
          type="password"
          autoComplete={isNew ? 'new-password' : 'current-password'}
          hint={isNew ? 'At least 8 characters.' : undefined}
          value={form.password}
          onChange={(e) => setForm((f) => ({ ...f, password: e.target.value }))}
          error={errors.password}
        />
        <FormError message={joining.error} />
        <button type="submit" className="button button--primary button--block" disabled={joining.busy}>
          {joining.busy ? 'Joining…' : `Join ${invite.workspaceName}`}
        </button>
      </form>
    </AuthLayout>
  );
}
