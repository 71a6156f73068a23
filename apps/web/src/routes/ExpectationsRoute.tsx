import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { Link } from 'react-router';
import { Async } from '../components/Async';
import { usePolled } from '../lib/usePolled';
import { expectationsApi, expectationViews, type ExpectationStats, type ExpectationView } from '../features/expectations/expectationsApi';
import { StatusChip, formatDue } from '../features/expectations/status';
import { useTranslation } from 'react-i18next';

const viewLabels: Record<ExpectationView, string> = {
  week: 'Due this week',
  'at-risk': 'At risk',
  missed: 'Missed',
  open: 'Open',
  all: 'All',
};

/** States move on the server as time passes; the list follows within this. */
const pollMs = 10_000;

/** `/expectations`: the workspace's promises by view, and how well they are kept. */
export function ExpectationsRoute() {
  const { t } = useTranslation();
  const [view, setView] = useState<ExpectationView>('week');
  const base = useId();
  const refs = useRef<Partial<Record<ExpectationView, HTMLButtonElement | null>>>({});

  const onKey = (e: KeyboardEvent<HTMLDivElement>): void => {
    const index = expectationViews.indexOf(view);
    let next = index;
    if (e.key === 'ArrowRight') next = (index + 1) % expectationViews.length;
    else if (e.key === 'ArrowLeft') next = (index - 1 + expectationViews.length) % expectationViews.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = expectationViews.length - 1;
    else return;
    e.preventDefault();
    const key = expectationViews[next] ?? 'week';
    setView(key);
    refs.current[key]?.focus();
  };

  return (
    <main className="page">
      <div className="page__header">
        <h1>{t('Promises')}</h1>
      </div>
      <KeptRate />
      <section className="page-section" aria-label={t('Promises by state')}>
        <div className="plan-tabs__list" role="tablist" aria-label={t('Promise views')} onKeyDown={onKey}>
          {expectationViews.map((v) => (
            <button
              key={v}
              ref={(el) => {
                refs.current[v] = el;
              }}
              type="button"
              role="tab"
              id={`${base}-${v}-tab`}
              aria-controls={`${base}-panel`}
              aria-selected={view === v}
              tabIndex={view === v ? 0 : -1}
              className="plan-tabs__tab"
              onClick={() => setView(v)}
            >
              {viewLabels[v]}
            </button>
          ))}
        </div>
        <div role="tabpanel" id={`${base}-panel`} aria-labelledby={`${base}-${view}-tab`}>
          <PromiseTable view={view} />
        </div>
      </section>
    </main>
  );
}

function PromiseTable({ view }: { view: ExpectationView }) {
  const { t } = useTranslation();
  const list = usePolled(`expectations:${view}`, (signal) => expectationsApi.list(view, signal), pollMs);
  return (
    <Async value={list} what={t('promises')} empty={<p className="muted">{t('No promises here.')}</p>}>
      {(promises) => (
        <div className="table-wrap">
          <table className="case-table promise-table" aria-label={`Promises: ${viewLabels[view]}`}>
            <thead>
              <tr>
                <th scope="col">{t('Promise')}</th>
                <th scope="col">{t('Case')}</th>
                <th scope="col">{t('Promised to')}</th>
                <th scope="col">{t('Owner')}</th>
                <th scope="col">{t('Due')}</th>
                <th scope="col">{t('Status')}</th>
              </tr>
            </thead>
            <tbody>
              {promises.map((e) => (
                <tr key={e.id} data-expectation-id={e.id}>
                  <td className="promise-table__text">{e.text}</td>
                  <td className="case-table__title">
                    <Link to={`/cases/${encodeURIComponent(e.caseId)}`}>{e.caseTitle}</Link>
                    {e.account ? <span className="muted case-table__account"> · {e.account}</span> : null}
                  </td>
                  <td>{e.promisedTo || '—'}</td>
                  <td>{e.ownerName ?? t('Unassigned')}</td>
                  <td>
                    <time dateTime={e.dueAt}>{formatDue(e.dueAt)}</time>
                  </td>
                  <td>
                    <StatusChip status={e.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Async>
  );
}

function percent(r: { kept: number; total: number; rate: number | null }): string {
  return r.rate === null ? '—' : `${Math.round(r.rate * 100)}%`;
}

function KeptRate() {
  const { t } = useTranslation();
  const stats = usePolled('expectation-stats', (signal) => expectationsApi.stats(signal), pollMs);
  return (
    <Async value={stats} what={t('the kept-promise rate')}>
      {(data) => <RateSummary stats={data} />}
    </Async>
  );
}

function RateSummary({ stats }: { stats: ExpectationStats }) {
  const { t } = useTranslation();
  const theirs = stats.customer;
  return (
    <section className="kept-rate" aria-labelledby="kept-rate-heading">
      <h2 id="kept-rate-heading">{t('Kept-promise rate')}</h2>
      <h3>{t('Kept by us')}</h3>
      <p className="kept-rate__overall" data-testid="kept-rate-overall">
        <strong>{percent(stats.overall)}</strong>{' '}
        <span className="muted">{t('{{kept}} of {{total}} settled promises kept', { kept: stats.overall.kept, total: stats.overall.total })}</span>
      </p>
      <div className="kept-rate__tables">
        <RateTable caption={t('By owner')} rows={stats.byOwner.map((r) => ({ key: r.ownerId ?? 'none', label: r.name ?? t('Unassigned'), ...r }))} />
        <RateTable caption={t('By account')} rows={stats.byAccount.map((r) => ({ key: r.account ?? 'none', label: r.account || t('No account'), ...r }))} />
      </div>
      <h3>{t('Kept by them')}</h3>
      <p className="kept-rate__overall" data-testid="kept-rate-customer">
        <strong>{percent(theirs.overall)}</strong>{' '}
        <span className="muted">{t('{{kept}} of {{total}} settled customer promises kept', { kept: theirs.overall.kept, total: theirs.overall.total })}</span>
      </p>
      <div className="kept-rate__tables">
        <RateTable caption={t('By who promised')} rows={theirs.byOwner.map((r) => ({ key: r.ownerId ?? 'none', label: r.name ?? t('Not named'), ...r }))} />
        <RateTable caption={t('By account')} rows={theirs.byAccount.map((r) => ({ key: r.account ?? 'none', label: r.account || t('No account'), ...r }))} />
      </div>
    </section>
  );
}

function RateTable({ caption, rows }: { caption: string; rows: { key: string; label: string; kept: number; total: number; rate: number | null }[] }) {
  const { t } = useTranslation();
  return (
    <table className="case-table kept-rate__table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{caption === 'By account' ? 'Account' : 'Who'}</th>
          <th scope="col" className="num">
            {t('Kept')}
          </th>
          <th scope="col" className="num">
            {t('Rate')}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 ? (
          <tr>
            <td colSpan={3} className="muted">
              {t('Nothing settled yet.')}
            </td>
          </tr>
        ) : (
          rows.map((r) => (
            <tr key={r.key}>
              <td>{r.label}</td>
              <td className="num">
                {r.kept} / {r.total}
              </td>
              <td className="num">{percent(r)}</td>
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}
