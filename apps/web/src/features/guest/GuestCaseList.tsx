import { Link } from 'react-router';
import { api, errorMessage } from '../../lib/api';
import { useApi } from '../../lib/useApi';
import { capitalize } from '../cases/format';

/** A guest's landing page: only the cases they were invited to, nothing else of the workspace. */
export function GuestCaseList() {
  const list = useApi('guest-cases', (signal) => api.listCases({ sort: 'updatedAt', order: 'desc' }, signal));
  return (
    <main className="page">
      <div className="page__header">
        <h1>Your cases</h1>
      </div>
      {list.state === 'error' ? (
        <div className="notice notice--error" role="alert">
          <span>Could not load your cases: {errorMessage(list.error)}</span>
          <button type="button" className="button" onClick={list.reload}>
            Retry
          </button>
        </div>
      ) : null}
      {list.data === undefined && list.state === 'loading' ? (
        <p className="muted" role="status">
          Loading cases…
        </p>
      ) : null}
      {list.data && list.data.cases.length === 0 ? (
        <div className="empty">
          <h2>No cases shared with you</h2>
          <p className="muted">When a team invites you to a case, it shows up here.</p>
        </div>
      ) : null}
      {list.data && list.data.cases.length > 0 ? (
        <ul className="guest-cases" aria-label="Your cases">
          {list.data.cases.map((c) => (
            <li key={c.id} className="guest-case">
              <Link to={`/cases/${encodeURIComponent(c.id)}`} className="guest-case__title">
                {c.title}
              </Link>
              <span className="guest-case__meta muted">
                <span className={`tag tag--${c.kind}`}>{capitalize(c.kind)}</span> {c.stage}
                {c.closeDate ? ` · closes ${new Date(`${c.closeDate}T00:00:00`).toLocaleDateString()}` : ''}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </main>
  );
}
