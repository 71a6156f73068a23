import { useId, useState, type FormEvent } from 'react';
import type { TokenScope, TokenSummary } from '@casehub/contract';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { FormError } from '../../components/FormError';
import { SecretOnce } from '../../components/SecretOnce';
import { Async } from '../../components/Async';
import { call } from '../../lib/api';
import { useSubmit } from '../../lib/useSubmit';
import { useApi } from '../../lib/useApi';
import { formatDateTime } from '../activity/format';
import { useMe } from '../auth/session';
import { TableHead } from '../../components/TableHead';
import { Trans, useTranslation } from 'react-i18next';

/** How long a new token lives; 90 days unless chosen otherwise. */
const lifetimes = [
  { label: '7 days', days: 7 },
  { label: '30 days', days: 30 },
  { label: '90 days', days: 90 },
  { label: '1 year', days: 365 },
  { label: 'Never', days: null },
] as const;

/**
 * Settings → Your settings → API tokens: tokens let programs call the API
 * (`Authorization: Bearer`) and open sync sockets (`?token=`). The secret is
 * shown once; owners and admins see and revoke everyone's.
 */
export function ApiTokens() {
  const { t } = useTranslation();
  const me = useMe();
  const manager = me.role === 'owner' || me.role === 'admin';
  const tokens = useApi('tokens', async (signal) => (await call('GET /api/tokens', { signal })).tokens);
  const [name, setName] = useState('');
  const [scope, setScope] = useState<TokenScope>('read-write');
  const [lifetime, setLifetime] = useState<(typeof lifetimes)[number]['days']>(90);
  const [created, setCreated] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<TokenSummary | null>(null);
  const nameId = useId();
  const scopeId = useId();
  const lifetimeId = useId();
  const creating = useSubmit(async () => {
    const expiresAt = lifetime === null ? undefined : new Date(Date.now() + lifetime * 24 * 3600_000).toISOString();
    const made = await call('POST /api/tokens', { body: { name: name.trim(), scope, ...(expiresAt ? { expiresAt } : {}) } });
    setCreated(made.token);
    setName('');
    tokens.reload();
  });

  function create(e: FormEvent) {
    e.preventDefault();
    if (!name.trim()) return creating.fail('Give the token a name, e.g. what will use it');
    void creating.run();
  }

  return (
    <section className="page-section stack" aria-labelledby="tokens-heading">
      <h2 id="tokens-heading">{t('API tokens')}</h2>
      <p className="muted">
        <Trans
          i18nKey="For scripts and other tools: send a token as <code>Authorization: Bearer …</code>, or as <code>?token=</code> on <code>/sync</code>. It acts as you, with your access."
          components={{ code: <code /> }}
        />
        {manager ? t(' As an owner or admin you see, and can revoke, everyone’s tokens.') : ''}
      </p>
      {created ? (
        <SecretOnce label={t('API token')} message="Token created. Copy it now: it is not shown again." value={created} onDone={() => setCreated(null)} />
      ) : null}
      <form className="filters" onSubmit={create} aria-label={t('Create an API token')} noValidate>
        <div className="field field--search">
          <label htmlFor={nameId}>{t('Name')}</label>
          <input id={nameId} value={name} maxLength={120} placeholder={t('e.g. CRM sync')} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={scopeId}>{t('Access')}</label>
          <select id={scopeId} value={scope} onChange={(e) => setScope(e.target.value === 'read' ? 'read' : 'read-write')}>
            <option value="read-write">{t('Read and write')}</option>
            <option value="read">{t('Read only')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={lifetimeId}>{t('Expires')}</label>
          <select
            id={lifetimeId}
            value={lifetime ?? 'never'}
            onChange={(e) => setLifetime(lifetimes.find((l) => String(l.days ?? 'never') === e.target.value)?.days ?? null)}
          >
            {lifetimes.map((l) => (
              <option key={l.label} value={l.days ?? 'never'}>
                {l.label}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button--primary" disabled={creating.busy}>
          {creating.busy ? 'Creating…' : 'Create token'}
        </button>
      </form>
      <FormError message={creating.error} />
      <Async value={tokens} what={t('your tokens')} empty={<p className="muted">{t('No tokens yet.')}</p>}>
        {(list) => (
          <div className="table-wrap">
            <table className="case-table" aria-label={t('API tokens')}>
              <TableHead columns={[t('Name'), manager ? t('Person') : null, t('Access'), t('Created'), t('Last used'), t('Expires')]} actions />
              <tbody>
                {list.map((token) => (
                  <tr key={token.id}>
                    <td>{token.name}</td>
                    {manager ? <td>{token.userId === me.user.id ? 'You' : token.userName}</td> : null}
                    <td>{token.scope === 'read' ? 'Read only' : 'Read and write'}</td>
                    <td>{formatDateTime(token.createdAt)}</td>
                    <td>{token.lastUsedAt ? formatDateTime(token.lastUsedAt) : 'Never'}</td>
                    <td>{token.expiresAt ? formatDateTime(token.expiresAt) : 'Never'}</td>
                    <td>
                      <button
                        type="button"
                        className="button button--danger"
                        onClick={() => setRevoking(token)}
                        aria-label={t('Revoke token {{name}}', { name: token.name })}
                      >
                        {t('Revoke')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Async>
      {revoking ? (
        <ConfirmDialog
          title={t('Revoke this token?')}
          confirmLabel={t('Revoke')}
          onClose={() => setRevoking(null)}
          onConfirm={async () => {
            await call('DELETE /api/tokens/{id}', { params: { id: revoking.id } });
            setRevoking(null);
            tokens.reload();
          }}
        >
          <p>
            {t('“{{name}}” stops working at once, and whatever uses it is disconnected. This cannot be undone: a new token would have to be created.', {
              name: revoking.name,
            })}
          </p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
