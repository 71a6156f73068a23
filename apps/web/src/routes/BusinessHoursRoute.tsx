import { useId, useMemo, useState, type FormEvent } from 'react';
import { businessHours, weekdays, type BusinessHours, type Weekday, type WorkingSpan } from '@casehub/contract';
import { Async } from '../components/Async';
import { GuestsNotHere } from '../components/GuestsNotHere';
import { call } from '../lib/api';
import { useApi } from '../lib/useApi';
import { useSubmit } from '../lib/useSubmit';
import { useMe } from '../features/auth/session';
import { SettingsFormEnd } from '../components/FormActions';
import { Trans, useTranslation } from 'react-i18next';
import { i18n, msg } from '../i18n';

const dayNames: Record<Weekday, string> = {
  mon: msg('Monday'),
  tue: msg('Tuesday'),
  wed: msg('Wednesday'),
  thu: msg('Thursday'),
  fri: msg('Friday'),
  sat: msg('Saturday'),
  sun: msg('Sunday'),
};
const isWeekday = (key: unknown): key is Weekday => typeof key === 'string' && key in dayNames;

/** A problem the contract found, in the form's words: "Tuesday: 11:00–17:00 overlaps 09:00–12:00". */
function describeIssue(path: readonly PropertyKey[], message: string): string {
  const [head, key, index, field] = path;
  let where = i18n.t('Business hours');
  if (head === 'timeZone') where = i18n.t('Time zone');
  else if (head === 'week' && isWeekday(key)) {
    const day = i18n.t(dayNames[key]);
    const n = typeof index === 'number' ? index + 1 : 0;
    if (n === 0 || !field) where = day;
    else where = field === 'start' ? i18n.t('{{day}}, hours {{n}} from', { day, n }) : i18n.t('{{day}}, hours {{n}} until', { day, n });
  } else if (head === 'week') where = i18n.t('Working hours');
  else if (head === 'holidays' && typeof key === 'number')
    where = index ? i18n.t('Holiday {{n}}, {{part}}', { n: key + 1, part: String(index) }) : i18n.t('Holiday {{n}}', { n: key + 1 });
  return i18n.t('{{where}}: {{message}}', { where, message });
}

const officeHours: WorkingSpan[] = [{ start: '09:00', end: '17:00' }];

/** Every zone the browser knows, for the time zone field's suggestions. */
function knownZones(): string[] {
  const list = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return list.includes('UTC') ? list : ['UTC', ...list];
}

/**
 * `/settings/business-hours` (members read, owners and admins change): the
 * workspace's time zone, working hours per weekday, holidays, and whether
 * the first-response clock and the promise warning count only working time.
 */
export function BusinessHoursRoute() {
  const { t } = useTranslation();
  const me = useMe();
  const hours = useApi('business-hours', (signal) => call('GET /api/settings/business-hours', { signal }));
  if (me.role === 'guest') return <GuestsNotHere title={t('Business hours')} />;
  const editable = me.role === 'owner' || me.role === 'admin';
  return (
    <main className="page stack">
      <div className="page__header">
        <h1>{t('Business hours')}</h1>
      </div>
      <p className="muted">
        {t(
          'Where the workspace chooses, the first-response clock and the promise warning count only these hours: a message on Friday at 16:30 with a one-hour target is due on Monday at 09:30. Dashboard weeks start on Monday in this time zone.',
        )}
      </p>
      <Async value={hours} what={t('the business hours')}>
        {(h) => <HoursForm key={JSON.stringify(h)} initial={h} editable={editable} />}
      </Async>
    </main>
  );
}

