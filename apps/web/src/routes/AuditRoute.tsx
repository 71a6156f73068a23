import { useId, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { Async } from '../components/Async';
import { auditCsvUrl, peopleApi, type AuditEntry, type AuditFilters } from '../lib/peopleApi';
import { useApi } from '../lib/useApi';
import { useMe } from '../features/auth/session';
import { useWorkspaceMembers } from '../features/workspace/members';
import { formatDateTime } from '../features/activity/format';
import { NotForYou } from '../components/NotForYou';
import { useTranslation } from 'react-i18next';

/** Audit actions the server records, in words. Unknown ones are shown as they are. */
export const auditActions: Record<string, string> = {
  'user.signup': 'Signed up',
  'user.signin': 'Signed in',
  'user.password': 'Changed password',
  'invite.create': 'Invite sent',
  'invite.accept': 'Invite accepted',
  'invite.revoke': 'Invite revoked',
  'member.role': 'Role changed',
  'member.remove': 'Member removed',
  'case.create': 'Case created',
  'case.member.set': 'Case access set',
  'case.member.remove': 'Removed from case',
  'activity.share': 'Shared with guests',
  'activity.unshare': 'Stopped sharing',
  'account.merge': 'Accounts merged',
  'account.delete': 'Account deleted',
  'contact.merge': 'Contacts merged',
  'contact.delete': 'Contact deleted',
  'token.create': 'API token created',
  'audit.export': 'Audit log exported',
  'settings.business-hours': 'Business hours changed',
};

/** `yyyy-mm-dd` from a date input to the first (or last) instant of that local day, as ISO-8601. */
function dayBound(day: string, end: boolean): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const d = new Date(`${day}T${end ? '23:59:59.999' : '00:00:00'}`);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

function details(entry: AuditEntry, names: Map<string, string>): string {
  const data = entry.data;
  if (data === null || data === undefined) return '';
  if (typeof data !== 'object') return String(data);
  return Object.entries(data as Record<string, unknown>)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => {
      const value = typeof v === 'string' ? (names.get(v) ?? v) : Array.isArray(v) ? v.join(', ') : JSON.stringify(v);
      return `${k}: ${value}`;
    })
    .join(' · ');
}

/** The workspace's audit log (owners and admins): filter by action, person and dates; export the same as CSV. */
export function AuditRoute() {
  const { t } = useTranslation();
  const me = useMe();
  const allowed = me.role === 'owner' || me.role === 'admin';
  const [params, setParams] = useSearchParams();
  const ids = { action: useId(), person: useId(), from: useId(), to: useId() };
  const action = params.get('action') ?? '';
  const actorId = params.get('actorId') ?? '';
  const fromDay = params.get('from') ?? '';
  const toDay = params.get('to') ?? '';

  const filters = useMemo<AuditFilters>(() => {
    const f: AuditFilters = {};
    if (action) f.action = action;
    if (actorId) f.actorId = actorId;
    const from = dayBound(fromDay, false);
    const to = dayBound(toDay, true);
    if (from) f.from = from;
    if (to) f.to = to;
    return f;
  }, [action, actorId, fromDay, toDay]);

  const members = useWorkspaceMembers();
  const names = useMemo(() => new Map(members.map((m) => [m.userId, m.name])), [members]);
  const entries = useApi(`audit:${allowed}:${JSON.stringify(filters)}`, (signal) => (allowed ? peopleApi.audit(filters, signal) : Promise.resolve([])));

  if (!allowed) {
    return <NotForYou title={t('Audit log')} reason={t('Only owners and admins can read the audit log.')} />;
  }

  const set = (key: string, value: string): void => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const filtered = Boolean(action || actorId || fromDay || toDay);

  return (
    <main className="page">
      <div className="page__header">
        <h1>{t('Audit log')}</h1>
        <a className="button" href={auditCsvUrl(filters)} download="audit-log.csv">
          {t('Export CSV')}
        </a>
      </div>
      <div className="filters" role="search" aria-label={t('Filter the audit log')}>
        <div className="field field--inline">
          <label htmlFor={ids.action}>{t('Action')}</label>
          <select id={ids.action} value={action} onChange={(e) => set('action', e.target.value)}>
            <option value="">{t('All actions')}</option>
            {Object.entries(auditActions).map(([key, label]) => (
              <option key={key} value={key}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="field field--inline">
          <label htmlFor={ids.person}>{t('Person')}</label>
          <select id={ids.person} value={actorId} onChange={(e) => set('actorId', e.target.value)}>
            <option value="">{t('Everyone')}</option>
            {members.map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field field--inline">
          <label htmlFor={ids.from}>{t('From')}</label>
          <input id={ids.from} type="date" value={fromDay} max={toDay || undefined} onChange={(e) => set('from', e.target.value)} />
        </div>
        <div className="field field--inline">
          <label htmlFor={ids.to}>{t('To')}</label>
          <input id={ids.to} type="date" value={toDay} min={fromDay || undefined} onChange={(e) => set('to', e.target.value)} />
        </div>
        {filtered ? (
          <button type="button" className="button" onClick={() => setParams(new URLSearchParams(), { replace: true })}>
            {t('Clear filters')}
          </button>
        ) : null}
      </div>

      <Async
        value={entries}
        what={t('the audit log')}
        empty={
          <div className="empty">
            <p className="muted">{filtered ? 'No entries match these filters.' : 'Nothing recorded yet.'}</p>
          </div>
        }
      >
        {(list) => (
          // Wider than the page, and nothing in it takes the focus: the keyboard scrolls it once it has the focus.
          <div className="table-wrap" tabIndex={0} role="region" aria-label={t('Audit log, scrolls sideways')}>
            <table className="case-table audit-table" aria-label={t('Audit log')} aria-busy={entries.state === 'loading'}>
              <thead>
                <tr>
                  <th scope="col">{t('Time')}</th>
                  <th scope="col">{t('Who')}</th>
                  <th scope="col">{t('Action')}</th>
                  <th scope="col">{t('Subject')}</th>
                  <th scope="col">{t('Details')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((e) => (
                  <tr key={String(e.id)} data-action={e.action}>
                    <td>
                      <time dateTime={e.at}>{formatDateTime(e.at)}</time>
                    </td>
                    <td>{e.actorName ?? (e.actorId ? (names.get(e.actorId) ?? e.actorId) : 'System')}</td>
                    <td>
                      <span title={e.action}>{auditActions[e.action] ?? e.action}</span>
                    </td>
                    <td className="audit-table__subject">{e.subjectId ? (names.get(e.subjectId) ?? e.subjectId) : ''}</td>
                    <td className="audit-table__details">{details(e, names)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Async>
    </main>
  );
}
