import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useApi } from '../lib/useApi';
import { AccountFormDialog } from '../features/contacts/AccountFormDialog';
import { contactsApi } from '../features/contacts/contactsApi';
import { ListState, pageSize, RecordTable, SegmentBar, useSegmentParams } from '../features/contacts/segments';
import '../features/contacts/contacts.css';

/** `/accounts`: the companies the workspace deals with, searchable, segmented by tag, with saved filters. */
export function AccountsRoute() {
  const seg = useSegmentParams();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const query = { ...(seg.segment.q ? { q: seg.segment.q } : {}), ...(seg.segment.tag ? { tag: seg.segment.tag } : {}), limit: pageSize, offset: seg.offset };
  const list = useApi(`accounts:${JSON.stringify(query)}`, (signal) => contactsApi.listAccounts(query, signal));
  const data = list.data;

  return (
    <main className="page">
      <div className="page__header">
        <h1>Accounts</h1>
        <button type="button" className="button button--primary" onClick={() => setCreating(true)}>
          New account
        </button>
      </div>
      <SegmentBar target="accounts" label="Search accounts by name or domain" seg={seg} tags={(data?.accounts ?? []).flatMap((a) => a.tags)} />
      {data === undefined || list.state === 'error' ? (
        <ListState state={list.state} error={list.state === 'error' ? list.error : null} what="accounts" onRetry={list.reload} />
      ) : null}
      {data && data.total === 0 ? (
        <div className="empty">
          <h2>{seg.filtered ? 'No accounts match this filter' : 'No accounts yet'}</h2>
          <p className="muted">An account is a company you deal with; a case names it in its Account field.</p>
        </div>
      ) : null}
      {data && data.accounts.length > 0 ? (
        <RecordTable
          label="Accounts"
          rows={data.accounts}
          page={data}
          loading={list.state === 'loading'}
          hrefOf={(a) => `/accounts/${encodeURIComponent(a.id)}`}
          columns={[
            { header: 'Domains', cell: (a) => a.domains.join(', ') || '—' },
            { header: 'Owner', cell: (a) => a.ownerName ?? '—' },
            { header: 'Contacts', numeric: true, cell: (a) => a.contactCount },
          ]}
          onOffset={(offset) => seg.update({ offset }, false)}
        />
      ) : null}
      {creating ? <AccountFormDialog onClose={() => setCreating(false)} onSaved={(a) => void navigate(`/accounts/${encodeURIComponent(a.id)}`)} /> : null}
    </main>
  );
}
