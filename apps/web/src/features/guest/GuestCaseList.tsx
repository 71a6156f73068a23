import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Async } from '../../components/Async';
import { api } from '../../lib/api';
import { useApi } from '../../lib/useApi';
import { kindLabel } from '../cases/format';
import { formatLocale } from '../../i18n';

/** A guest's landing page: only the cases they were invited to, nothing else of the workspace. */
export function GuestCaseList() {
  const { t } = useTranslation();
  const list = useApi('guest-cases', (signal) => api.listCases({ sort: 'updatedAt', order: 'desc' }, signal));
  return (
    <main className="page">
      <div className="page__header">
        <h1>{t('Your cases')}</h1>
      </div>
      <Async
        value={list}
        what={t('your cases')}
        isEmpty={(page) => page.cases.length === 0}
        empty={
          <div className="empty">
            <h2>{t('No cases shared with you')}</h2>
            <p className="muted">{t('When a team invites you to a case, it shows up here.')}</p>
          </div>
        }
      >
        {(page) => (
          <ul className="guest-cases" aria-label={t('Your cases')}>
            {page.cases.map((c) => (
              <li key={c.id} className="guest-case">
                <Link to={`/cases/${encodeURIComponent(c.id)}`} className="guest-case__title">
                  {c.title}
                </Link>
                <span className="guest-case__meta muted">
                  <span className={`tag tag--${c.kind}`}>{kindLabel(c.kind)}</span> {c.stage}
                  {c.closeDate ? ` · ${t('closes {{date}}', { date: new Date(`${c.closeDate}T00:00:00`).toLocaleDateString(formatLocale()) })}` : ''}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Async>
    </main>
  );
}