function HoursForm({ initial, editable }: { initial: BusinessHours; editable: boolean }) {
  const { t } = useTranslation();
  const [form, setForm] = useState<BusinessHours>(initial);
  const [saved, setSaved] = useState(false);
  /** Every change by hand takes the "saved" notice away; the server's answer to a save does not. */
  const edit = (change: (f: BusinessHours) => BusinessHours) => {
    setSaved(false);
    setForm(change);
  };
  const ids = { zone: useId(), zones: useId() };
  const zones = useMemo(knownZones, []);
  const browserZone = useMemo(() => Intl.DateTimeFormat().resolvedOptions().timeZone, []);
  const saving = useSubmit(async (input: BusinessHours) => {
    // The form keeps what it sent (the server answers the same, in order); reloading would take the notice away.
    setForm(await call('PUT /api/settings/business-hours', { body: input }));
    setSaved(true);
  });

  const setDay = (day: Weekday, spans: WorkingSpan[]) => edit((f) => ({ ...f, week: { ...f.week, [day]: spans } }));
  const setSpan = (day: Weekday, i: number, change: Partial<WorkingSpan>) =>
    setDay(
      day,
      form.week[day].map((s, j) => (j === i ? { ...s, ...change } : s)),
    );
  const setHoliday = (i: number, change: Partial<BusinessHours['holidays'][number]>) =>
    edit((f) => ({ ...f, holidays: f.holidays.map((h, j) => (j === i ? { ...h, ...change } : h)) }));

  function save(e: FormEvent) {
    e.preventDefault();
    const parsed = businessHours.safeParse(form);
    if (!parsed.success) return saving.fail(parsed.error.issues.map((i) => describeIssue(i.path, i.message)).join('. '));
    void saving.run(parsed.data);
  }

  return (
    <form className="page-section stack" onSubmit={save} noValidate aria-label={t('Business hours')}>
      {editable ? null : (
        <p className="notice" role="note">
          {t('Only owners and admins change business hours.')}
        </p>
      )}
      <fieldset className="stack hours-fields" disabled={!editable || saving.busy}>
        <div className="field">
          <label htmlFor={ids.zone}>{t('Time zone')}</label>
          <input
            id={ids.zone}
            list={ids.zones}
            value={form.timeZone}
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => edit((f) => ({ ...f, timeZone: e.target.value.trim() }))}
          />
          <datalist id={ids.zones}>
            {zones.map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
          <p className="field__hint">
            {t('A name such as Europe/Berlin or America/New_York.')}{' '}
            {editable && browserZone && browserZone !== form.timeZone ? (
              <button type="button" className="link-button" onClick={() => edit((f) => ({ ...f, timeZone: browserZone }))}>
                {t("Use this browser's zone, {{zone}}", { zone: browserZone })}
              </button>
            ) : null}
          </p>
        </div>

        <h2>{t('Working hours')}</h2>
        <p className="muted">{t("Times are in the workspace's time zone; 24:00 is the end of the day. A day with no hours is closed.")}</p>
        {editable ? (
          <div>
            <button
              type="button"
              className="button button--small"
              onClick={() =>
                edit((f) => ({ ...f, week: { mon: officeHours, tue: officeHours, wed: officeHours, thu: officeHours, fri: officeHours, sat: [], sun: [] } }))
              }
            >
              {t('Weekdays 09:00–17:00')}
            </button>
          </div>
        ) : null}
        <div className="hours-week">
          {weekdays.map((day) => (
            <fieldset key={day} className="hours-day">
              <legend>{t(dayNames[day])}</legend>
              {form.week[day].length === 0 ? <span className="muted">{t('Closed')}</span> : null}
              {form.week[day].map((span, i) => (
                <div key={i} className="hours-span">
                  <input
                    className="hours-time"
                    value={span.start}
                    inputMode="numeric"
                    placeholder="09:00"
                    aria-label={t('{{day}} from', { day: t(dayNames[day]) })}
                    onChange={(e) => setSpan(day, i, { start: e.target.value.trim() })}
                  />
                  <span aria-hidden="true">{t('to')}</span>
                  <input
                    className="hours-time"
                    value={span.end}
                    inputMode="numeric"
                    placeholder="17:00"
                    aria-label={t('{{day}} until', { day: t(dayNames[day]) })}
                    onChange={(e) => setSpan(day, i, { end: e.target.value.trim() })}
                  />
                  {editable ? (
                    <button
                      type="button"
                      className="link-button link-button--danger"
                      aria-label={t('Remove {{day}} {{start}}–{{end}}', { day: t(dayNames[day]), start: span.start, end: span.end })}
                      onClick={() =>
                        setDay(
                          day,
                          form.week[day].filter((_, j) => j !== i),
                        )
                      }
                    >
                      {t('Remove')}
                    </button>
                  ) : null}
                </div>
              ))}
              {editable ? (
                <button
                  type="button"
                  className="link-button"
                  aria-label={t('Add hours on {{day}}', { day: t(dayNames[day]) })}
                  onClick={() => setDay(day, [...form.week[day], form.week[day].length ? { start: '', end: '' } : (officeHours[0] ?? { start: '', end: '' })])}
                >
                  {t('Add hours')}
                </button>
              ) : null}
            </fieldset>
          ))}
        </div>

        <h2>{t('Holidays')}</h2>
        <p className="muted">{t("Closed all day, in the workspace's time zone.")}</p>
        {form.holidays.length === 0 ? <p className="muted">{t('No holidays.')}</p> : null}
        <ul className="plain-list">
          {form.holidays.map((h, i) => (
            <li key={i} className="inline-form">
              <input type="date" aria-label={t('Holiday {{n}} date', { n: i + 1 })} value={h.date} onChange={(e) => setHoliday(i, { date: e.target.value })} />
              <input
                aria-label={t('Holiday {{n}} name', { n: i + 1 })}
                placeholder={t('Name (optional)')}
                maxLength={80}
                value={h.name}
                onChange={(e) => setHoliday(i, { name: e.target.value })}
              />
              {editable ? (
                <button
                  type="button"
                  className="link-button link-button--danger"
                  aria-label={t('Remove holiday {{i}}', { i: h.name || h.date || i + 1 })}
                  onClick={() => edit((f) => ({ ...f, holidays: f.holidays.filter((_, j) => j !== i) }))}
                >
                  {t('Remove')}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
        {editable ? (
          <div>
            <button type="button" className="button button--small" onClick={() => edit((f) => ({ ...f, holidays: [...f.holidays, { date: '', name: '' }] }))}>
              {t('Add holiday')}
            </button>
          </div>
        ) : null}

        <h2>{t('Count working time for')}</h2>
        <label className="check">
          <input
            type="checkbox"
            checked={form.countWorkingTime.firstResponse}
            onChange={(e) => edit((f) => ({ ...f, countWorkingTime: { ...f.countWorkingTime, firstResponse: e.target.checked } }))}
          />
          <span>
            <Trans
              i18nKey="<b>The first-response clock</b>: a message's answer is due after its target in working hours (otherwise every hour counts). Messages already waiting keep their due time."
              components={{ b: <strong /> }}
            />
          </span>
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={form.countWorkingTime.promiseAtRisk}
            onChange={(e) => edit((f) => ({ ...f, countWorkingTime: { ...f.countWorkingTime, promiseAtRisk: e.target.checked } }))}
          />
          <span>
            <Trans
              i18nKey="<b>The promise warning</b>: the warning before a promise is due (24 hours unless the server sets <code>EXPECTATION_AT_RISK_HOURS</code>) counts only working hours. A promise is missed at its due time either way."
              components={{ b: <strong />, code: <code /> }}
            />
          </span>
        </label>
      </fieldset>
      <SettingsFormEnd
        error={saving.error}
        saved={saved ? t('Business hours saved.') : null}
        editable={editable}
        busy={saving.busy}
        submitLabel={t('Save business hours')}
      />
    </form>
  );
}
