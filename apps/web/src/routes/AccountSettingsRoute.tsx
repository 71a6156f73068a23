import { useState } from 'react';
import { digestFrequencies, type DigestPrefResponse } from '@casehub/contract';
import { useMe } from '../features/auth/session';
import { dashboardApi } from '../features/dashboard/dashboardApi';
import { ApiTokens } from '../features/tokens/ApiTokens';
import { SessionsList } from '../features/account/SessionsList';
import { TwoFactorSettings } from '../features/account/TwoFactorSettings';
import { useApi } from '../lib/useApi';
import { useSubmit } from '../lib/useSubmit';
import { Async } from '../components/Async';
import { FormError } from '../components/FormError';

type Frequency = DigestPrefResponse['frequency'];

const labels: Record<Frequency, { title: string; help: string }> = {
  off: { title: 'Off', help: 'no digest emails' },
  daily: { title: 'Daily', help: 'once a day, what is still unread' },
  weekly: { title: 'Weekly', help: 'once a week, what is still unread' },
};

/** `/settings/account`: the signed-in person's own settings (the email digest of unread notifications, two-factor sign-in, sessions, API tokens). */
export function AccountSettingsRoute() {
  const me = useMe();
  const digest = useApi('digest-pref', (signal) => dashboardApi.digest(signal));
  // The choice made here shows at once, before the server answers; a refusal puts the one before back.
  const [chosen, setChosen] = useState<DigestPrefResponse | null>(null);
  const pref = chosen ?? digest.data;
  const [status, setStatus] = useState<string>('');
  const saving = useSubmit((frequency: Frequency) => dashboardApi.setDigest({ frequency }));

  const choose = async (frequency: Frequency): Promise<void> => {
    if (!pref || frequency === pref.frequency) return;
    const before = pref;
    setChosen({ ...pref, frequency });
    setStatus('Saving…');
    const saved = await saving.run(frequency);
    setChosen(saved ?? before);
    setStatus(!saved ? '' : frequency === 'off' ? 'Saved: no digest emails.' : `Saved: a ${frequency} digest goes to ${me.user.email}.`);
  };

  return (
    <main className="page">
      <div className="page__header">
        <h1>Your settings</h1>
      </div>
      <section className="page-section" aria-labelledby="digest-heading">
        <h2 id="digest-heading">Email digest</h2>
        <p className="muted">A summary of your unread notifications, sent to {me.user.email}, with what arrived since the last one.</p>
        <Async value={digest} what="your digest setting">
          {(loaded) => (
            <fieldset className="radio-group" disabled={saving.busy}>
              <legend className="field__label">How often</legend>
              {digestFrequencies.map((f) => (
                <label key={f} className="radio-group__item">
                  <input type="radio" name="digest-frequency" value={f} checked={(chosen ?? loaded).frequency === f} onChange={() => void choose(f)} />
                  <span>
                    <strong>{labels[f].title}</strong> <span className="muted">— {labels[f].help}</span>
                  </span>
                </label>
              ))}
            </fieldset>
          )}
        </Async>
        <FormError message={saving.error} />
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
