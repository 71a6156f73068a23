import { Async } from '../../components/Async';
import { FormError } from '../../components/FormError';
import { call } from '../../lib/api';
import { useApi } from '../../lib/useApi';
import { useSubmit } from '../../lib/useSubmit';
import { formatDateTime } from '../activity/format';
import { TableHead } from '../../components/TableHead';
import { useTranslation } from 'react-i18next';

/** A User-Agent as a person would name the device: "Firefox on Linux". */
export function describeDevice(userAgent: string): string {
  if (!userAgent) return 'Unknown device';
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /Firefox\//.test(userAgent)
      ? 'Firefox'
      : /Chrome\//.test(userAgent)
        ? 'Chrome'
        : /Safari\//.test(userAgent)
          ? 'Safari'
          : userAgent.split(/[\s/]/)[0] || 'Browser';
  const os = /Android/.test(userAgent)
    ? 'Android'
    : /iPhone|iPad/.test(userAgent)
      ? 'iOS'
      : /Windows/.test(userAgent)
        ? 'Windows'
        : /Mac OS X/.test(userAgent)
          ? 'macOS'
          : /Linux/.test(userAgent)
            ? 'Linux'
            : null;
  return os ? `${browser} on ${os}` : browser;
}

/** Your settings → Where you're signed in: every session, with sign-out for one or all others. */
export function SessionsList() {
  const { t } = useTranslation();
  const sessions = useApi('sessions', async (signal) => (await call('GET /api/sessions', { signal })).sessions);
  const ending = useSubmit(async (id: string) => {
    await call('DELETE /api/sessions/{id}', { params: { id } });
    sessions.reload();
  });
  const endingOthers = useSubmit(async () => {
    await call('POST /api/sessions/sign-out-others');
    sessions.reload();
  });
  const others = sessions.data?.filter((s) => !s.current).length ?? 0;
  return (
    <section className="page-section stack" aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">{t('Where you’re signed in')}</h2>
      <FormError message={ending.error ?? endingOthers.error} />
      <Async value={sessions} what={t('your sessions')}>
        {(list) => (
          <div className="table-wrap">
            <table className="case-table" aria-label={t('Your sessions')}>
              <TableHead columns={[t('Device'), t('Address'), t('Signed in'), t('Last active')]} actions />
              <tbody>
                {list.map((s) => (
                  <tr key={s.id}>
                    <td title={s.userAgent}>
                      {describeDevice(s.userAgent)} {s.current ? <span className="badge">{t('This device')}</span> : null}
                    </td>
                    <td>{s.address || '—'}</td>
                    <td>{formatDateTime(s.createdAt)}</td>
                    <td>{formatDateTime(s.lastSeenAt)}</td>
                    <td className="num">
                      {s.current ? null : (
                        <button
                          type="button"
                          className="button button--small"
                          disabled={ending.busy}
                          onClick={() => void ending.run(s.id)}
                          aria-label={t('Sign out {{userAgent}}, last active {{lastSeenAt}}', {
                            userAgent: describeDevice(s.userAgent),
                            lastSeenAt: formatDateTime(s.lastSeenAt),
                          })}
                        >
                          {t('Sign out')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Async>
      {others > 0 ? (
        <div>
          <button type="button" className="button" disabled={endingOthers.busy} onClick={() => void endingOthers.run()}>
            {endingOthers.busy ? 'Signing out…' : 'Sign out everywhere else'}
          </button>
        </div>
      ) : null}
    </section>
  );
}
