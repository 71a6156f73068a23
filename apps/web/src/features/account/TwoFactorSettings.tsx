import { useState, type FormEvent } from 'react';
import type { TotpSetup } from '@casehub/contract';
import { Async } from '../../components/Async';
import { Dialog } from '../../components/Dialog';
import { FormError } from '../../components/FormError';
import { TextInput } from '../../components/TextInput';
import { call } from '../../lib/api';
import { useApi } from '../../lib/useApi';
import { useSubmit } from '../../lib/useSubmit';
import { RecoveryCodes } from '../auth/RecoveryCodes';
import { TotpEnrolment } from '../auth/TotpEnrolment';
import { useTranslation } from 'react-i18next';

/**
 * Your settings → Two-factor sign-in: enrol an authenticator app (QR code,
 * then a code to confirm), see how many recovery codes are left, turn it off
 * with your password (not where the workspace requires it).
 */
export function TwoFactorSettings() {
  const { t } = useTranslation();
  const status = useApi('me-2fa', (signal) => call('GET /api/me/2fa', { signal }));
  const [setup, setSetup] = useState<TotpSetup | null>(null);
  const [code, setCode] = useState('');
  const [codes, setCodes] = useState<string[] | null>(null);
  const [turningOff, setTurningOff] = useState(false);
  const starting = useSubmit(async () => setSetup(await call('POST /api/me/2fa/setup')));
  const confirming = useSubmit(async () => {
    const { recoveryCodes } = await call('POST /api/me/2fa/confirm', { body: { code: code.trim() } });
    setCodes(recoveryCodes);
    setSetup(null);
    setCode('');
    status.reload();
  });

  function confirm(e: FormEvent) {
    e.preventDefault();
    if (!/^\d{6}$/.test(code.trim())) return confirming.fail('Type the 6 digits your authenticator app shows.');
    void confirming.run();
  }

  return (
    <section className="page-section stack" aria-labelledby="twofa-heading">
      <h2 id="twofa-heading">{t('Two-factor sign-in')}</h2>
      <p className="muted">
        {t('After your password, Casehub asks for a code from an authenticator app on your phone, so a stolen password alone opens nothing.')}
      </p>
      {codes ? <RecoveryCodes codes={codes} onDone={() => setCodes(null)} doneLabel="Done" /> : null}
      <Async value={status} what={t('your two-factor setting')}>
        {(s) =>
          s.enabled ? (
            <div className="stack">
              <p>
                <strong>{t('On.')}</strong> {t('{{count}} of 10 recovery codes left.', { count: s.recoveryCodesLeft })}
                {s.required ? t(' Your workspace requires it.') : ''}
              </p>
              {s.required ? null : (
                <div>
                  <button type="button" className="button" onClick={() => setTurningOff(true)}>
                    {t('Turn off…')}
                  </button>
                </div>
              )}
            </div>
          ) : setup ? (
            <form className="stack" onSubmit={confirm} noValidate aria-label={t('Confirm two-factor sign-in')}>
              <TotpEnrolment setup={setup} />
              <TextInput
                label={t('Code from the app')}
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                value={code}
                onChange={(e) => setCode(e.target.value)}
              />
              <FormError message={confirming.error} />
              <div className="dialog__actions">
                <button type="button" className="button" onClick={() => setSetup(null)}>
                  {t('Cancel')}
                </button>
                <button type="submit" className="button button--primary" disabled={confirming.busy}>
                  {confirming.busy ? 'Checking…' : 'Turn on'}
                </button>
              </div>
            </form>
          ) : (
            <div className="stack">
              <p>
                <strong>{t('Off.')}</strong>
                {s.required ? ' Your workspace requires it: set it up now.' : ''}
              </p>
              <FormError message={starting.error} />
              <div>
                <button type="button" className="button button--primary" onClick={() => void starting.run()} disabled={starting.busy}>
                  {starting.busy ? 'Preparing…' : 'Set up two-factor sign-in'}
                </button>
              </div>
            </div>
          )
        }
      </Async>
      {turningOff ? (
        <TurnOffDialog
          onClose={() => setTurningOff(false)}
          onDone={() => {
            setTurningOff(false);
            status.reload();
          }}
        />
      ) : null}
    </section>
  );
}

function TurnOffDialog({ onClose, onDone }: { onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const turningOff = useSubmit(async () => {
    await call('DELETE /api/me/2fa', { body: { password } });
    onDone();
  });
  return (
    <Dialog title={t('Turn off two-factor sign-in?')} onClose={onClose}>
      <form
        className="stack"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!password) return turningOff.fail('Type your password to confirm.');
          void turningOff.run();
        }}
      >
        <p>{t('Your password alone will sign you in again, and your recovery codes stop working.')}</p>
        <TextInput label={t('Your password')} type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        <FormError message={turningOff.error} />
        <div className="dialog__actions">
          <button type="button" className="button" onClick={onClose}>
            {t('Keep it on')}
          </button>
          <button type="submit" className="button button--danger" disabled={turningOff.busy}>
            {turningOff.busy ? 'Turning off…' : 'Turn off'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
