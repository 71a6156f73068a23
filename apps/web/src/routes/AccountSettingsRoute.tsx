import { useId, useState } from 'react';
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
import { useTranslation } from 'react-i18next';
import { formatLocale, languageNames, languages, msg, pickLanguage, setLanguageChoice, useLanguageChoice, type LanguageChoice } from '../i18n';

type Frequency = DigestPrefResponse['frequency'];

// English; shown through `t()`.
const labels: Record<Frequency, { title: string; help: string }> = {
  off: { title: msg('Off'), help: msg('no digest emails') },
  daily: { title: msg('Daily'), help: msg('once a day, what is still unread') },
  weekly: { title: msg('Weekly'), help: msg('once a week, what is still unread') },
};

/** The language of the app in this browser (issue 17.7): the browser's own by default, or one chosen here. */
function LanguageSetting() {
  const { t } = useTranslation();
  const choice = useLanguageChoice();
  const id = useId();
  const browser = pickLanguage(typeof navigator === 'undefined' ? [] : navigator.languages);
  return (
    <section className="page-section" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('Language')}</h2>
      <div className="field">
        <label htmlFor={id}>{t('Language of Casehub in this browser')}</label>
        <select id={id} value={choice} onChange={(e) => setLanguageChoice(isLanguageChoice(e.target.value) ? e.target.value : 'browser')}>
          <option value="browser">{t('Same as the browser ({{language}})', { language: languageNames[browser] })}</option>
          {languages.map((language) => (
            <option key={language} value={language} lang={language}>
              {languageNames[language]}
            </option>
          ))}
        </select>
      </div>
    </section>
  );
}

const isLanguageChoice = (value: string): value is LanguageChoice => value === 'browser' || (languages as readonly string[]).includes(value);

/** `/settings/account`: the signed-in person's own settings (the email digest of unread notifications, two-factor sign-in, sessions, API tokens, language). */
export function AccountSettingsRoute() {
  const { t } = useTranslation();
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
    setStatus(t('Saving…'));
    const saved = await saving.run(frequency);
    setChosen(saved ?? before);
    setStatus(
      !saved
        ? ''
        : frequency === 'off'
          ? t('Saved: no digest emails.')
          : frequency === 'daily'
            ? t('Saved: a daily digest goes to {{email}}.', { email: me.user.email })
            : t('Saved: a weekly digest goes to {{email}}.', { email: me.user.email }),
    );
  };

  return (
    <main className="page">
      <div className="page__header">
        <h1>{t('Your settings')}</h1>
      </div>
      <section className="page-section" aria-labelledby="digest-heading">
        <h2 id="digest-heading">{t('Email digest')}</h2>
        <p className="muted">
          {t('A summary of your unread notifications, sent to {{email}}, with what arrived since the last one.', { email: me.user.email })}
        </p>
        <Async value={digest} what={t('your digest setting')}>
          {(loaded) => (
            <fieldset className="radio-group" disabled={saving.busy}>
              <legend className="field__label">{t('How often')}</legend>
              {digestFrequencies.map((f) => (
                <label key={f} className="radio-group__item">
                  <input type="radio" name="digest-frequency" value={f} checked={(chosen ?? loaded).frequency === f} onChange={() => void choose(f)} />
                  <span>
                    <strong>{t(labels[f].title)}</strong> <span className="muted">— {t(labels[f].help)}</span>
                  </span>
                </label>
              ))}
            </fieldset>
          )}
        </Async>
        <FormError message={saving.error} />
        <p className="muted" role="status" aria-live="polite">
          {status}
          {pref?.lastSentAt && !status ? t('Last digest: {{when}}', { when: new Date(pref.lastSentAt).toLocaleString(formatLocale()) }) : null}
        </p>
      </section>
      <TwoFactorSettings />
      <SessionsList />
      <ApiTokens />
      <LanguageSetting />
    </main>
  );
}
