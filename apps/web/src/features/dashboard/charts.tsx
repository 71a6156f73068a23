import type { DashboardResponse } from '@casehub/contract';
import { Bar, BarChart, CartesianGrid, Cell, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartFigure } from './ChartFigure';
import { useTranslation } from 'react-i18next';
import { formatLocale } from '../../i18n';

const colors = { open: '#4f46e5', closed: '#9ca3af', met: '#15803d', missed: '#dc2626', median: '#4f46e5', p90: '#b45309', moments: '#dc2626' };
const height = 240;

/** "2026-11-23" → "Nov 23" (the Monday that starts the week). */
export function weekLabel(week: string): string {
  const d = new Date(`${week}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? week : d.toLocaleDateString(formatLocale(), { month: 'short', day: 'numeric', timeZone: 'UTC' });
}

const sum = <T,>(rows: T[], pick: (r: T) => number): number => rows.reduce((n, r) => n + pick(r), 0);
const minutes = (m: number | null): string => (m === null ? '—' : m < 120 ? `${m} min` : `${Math.round((m / 60) * 10) / 10} h`);
// The pictures are for the eye; the table beside each is what assistive technology reads.
const chartProps = { accessibilityLayer: false, margin: { top: 8, right: 12, bottom: 0, left: -12 } };

export function CasesByStageChart({ cases }: { cases: DashboardResponse['cases'] }) {
  const { t } = useTranslation();
  const rows = cases.byStage.map((s) => ({ ...s, label: `${s.kind === 'deal' ? 'Deal' : 'Support'}: ${s.stage}` }));
  return (
    <ChartFigure
      caption="Cases by stage"
      summary={`${cases.open} open and ${cases.closed} closed cases. ${rows.map((r) => `${r.label} ${r.count}`).join(', ')}.`}
      rows={rows}
      columns={[
        { label: t('Kind and stage'), value: (r) => r.label },
        { label: t('Cases'), value: (r) => r.count },
        { label: t('Status'), value: (r) => (r.closed ? t('closed') : t('open')) },
      ]}
      empty={rows.length === 0 ? 'No cases yet.' : null}
    >
      <ResponsiveContainer width="100%" height={height}>
        <BarChart data={rows} {...chartProps}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" interval={0} tick={{ fontSize: 11 }} angle={-20} textAnchor="end" height={56} />
          <YAxis allowDecimals={false} />
          <Tooltip />
          <Bar dataKey="count" name="Cases" isAnimationActive={false}>
            {rows.map((r) => (
              <Cell key={r.label} fill={r.closed ? colors.closed : colors.open} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
      <p className="chart-card__legend" aria-hidden="true">
        <span className="chart-card__swatch" style={{ background: colors.open }} /> {t('open')}{' '}
        <span className="chart-card__swatch" style={{ background: colors.closed }} /> {t('closed (won, lost, solved, closed)')}
      </p>
    </ChartFigure>
  );
}

export function ExpectationsChart({ rows }: { rows: DashboardResponse['expectations'] }) {
  const { t } = useTranslation();
  const data = rows.map((r) => ({ ...r, label: weekLabel(r.week) }));
  const met = sum(rows, (r) => r.met);
  const missed = sum(rows, (r) => r.missed);
  return (
    <ChartFigure
      caption="Promises met and missed, by due week"
      summary={t('Promises met: {{met}}, missed: {{missed}}, over {{rows}} weeks.', { met, missed, rows: rows.length })}
      rows={data}
      columns={[
        { label: t('Week of'), value: (r) => r.label },
        { label: t('Met'), value: (r) => r.met },
        { label: t('Missed'), value: (r) => r.missed },
      ]}
      empty={met + missed === 0 ? 'No promises came due in these weeks.' : null}
    >
      <ResponsiveContainer width="100%" height={height}>
        <BarChart data={data} {...chartProps}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 11 }} />
          <YAxis allowDecimals={false} />
          <Tooltip />
          <Legend />
          <Bar dataKey="met" name="Met" stackId="p" fill={colors.met} isAnimationActive={false} />
          <Bar dataKey="missed" name="Missed" stackId="p" fill={colors.missed} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}

/** `time`: working minutes where the workspace counts the first-response clock in working time (Settings → Business hours). */
export function FirstResponseChart({ rows, time }: { rows: DashboardResponse['firstResponse']; time: DashboardResponse['firstResponseTime'] }) {
  const { t } = useTranslation();
  const data = rows.map((r) => ({ ...r, label: weekLabel(r.week) }));
  const responded = sum(rows, (r) => r.responded);
  const breached = sum(rows, (r) => r.breached);
  const latest = [...rows].reverse().find((r) => r.medianMinutes !== null);
  return (
    <ChartFigure
      caption={t('First-response time ({{minutes}}), by week the message arrived', { minutes: time === 'working' ? 'working minutes' : 'minutes' })}
      summary={`${responded} first responses, ${breached} past target.${latest ? t(' Latest week with answers: median {{medianMinutes}}, 90th percentile {{p90Minutes}}.', { medianMinutes: minutes(latest.medianMinutes), p90Minutes: minutes(latest.p90Minutes) }) : ''}`}
      rows={data}
      columns={[
        { label: t('Week of'), value: (r) => r.label },
        { label: t('Answered'), value: (r) => r.responded },
        { label: t('Median'), value: (r) => minutes(r.medianMinutes) },
        { label: t('90th percentile'), value: (r) => minutes(r.p90Minutes) },
        { label: t('Past target'), value: (r) => r.breached },
      ]}
      empty={responded + breached === 0 ? 'No first responses measured in these weeks.' : null}
    >
      <ResponsiveContainer width="100%" height={height}>
        <LineChart data={data} {...chartProps}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 11 }} />
          <YAxis allowDecimals={false} />
          <Tooltip />
          <Legend />
          <Line type="monotone" dataKey="medianMinutes" name="Median" stroke={colors.median} strokeWidth={2} connectNulls isAnimationActive={false} />
          <Line
            type="monotone"
            dataKey="p90Minutes"
            name="90th percentile"
            stroke={colors.p90}
            strokeWidth={2}
            strokeDasharray="5 3"
            connectNulls
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}

export function MomentsChart({ rows }: { rows: DashboardResponse['momentsOfTruth'] }) {
  const { t } = useTranslation();
  const data = rows.map((r) => ({ ...r, label: weekLabel(r.week) }));
  const total = sum(rows, (r) => r.count);
  return (
    <ChartFigure
      caption="Moments of truth, by week"
      summary={t('{{total}} angry or urgent inbound messages over {{rows}} weeks.', { total, rows: rows.length })}
      rows={data}
      columns={[
        { label: t('Week of'), value: (r) => r.label },
        { label: t('Moments of truth'), value: (r) => r.count },
      ]}
      empty={total === 0 ? 'No angry or urgent messages in these weeks.' : null}
    >
      <ResponsiveContainer width="100%" height={height}>
        <BarChart data={data} {...chartProps}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 11 }} />
          <YAxis allowDecimals={false} />
          <Tooltip />
          <Bar dataKey="count" name="Moments of truth" fill={colors.moments} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}
