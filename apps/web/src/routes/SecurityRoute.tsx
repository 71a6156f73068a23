import { useEffect, useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { workspaceSecurity, type WorkspaceSecurity } from '@casehub/contract';
import { Async } from '../components/Async';
import { call } from '../lib/api';
import { useApi } from '../lib/useApi';
import { useSubmit } from '../lib/useSubmit';
import { useMe } from '../features/auth/session';
import { SettingsFormEnd } from '../components/FormActions';
import { Trans, useTranslation } from 'react-i18next';

/**
 * `/settings/security` (owners change it, admins read it): how people sign
 * in to the workspace: a second factor for every member, single sign-on
 * only, and which email domains may join through single sign-on.
 */
export function SecurityRoute() {
  const { t } = useTranslation();
  const me = useMe();
  const owner = me.role === 'owner';
  const rules = useApi('workspace-security', (signal) => call('GET /api/workspace/security', { signal }));
  return (
    <main className="page">
      <div className="page__header">
        <h1>{t('Sign-in security')}</h1>
      </div>
      <Async value={rules} what={t('the sign-in rules')}>
        {(r) => <SecurityForm initial={r} sso={r.sso} editable={owner} onSaved={rules.reload} />}
      </Async>
    </main>
  );
}

function SecurityForm({
  initial,
  sso,
  editable,
  onSaved,
}: {
  initial: WorkspaceSecurity;
  sso: { name: string } | null;
  editable: boolean;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [form, setForm] = useState({ require2fa: initial.require2fa, ssoOnly: initial.ssoOnly, domains: initial.ssoDomains.join('\n') });
  const [saved, setSaved] = useState<string | null>(null);
  const domainsId = useId();
  useEffect(() => setSaved(null), [form]);
  const saving = useSubmit(async (input: WorkspaceSecurity) => {
    await call('PUT /api/workspace/security', { body: input });
    setSaved(t('Saved.'));
    onSaved();
  });

  function save(e: FormEvent) {
    e.preventDefault();
    const parsed = workspaceSecurity.safeParse({
      require2fa: form.require2fa,
      ssoOnly: form.ssoOnly,
      ssoDomains: form.domains
        .split(/[\s,]+/)
        .map((d) => d.trim())
        .filter(Boolean),
    });
    if (!parsed.success) return saving.fail(t('Email domains: {{valid}}', { valid: parsed.error.issues[0]?.message ?? t('not valid') }));
    void saving.run(parsed.data);
  }

  return (
    <form className="page-section stack" onSubmit={save} noValidate aria-label={t('Sign-in rules')}>
      {editable ? null : <p className="notice">{t('Only an owner changes these rules.')}</p>}
      <fieldset className="stack" disabled={!editable || saving.busy}>
        <label className="check">
          <input type="checkbox" checked={form.require2fa} onChange={(e) => setForm((f) => ({ ...f, require2fa: e.target.checked }))} />
          <span>
            <Trans
              i18nKey="<b>Require two-factor sign-in</b> for every member (guests are not asked). Members without it are signed out and set it up at their next sign-in. Turn it on for yourself first, in <settings>Your settings</settings>."
              components={{ b: <strong />, settings: <Link to="/settings/account" /> }}
            />
          </span>
        </label>
        <h2>{t('Single sign-on')}</h2>
        {sso ? (
          <p className="muted">{t('This server signs people in with {{name}}.', { name: sso.name })}</p>
        ) : (
          <p className="muted">
            <Trans
              i18nKey="Not configured on this server: its operator sets <code>OIDC_ISSUER</code>, <code>OIDC_CLIENT_ID</code> and <code>OIDC_CLIENT_SECRET</code>."
              components={{ code: <code /> }}
            />
          </p>
        )}
        <label className="check">
          <input
            type="checkbox"
            checked={form.ssoOnly}
            disabled={!sso && !form.ssoOnly}
            onChange={(e) => setForm((f) => ({ ...f, ssoOnly: e.target.checked }))}
          />
          <span>
            <Trans
              i18nKey="<b>Members sign in only with single sign-on</b> (passwords stop working for them; guests keep their links and passwords)."
              components={{ b: <strong /> }}
            />
          </span>
        </label>
        <div className="field">
          <label htmlFor={domainsId}>{t('Email domains that may join by single sign-on')}</label>
          <textarea
            id={domainsId}
            rows={3}
            value={form.domains}
            placeholder={t('example.com\nsubsidiary.example')}
            onChange={(e) => setForm((f) => ({ ...f, domains: e.target.value }))}
          />
          <p className="field__hint">
            {t('One per line. A person with a verified address at one of them who signs in with single sign-on joins as a member.')}
          </p>
        </div>
      </fieldset>
      <SettingsFormEnd error={saving.error} saved={saved} editable={editable} busy={saving.busy} submitLabel={t('Save')} />
    </form>
  );
}
