import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Async } from '../components/Async';
import { useApi } from '../lib/useApi';
import { ContactFormDialog } from '../features/contacts/ContactFormDialog';
import { contactsApi } from '../features/contacts/contactsApi';
import { pageSize, RecordTable, SegmentBar, useSegmentParams } from '../features/contacts/segments';
import { CsvActions } from '../features/csv/CsvActions';
import { useTranslation } from 'react-i18next';

/** `/contacts`: the people at accounts, searchable, segmented by tag, with saved filters. */
export function ContactsRoute() {
  const { t } = useTranslation();
  const seg = useSegmentParams();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const query = { ...seg.segment, limit: pageSize, offset: seg.offset };
  const list = useApi(`contacts:${JSON.stringify(query)}`, (signal) => contactsApi.listContacts(query, signal));

  return (
    <main className="page">
      <div className="page__header">
        <h1>{t('Contacts')}</h1>
        <div className="page__actions">
          <CsvActions kind="contacts" onImported={list.reload} />
          <button type="button" className="button button--primary" onClick={() => setCreating(true)}>
            {t('New contact')}
          </button>
        </div>
      </div>
      <SegmentBar
        target="contacts"
        label={t('Search contacts by name, address or title')}
        seg={seg}
        tags={(list.data?.contacts ?? []).flatMap((c) => c.tags)}
      />
      {seg.accountId ? <AccountFilter id={seg.accountId} onClear={() => seg.update({ accountId: '' })} /> : null}
      <Async
        value={list}
        what={t('contacts')}
        isEmpty={(page) => page.total === 0}
        empty={
          <div className="empty">
            <h2>{seg.filtered ? 'No contacts match this filter' : 'No contacts yet'}</h2>
            <p className="muted">{t('A contact is a person at a customer or partner: their addresses link their emails across cases.')}</p>
          </div>
        }
      >
        {(page) => (
          <RecordTable
            label={t('Contacts')}
            rows={page.contacts}
            page={page}
            loading={list.state === 'loading'}
            hrefOf={(c) => `/contacts/${encodeURIComponent(c.id)}`}
            columns={[
              { header: 'Title', cell: (c) => c.title || '—' },
              {
                header: 'Account',
                cell: (c) => (c.accountId && c.accountName ? <Link to={`/accounts/${encodeURIComponent(c.accountId)}`}>{c.accountName}</Link> : '—'),
              },
              { header: 'Email', cell: (c) => c.emails[0] ?? '—' },
            ]}
            onOffset={(offset) => seg.update({ offset }, false)}
          />
        )}
      </Async>
      {creating ? <ContactFormDialog onClose={() => setCreating(false)} onSaved={(c) => void navigate(`/contacts/${encodeURIComponent(c.id)}`)} /> : null}
    </main>
  );
}

/** The account the list is limited to (`?accountId=`, from an account's page or a saved filter), with a way out. */
function AccountFilter({ id, onClear }: { id: string; onClear: () => void }) {
  const { t } = useTranslation();
  const account = useApi(`contacts-account-filter:${id}`, (signal) => contactsApi.getAccount(id, signal));
  const name = account.data?.name ?? (account.state === 'error' ? 'an unknown account' : '…');
  return (
    <p className="chips">
      <span className="muted">{t('At account:')}</span>
      <span className="chip chip--on">{name}</span>
      <button type="button" className="link-button" onClick={onClear}>
        {t('Show all accounts')}
      </button>
    </p>
  );
}
