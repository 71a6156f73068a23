import { useEffect, useState } from 'react';
import { digestFrequencies, type DigestPrefResponse } from '@casehub/contract';
import { useMe } from '../features/auth/session';
import { dashboardApi } from '../features/dashboard/dashboardApi';
import { ApiTokens } from '../features/tokens/ApiTokens';
import { SessionsList } from '../features/account/SessionsList';
import { TwoFactorSettings } from '../features/account/TwoFactorSettings';
import { errorMessage, isAbort } from '../lib/api';

const labels: Record<DigestPrefResponse['frequency'], { title: string; help: string }> = {
  off: { title: 'Off', help: 'no digest emails' },
  daily: { title: 'Daily', help: 'once a day, what is still unread' },
  weekly: { title: 'Weekly', help: 'once a week, what is still unread' },
};

/** `/settings/account`: the signed-in person's own settings (the email digest of unread notifications, two-factor sign-in, sessions, API tokens). */
export function AccountSettingsRoute() {
  const me = useMe();
  const [pref, setPref] = useState<DigestPrefResponse | null>(null);
  const [status, setStatus] = useState<string>('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const ctrl = new AbortController();
    dashboardApi.digest(ctrl.signal).then(setPref, (err: unknown) => {
      if (!isAbort(err)) setError(errorMessage(err));
    });
    return () => ctrl.abort();
  }, []);

  const choose = async (frequency: DigestPrefResponse['frequency']): Promise<void> => {
    if (!pref || frequency === pref.frequency) return;
    const before = pref;
    setPref({ ...pref, frequency });
    setBusy(true);
    setError(null);
    setStatus('Saving…');
    try {
      setPref(await dashboardApi.setDigest({ frequency }));
      setStatus(frequency === 'off' ? 'Saved: no digest emails.' : `Saved: a ${frequency} digest goes to ${me.user.email}.`);
    } catch (err) {
      setPref(before);
      setStatus('');
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="page">
      <div className="page__header">
        <h1>Your settings</h1>
      </div>
      <section className="page-section" aria-labelledby="digest-heading">
        <h2 id="digest-heading">Email digest</h2>
        <p className="muted">A summary of your unread notifications, sent to {me.user.email}, with what arrived since the last one.</p>
        {pref === null ? (
          error ? (
            <p className="notice notice--error" role="alert">
              {error}
            </p>
          ) : (
            <p className="muted" role="status">
              Loading…
            </p>
          )
        ) : (
          <fieldset className="radio-group" disabled={busy}>
            <legend className="field__label">How often</legend>
            {digestFrequencies.map((f) => (
              <label key={f} className="radio-group__item">
                <input type="radio" name="digest-frequency" value={f} checked={pref.frequency === f} onChange={() => void choose(f)} />
                <span>
                  <strong>{labels[f].title}</strong> <span className="muted">— {labels[f].help}</span>
                </span>
              </label>
            ))}
          </fieldset>
        )}
        {pref && error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <p className="muted" role="status" aria-live="polite">
          {status}
          {pref?.lastSentAt && !status ? `Last digest: ${new Date(pref.lastSentAt).toLocaleString()}` : null}
        </p>
      </section>
      <TwoFactorSettings />
      <SessionsList />
      <ApiTokens />
    </main>
  );
}
