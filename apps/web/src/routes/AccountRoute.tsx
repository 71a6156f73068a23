import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Async } from '../components/Async';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { useApi } from '../lib/useApi';
import { AccountFormDialog } from '../features/contacts/AccountFormDialog';
import { ContactFormDialog } from '../features/contacts/ContactFormDialog';
import { contactsApi } from '../features/contacts/contactsApi';
import { MergeDialog } from '../features/contacts/MergeDialog';
import { BackToList, RecordHeader } from '../features/contacts/RecordHeader';
import { expectationsApi } from '../features/expectations/expectationsApi';
import { KeptOverTimeTable } from '../features/expectations/KeptOverTime';
import { useTranslation } from 'react-i18next';
import { i18n } from '../i18n';

const enc = encodeURIComponent;

const percentOf = (r: { kept: number; total: number } | undefined): string =>
  r && r.total > 0
    ? i18n.t('{{percent}}% ({{kept}} of {{total}})', { percent: Math.round((r.kept / r.total) * 100), kept: r.kept, total: r.total })
    : i18n.t('nothing settled');

/** Issue 15.2: how this account's promises went, ours and theirs apart (cases name their account). */
function AccountKeptRates({ name }: { name: string }) {
  const { t } = useTranslation();
  const stats = useApi('expectation-stats', (signal) => expectationsApi.stats(signal));
  if (!stats.data) return <span className="muted">{stats.state === 'error' ? t('could not be loaded') : '…'}</span>;
  const ours = stats.data.byAccount.find((r) => r.account === name);
  const theirs = stats.data.customer.byAccount.find((r) => r.account === name);
  return <span data-testid="account-kept-rates">{t('by us {{ours}} · by them {{theirs}}', { ours: percentOf(ours), theirs: percentOf(theirs) })}</span>;
}

/** Issue 15.2, over time: this account's promises, ours and theirs, month by month. */
function AccountKeptOverTime({ name }: { name: string }) {
  const { t } = useTranslation();
  const stats = useApi('expectation-stats', (signal) => expectationsApi.stats(signal));
  if (!stats.data) return null;
  const { months, byAccount } = stats.data.overTime;
  const series = byAccount.find((r) => r.account === name) ?? {
    team: months.map(() => ({ kept: 0, total: 0 })),
    customer: months.map(() => ({ kept: 0, total: 0 })),
  };
  return (
    <section className="page-section" aria-labelledby="account-kept-heading">
      <h2 id="account-kept-heading">{t('Promises kept by month')}</h2>
      <KeptOverTimeTable
        months={months}
        series={series}
        caption={t('Kept by us and kept by them, by month due ({{timeZone}})', { timeZone: stats.data.overTime.timeZone })}
      />
    </section>
  );
}

/** `/accounts/:id`: one account, its contacts and the cases that name it. */
export function AccountRoute() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const detail = useApi(`account:${id}`, (signal) => contactsApi.getAccount(id, signal));
  const [dialog, setDialog] = useState<'edit' | 'merge' | 'delete' | 'contact' | null>(null);

  return (
    <main className="page account-page">
      {detail.data ? null : <BackToList record="account" />}
      <Async value={detail} what={t('the account')}>
        {(account) => (
          <>
            <RecordHeader record="account" name={account.name} mergedInto={account.mergedInto} onAction={setDialog} />
            <dl className="facts">
              <dt>{t('Domains')}</dt>
              <dd>{account.domains.join(', ') || '—'}</dd>
              <dt>{t('Owner')}</dt>
              <dd>{account.ownerName ?? '—'}</dd>
              <dt>{t('Tags')}</dt>
              <dd>
                {account.tags.length === 0 ? '—' : null}
                {account.tags.map((tag) => (
                  <Link key={tag} className="tag" to={`/accounts?tag=${enc(tag)}`}>
                    {tag}
                  </Link>
                ))}
              </dd>
              <dt>{t('Promises kept')}</dt>
              <dd>
                <AccountKeptRates name={account.name} />
              </dd>
              {account.notes ? (
                <>
                  <dt>{t('Notes')}</dt>
                  <dd className="facts__notes">{account.notes}</dd>
                </>
              ) : null}
            </dl>
            <AccountKeptOverTime name={account.name} />
            <section className="page-section" aria-labelledby="account-contacts-heading">
              <div className="page-section__header">
                <h2 id="account-contacts-heading">{t('Contacts')}</h2>
                <span className="page__actions">
                  {account.contacts.length > 0 ? <Link to={`/contacts?accountId=${enc(account.id)}`}>{t('Open in Contacts')}</Link> : null}
                  {account.mergedInto ? null : (
                    <button type="button" className="button button--small" onClick={() => setDialog('contact')}>
                      {t('Add contact')}
                    </button>
                  )}
                </span>
              </div>
              {account.contacts.length === 0 ? (
                <p className="muted">{t('No contacts at this account yet.')}</p>
              ) : (
                <ul className="plain-list" aria-label={t('Contacts at this account')}>
                  {account.contacts.map((c) => (
                    <li key={c.id}>
                      <Link to={`/contacts/${enc(c.id)}`}>{c.name}</Link>
                      {c.title ? <span className="muted"> · {c.title}</span> : null}
                      {c.emails[0] ? <span className="muted"> · {c.emails[0]}</span> : null}
                    </li>
                  ))}
                </ul>
              )}
            </section>
            <section className="page-section" aria-labelledby="account-cases-heading">
              <h2 id="account-cases-heading">{t('Cases')}</h2>
              {account.cases.length === 0 ? (
                <p className="muted">{t('No case you can see names this account.')}</p>
              ) : (
                <ul className="plain-list" aria-label={t('Cases for this account')}>
                  {account.cases.map((c) => (
                    <li key={c.id}>
                      <Link to={`/cases/${enc(c.id)}`}>{c.title}</Link> <span className={`tag tag--${c.kind}`}>{c.kind}</span>{' '}
                      <span className="tag">{c.stage}</span>
                    </li>
                  ))}
                </ul>
              )}
            </section>
            {dialog === 'edit' ? (
              <AccountFormDialog
                account={account}
                onClose={() => setDialog(null)}
                onSaved={() => {
                  setDialog(null);
                  detail.reload();
                }}
              />
            ) : null}
            {dialog === 'contact' ? (
              <ContactFormDialog
                accountId={account.id}
                onClose={() => setDialog(null)}
                onSaved={() => {
                  setDialog(null);
                  detail.reload();
                }}
              />
            ) : null}
            {dialog === 'merge' ? (
              <MergeDialog
                record="account"
                survivor={account}
                moves={t('Its contacts move to {{name}}, domains and tags are added, and its cases are renamed to {{name}}.', { name: account.name })}
                search={async (q, signal) =>
                  (await contactsApi.listAccounts({ q, limit: 20 }, signal)).accounts.map((a) => ({ id: a.id, name: a.name, detail: a.domains.join(', ') }))
                }
                onMerge={async (otherId) => {
                  await contactsApi.mergeAccount(account.id, otherId);
                  detail.reload();
                }}
                onClose={() => setDialog(null)}
              />
            ) : null}
            {dialog === 'delete' ? (
              <ConfirmDialog
                title={t('Delete {{name}}?', { name: account.name })}
                confirmLabel={t('Delete')}
                onClose={() => setDialog(null)}
                onConfirm={async () => {
                  await contactsApi.deleteAccount(account.id);
                  void navigate('/accounts');
                }}
              >
                <p>{t('Its contacts stay, without an account; cases keep the name in their Account field.')}</p>
              </ConfirmDialog>
            ) : null}
          </>
        )}
      </Async>
    </main>
  );
}
