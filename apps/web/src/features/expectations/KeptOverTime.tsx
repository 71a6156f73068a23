import type { KeptOverTime as KeptOverTimeData } from '@casehub/contract';
import { useId, useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartFigure } from '../dashboard/ChartFigure';
import { formatLocale, i18n } from '../../i18n';
import { useTranslation } from 'react-i18next';

type Count = { kept: number; total: number };
type Series = { team: Count[]; customer: Count[] };

/** "2026-11" → "Nov 2026". */
export function monthLabel(month: string): string {
  const d = new Date(`${month}-01T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? month : d.toLocaleDateString(formatLocale(), { month: 'short', year: 'numeric', timeZone: 'UTC' });
}

const percent = (c: Count | undefined): number | null => (c && c.total > 0 ? Math.round((c.kept / c.total) * 100) : null);
const inWords = (c: Count | undefined): string =>
  c && c.total > 0 ? i18n.t('{{percent}}% ({{kept}} of {{total}})', { percent: percent(c), kept: c.kept, total: c.total }) : '—';

/** Both sides as rows a chart and a table read: one per month. */
function rowsOf(months: string[], s: Series) {
  return months.map((month, i) => ({
    month,
    label: monthLabel(month),
    us: s.team[i],
    them: s.customer[i],
    usRate: percent(s.team[i]),
    themRate: percent(s.customer[i]),
  }));
}

/**
 * Kept by us and kept by them, month by month (issue 15.2, "over time"): a
 * line per side, with the numbers as a table beside it. Months with nothing
 * settled leave a gap, never a zero.
 */
export function KeptOverTimeChart({ months, series, caption }: { months: string[]; series: Series; caption: string }) {
  const { t } = useTranslation();
  const rows = rowsOf(months, series);
  const settled = rows.some((r) => (r.us?.total ?? 0) + (r.them?.total ?? 0) > 0);
  return (
    <ChartFigure
      caption={caption}
      summary={rows.map((r) => t('{{label}}: by us {{us}}, by them {{them}}', { label: r.label, us: inWords(r.us), them: inWords(r.them) })).join('; ')}
      rows={rows}
      columns={[
        { label: t('Month'), value: (r) => r.label },
        { label: t('Kept by us'), value: (r) => inWords(r.us) },
        { label: t('Kept by them'), value: (r) => inWords(r.them) },
      ]}
      empty={settled ? null : t('No promises settled in these months.')}
    >
      <ResponsiveContainer width="100%" height={240}>
        <LineChart data={rows} accessibilityLayer={false} margin={{ top: 8, right: 12, bottom: 0, left: -12 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 11 }} />
          <YAxis domain={[0, 100]} unit="%" />
          <Tooltip />
          <Legend />
          <Line dataKey="usRate" name={t('Kept by us')} stroke="#4f46e5" connectNulls={false} isAnimationActive={false} />
          <Line dataKey="themRate" name={t('Kept by them')} stroke="#b45309" strokeDasharray="5 3" connectNulls={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}

/** The same numbers as a visible table (the account page's compact form). */
export function KeptOverTimeTable({ months, series, caption }: { months: string[]; series: Series; caption: string }) {
  const { t } = useTranslation();
  return (
    <table className="case-table kept-over-time">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('Month')}</th>
          <th scope="col">{t('Kept by us')}</th>
          <th scope="col">{t('Kept by them')}</th>
        </tr>
      </thead>
      <tbody>
        {rowsOf(months, series).map((r) => (
          <tr key={r.month}>
            <th scope="row">{r.label}</th>
            <td>{inWords(r.us)}</td>
            <td>{inWords(r.them)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The dashboard's card: everyone's promises by month, or one person's or one
 * account's, picked from a list.
 */
export function KeptOverTimeCard({ data }: { data: KeptOverTimeData }) {
  const { t } = useTranslation();
  const [whose, setWhose] = useState('all');
  const pickId = useId();
  const choices = [
    { key: 'all', label: t('Everyone'), series: data.overall },
    ...data.byOwner.map((o) => ({ key: `owner:${o.ownerId ?? ''}`, label: o.name ?? t('Unassigned'), series: o })),
    ...data.byAccount.map((a) => ({
      key: `account:${a.account ?? ''}`,
      label: a.account ? t('Account: {{name}}', { name: a.account }) : t('Account: No account'),
      series: a,
    })),
  ];
  const chosen = choices.find((c) => c.key === whose) ?? choices[0];
  if (!chosen) return null;
  return (
    <div className="kept-over-time-card stack">
      <div className="kept-over-time-card__pick">
        <label htmlFor={pickId}>{t('Promises kept by month for')}</label>
        <select id={pickId} value={chosen.key} onChange={(e) => setWhose(e.target.value)}>
          {choices.map((c) => (
            <option key={c.key} value={c.key}>
              {c.label}
            </option>
          ))}
        </select>
      </div>
      <KeptOverTimeChart
        months={data.months}
        series={chosen.series}
        caption={t('Kept by us and kept by them, by month due: {{label}}', { label: chosen.label })}
      />
    </div>
  );
}
