import { Async } from '../../components/Async';
import { RelativeTime } from '../../components/RelativeTime';
import type { CaseViewsState } from './useCaseViews';

/**
 * Who has seen what (issue 15.5), for the team only: each person who opened
 * the case, when they last did, and the files and emails they opened. The
 * server records openings; guests never get this list.
 */
export function CaseViewsPanel({ caseId, views }: { caseId: string; views: CaseViewsState }) {
  return (
    <section className="team-panel views" aria-labelledby={`views-${caseId}`}>
      <div className="team-panel__header">
        <h2 id={`views-${caseId}`}>Seen by</h2>
        <button type="button" className="button button--small" onClick={views.reload} aria-label="Refresh who has seen this case">
          Refresh
        </button>
      </div>
      <Async
        value={views}
        what="who has seen this case"
        isEmpty={(d) => d.people.length === 0}
        empty={<p className="muted">Nobody has opened this case yet.</p>}
      >
        {(data) => (
          <ul className="views" aria-label="People who opened this case">
            {data.people.map((p) => (
              <li key={p.userId} className="views__person">
                <div>
                  <strong>{p.name}</strong>
                  {p.guest ? <span className="tag">guest</span> : null}{' '}
                  {p.lastOpenedAt ? (
                    <span className="muted">
                      opened the case <RelativeTime iso={p.lastOpenedAt} />
                    </span>
                  ) : null}
                </div>
                {p.opened.length > 0 ? (
                  <ul className="views__opened" aria-label={`What ${p.name} opened`}>
                    {p.opened.map((o) => (
                      <li key={`${o.target}:${o.id}`}>
                        {o.target === 'file' ? 'File' : 'Email'} <em>{o.name}</em>{' '}
                        <span className="muted">
                          <RelativeTime iso={o.lastAt} />
                          {o.count > 1 ? `, ${o.count} times` : ''}
                        </span>
                      </li>
                    ))}
                  </ul>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </Async>
    </section>
  );
}
