import { useId, useState } from 'react';
import { Async } from '../components/Async';
import { usePolled } from '../lib/usePolled';
import { dashboardApi } from '../features/dashboard/dashboardApi';
import { expectationsApi } from '../features/expectations/expectationsApi';
import { KeptOverTimeCard } from '../features/expectations/KeptOverTime';
import { CasesByStageChart, ExpectationsChart, FirstResponseChart, MomentsChart } from '../features/dashboard/charts';
import { useTranslation } from 'react-i18next';

const windows = [4, 12, 26, 52] as const;
/** The figures move slowly; a minute is fresh enough. */
const pollMs = 60_000;

/** `/dashboard`: how the workspace is doing, week by week, over the cases you may see. */
export function DashboardRoute() {
  const { t } = useTranslation();
  const [weeks, setWeeks] = useState<number>(12);
  const selectId = useId();
  const data = usePolled(`dashboard:${weeks}`, (signal) => dashboardApi.get(weeks, signal), pollMs);
  const kept = usePolled('expectation-stats', (signal) => expectationsApi.stats(signal), pollMs);

  return (
    <main className="page dashboard">
      <div className="page__header">
        <h1>{t('Dashboard')}</h1>
        <div className="dashboard__window">
          <label htmlFor={selectId}>{t('Show')}</label>
          <select id={selectId} value={weeks} onChange={(e) => setWeeks(Number(e.target.value))}>
            {windows.map((w) => (
              <option key={w} value={w}>
                {t('last {{count}} weeks', { count: w })}
              </option>
            ))}
          </select>
        </div>
      </div>
      <Async value={data} what={t('the dashboard')}>
        {(d) => (
          <>
            <dl className="dashboard__totals" aria-label={t('Totals')}>
              <div>
                <dt>{t('Open cases')}</dt>
                <dd data-testid="total-open">{d.cases.open}</dd>
              </div>
              <div>
                <dt>{t('Closed cases')}</dt>
                <dd data-testid="total-closed">{d.cases.closed}</dd>
              </div>
              <div>
                <dt>{t('Promises kept')}</dt>
                <dd data-testid="total-kept">
                  {t('{{kept}} of {{settled}}', {
                    kept: d.expectations.reduce((n, r) => n + r.met, 0),
                    settled: d.expectations.reduce((n, r) => n + r.met + r.missed, 0),
                  })}
                </dd>
              </div>
              <div>
                <dt>{t('Moments of truth')}</dt>
                <dd data-testid="total-moments">{d.momentsOfTruth.reduce((n, r) => n + r.count, 0)}</dd>
              </div>
            </dl>
            <p className="muted dashboard__note">
              {t('Weeks start on Monday ({{timeZone}}). Private cases count only if you are on their team.', { timeZone: d.timeZone })}
            </p>
            <div className="dashboard__grid">
              <CasesByStageChart cases={d.cases} />
              <ExpectationsChart rows={d.expectations} />
              <FirstResponseChart rows={d.firstResponse} time={d.firstResponseTime} />
              <MomentsChart rows={d.momentsOfTruth} />
            </div>
          </>
        )}
      </Async>
      <section className="dashboard__kept" aria-labelledby="dashboard-kept-heading">
        <h2 id="dashboard-kept-heading">{t('Kept by us, kept by them')}</h2>
        <p className="muted dashboard__note">
          {t("The last six months, by the month promises came due: ours, and the customers' own (a customer whose promises slip is a risk to see early).")}
        </p>
        <Async value={kept} what={t('the kept-promise rates')}>
          {(s) => <KeptOverTimeCard data={s.overTime} />}
        </Async>
      </section>
    </main>
  );
}
