import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Pager } from '../components/Pager';
import { useApi } from '../lib/useApi';
import { AccountFormDialog } from '../features/contacts/AccountFormDialog';
import { contactsApi } from '../features/contacts/contactsApi';
import { ListState, pageSize, SegmentBar, useSegmentParams } from '../features/contacts/segments';
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
      {data === undefined || list.state === 'error' ? <ListState state={list.state} error={list.state === 'error' ? list.error : null} what="accounts" onRetry={list.reload} /> : null}
      {data && data.total === 0 ? (
        <div className="empty">
          <h2>{seg.filtered ? 'No accounts match this filter' : 'No accounts yet'}</h2>
          <p className="muted">An account is a company you deal with; a case names it in its Account field.</p>
        </div>
      ) : null}
      {data && data.accounts.length > 0 ? (
        <>
          <div className="table-wrap">
            <table className="case-table" aria-label="Accounts" aria-busy={list.state === 'loading'}>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Domains</th>
                  <th scope="col">Owner</th>
                  <th scope="col" className="num">
                    Contacts
                  </th>
                  <th scope="col">Tags</th>
                </tr>
              </thead>
              <tbody>
                {data.accounts.map((a) => (
                  <tr key={a.id} data-account-id={a.id}>
                    <td className="case-table__title">
                      <Link to={`/accounts/${encodeURIComponent(a.id)}`}>{a.name}</Link>
                    </td>
                    <td>{a.domains.join(', ') || '—'}</td>
                    <td>{a.ownerName ?? '—'}</td>
                    <td className="num">{a.contactCount}</td>
                    <td>
                      {a.tags.map((t) => (
                        <span key={t} className="tag">
                          {t}
                        </span>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager total={data.total} offset={data.offset} limit={data.limit} onOffset={(offset) => seg.update({ offset }, false)} />
        </>
      ) : null}
      {creating ? (
        <AccountFormDialog onClose={() => setCreating(false)} onSaved={(a) => void navigate(`/accounts/${encodeURIComponent(a.id)}`)} />
      ) : null}
    </main>
  );
}
