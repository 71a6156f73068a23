import { Trans, useTranslation } from 'react-i18next';
import { Async } from '../../components/Async';
import { RelativeTime } from '../../components/RelativeTime';
import type { CaseViewsState } from './useCaseViews';

/**
 * Who has seen what (issue 15.5), for the team only: each person who opened
 * the case, when they last did, and the files and emails they opened. The
 * server records openings; guests never get this list.
 */
export function CaseViewsPanel({ caseId, views }: { caseId: string; views: CaseViewsState }) {
  const { t } = useTranslation();
  return (
    <section className="team-panel views" aria-labelledby={`views-${caseId}`}>
      <div className="team-panel__header">
        <h2 id={`views-${caseId}`}>{t('Seen by')}</h2>
        <button type="button" className="button button--small" onClick={views.reload} aria-label={t('Refresh who has seen this case')}>
          {t('Refresh')}
        </button>
      </div>
      <Async
        value={views}
        what={t('who has seen this case')}
        isEmpty={(d) => d.people.length === 0}
        empty={<p className="muted">{t('Nobody has opened this case yet.')}</p>}
      >
        {(data) => (
          <ul className="views" aria-label={t('People who opened this case')}>
            {data.people.map((p) => (
              <li key={p.userId} className="views__person">
                <div>
                  <strong>{p.name}</strong>
                  {p.guest ? <span className="tag">{t('guest')}</span> : null}{' '}
                  {p.lastOpenedAt ? (
                    <span className="muted">
                      <Trans i18nKey="opened the case <time />" components={{ time: <RelativeTime iso={p.lastOpenedAt} /> }} />
                    </span>
                  ) : null}
                </div>
                {p.opened.length > 0 ? (
                  <ul className="views__opened" aria-label={t('What {{name}} opened', { name: p.name })}>
                    {p.opened.map((o) => (
                      <li key={`${o.target}:${o.id}`}>
                        {o.target === 'file' ? t('File') : t('Email')} <em>{o.name}</em>{' '}
                        <span className="muted">
                          <RelativeTime iso={o.lastAt} />
                          {o.count > 1 ? `, ${t('{{count}} times', { count: o.count })}` : ''}
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
