import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Async } from '../components/Async';
import { useApi } from '../lib/useApi';
import { AccountFormDialog } from '../features/contacts/AccountFormDialog';
import { contactsApi } from '../features/contacts/contactsApi';
import { pageSize, RecordTable, SegmentBar, useSegmentParams } from '../features/contacts/segments';
import { CsvActions } from '../features/csv/CsvActions';
import { useTranslation } from 'react-i18next';

/** `/accounts`: the companies the workspace deals with, searchable, segmented by tag, with saved filters. */
export function AccountsRoute() {
  const { t } = useTranslation();
  const seg = useSegmentParams();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const query = { ...(seg.segment.q ? { q: seg.segment.q } : {}), ...(seg.segment.tag ? { tag: seg.segment.tag } : {}), limit: pageSize, offset: seg.offset };
  const list = useApi(`accounts:${JSON.stringify(query)}`, (signal) => contactsApi.listAccounts(query, signal));

  return (
    <main className="page">
      <div className="page__header">
        <h1>{t('Accounts')}</h1>
        <div className="page__actions">
          <CsvActions kind="accounts" onImported={list.reload} />
          <button type="button" className="button button--primary" onClick={() => setCreating(true)}>
            {t('New account')}
          </button>
        </div>
      </div>
      <SegmentBar target="accounts" label={t('Search accounts by name or domain')} seg={seg} tags={(list.data?.accounts ?? []).flatMap((a) => a.tags)} />
      <Async
        value={list}
        what={t('accounts')}
        isEmpty={(page) => page.total === 0}
        empty={
          <div className="empty">
            <h2>{seg.filtered ? t('No accounts match this filter') : t('No accounts yet')}</h2>
            <p className="muted">{t('An account is a company you deal with; a case names it in its Account field.')}</p>
          </div>
        }
      >
        {(page) => (
          <RecordTable
            label={t('Accounts')}
            rows={page.accounts}
            page={page}
            loading={list.state === 'loading'}
            hrefOf={(a) => `/accounts/${encodeURIComponent(a.id)}`}
            columns={[
              { header: t('Domains'), cell: (a) => a.domains.join(', ') || '—' },
              { header: t('Owner'), cell: (a) => a.ownerName ?? '—' },
              { header: t('Contacts'), numeric: true, cell: (a) => a.contactCount },
            ]}
            onOffset={(offset) => seg.update({ offset }, false)}
          />
        )}
      </Async>
      {creating ? <AccountFormDialog onClose={() => setCreating(false)} onSaved={(a) => void navigate(`/accounts/${encodeURIComponent(a.id)}`)} /> : null}
    </main>
  );
}
