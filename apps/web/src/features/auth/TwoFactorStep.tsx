import { useEffect, useState, type FormEvent } from 'react';
import type { MeResponse, TotpSetup } from '@casehub/contract';
import { FormError } from '../../components/FormError';
import { TextInput } from '../../components/TextInput';
import { call, errorMessage } from '../../lib/api';
import { useSubmit } from '../../lib/useSubmit';
import { RecoveryCodes } from './RecoveryCodes';
import { TotpEnrolment } from './TotpEnrolment';
import { useTranslation } from 'react-i18next';

/**
 * The second step of a sign-in (or of accepting an invite) when a second
 * factor is due: a code from the authenticator app or a recovery code; in
 * `setup` mode (the workspace requires it and this person has none yet) the
 * app is enrolled first, and the recovery codes are shown once before going on.
 */
export function TwoFactorStep({ challenge, mode, onSignedIn }: { challenge: string; mode: 'code' | 'setup'; onSignedIn: (me: MeResponse) => void }) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [setup, setSetup] = useState<TotpSetup | null>(null);
  const [setupError, setSetupError] = useState<string | null>(null);
  const [done, setDone] = useState<{ me: MeResponse; recoveryCodes: string[] } | null>(null);
  const verifying = useSubmit(async () => {
    const { recoveryCodes, ...me } = await call('POST /api/auth/login/2fa', { body: { challenge, code: code.trim() } });
    if (recoveryCodes) setDone({ me, recoveryCodes });
    else onSignedIn(me);
  });

  useEffect(() => {
    if (mode !== 'setup') return;
    const ctrl = new AbortController();
    call('POST /api/auth/login/2fa/setup', { body: { challenge }, signal: ctrl.signal }).then(setSetup, (err: unknown) => {
      if (!ctrl.signal.aborted) setSetupError(errorMessage(err));
    });
    return () => ctrl.abort();
  }, [challenge, mode]);

  if (done) return <RecoveryCodes codes={done.recoveryCodes} onDone={() => onSignedIn(done.me)} />;

  function submit(e: FormEvent) {
    e.preventDefault();
    if (code.trim().length < 6) return verifying.fail(t('Type the 6-digit code from your authenticator app, or a recovery code.'));
    void verifying.run();
  }

  return (
    <form onSubmit={submit} noValidate className="stack" aria-label={t('Two-factor sign-in')}>
      {mode === 'setup' ? (
        <>
          <p className="notice">{t('Your workspace requires two-factor sign-in. Set it up now to go on.')}</p>
          <FormError message={setupError} />
          {setup ? (
            <TotpEnrolment setup={setup} />
          ) : setupError ? null : (
            <p className="muted" role="status">
              {t('Preparing your code…')}
            </p>
          )}
        </>
      ) : (
        <p>{t('Open your authenticator app and type the code it shows for Casehub. Lost your phone? Type one of your recovery codes.')}</p>
      )}
      <TextInput
        label={mode === 'setup' ? t('Code from the app') : t('Code')}
        inputMode="numeric"
        autoComplete="one-time-code"
        autoFocus
        maxLength={32}
        value={code}
        onChange={(e) => setCode(e.target.value)}
      />
      <FormError message={verifying.error} />
      <button type="submit" className="button button--primary button--block" disabled={verifying.busy || (mode === 'setup' && !setup)}>
        {verifying.busy ? t('Checking…') : mode === 'setup' ? t('Turn on and sign in') : t('Sign in')}
      </button>
    </form>
  );
}
