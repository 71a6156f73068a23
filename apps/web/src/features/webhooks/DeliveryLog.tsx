import { useState } from 'react';
import type { WebhookDelivery } from '@casehub/contract';
import { Async } from '../../components/Async';
import { FormError } from '../../components/FormError';
import { useApi } from '../../lib/useApi';
import { useSubmit } from '../../lib/useSubmit';
import { formatDateTime } from '../activity/format';
import { webhooksApi } from './webhooksApi';
import { TableHead } from '../../components/TableHead';
import { useTranslation } from 'react-i18next';
import { msg } from '../../i18n';

const statusLabel: Record<WebhookDelivery['status'], string> = { pending: msg('Retrying'), delivered: msg('Delivered'), failed: msg('Failed') };

/** One webhook's recent deliveries: each try's answer, and Resend. */
export function DeliveryLog({ webhookId, canResend }: { webhookId: string; canResend: boolean }) {
  const { t } = useTranslation();
  const deliveries = useApi(`webhook-deliveries:${webhookId}`, (signal) => webhooksApi.deliveries(webhookId, signal));
  const [resent, setResent] = useState<string | null>(null);
  const resending = useSubmit(async (d: WebhookDelivery) => {
    setResent(null);
    await webhooksApi.resend(webhookId, d.id);
    setResent(t('{{type}} ({{eventId}}) will be sent again.', { type: d.type, eventId: d.eventId }));
    deliveries.reload();
  });

  return (
    <section className="stack" aria-label={t('Delivery log')}>
      <div className="page__header">
        <h3>{t('Recent deliveries')}</h3>
        <button type="button" className="button" onClick={deliveries.reload} aria-busy={deliveries.state === 'loading'}>
          {t('Refresh')}
        </button>
      </div>
      <FormError message={resending.error} />
      {resent ? (
        <p className="notice notice--success" role="status">
          {resent}
        </p>
      ) : null}
      <Async value={deliveries} what={t('the deliveries')} empty={<p className="muted">{t('Nothing sent yet: events appear here as they happen.')}</p>}>
        {(list) => (
          <div className="table-wrap">
            <table className="case-table">
              <caption className="visually-hidden">{t('Deliveries, newest first')}</caption>
              <TableHead columns={[t('Event'), t('Status'), t('Last answer'), t('Tries'), t('Time')]} actions />
              <tbody>
                {list.map((d) => (
                  <tr key={d.id}>
                    <td>
                      <code>{d.type}</code>
                      <div className="muted">{d.eventId}</div>
                    </td>
                    <td>
                      {t(statusLabel[d.status])}
                      {d.status === 'pending' && d.nextAttemptAt ? (
                        <div className="muted">{t('next try {{date}}', { date: formatDateTime(d.nextAttemptAt) })}</div>
                      ) : null}
                    </td>
                    <td>
                      {d.statusCode !== null ? `HTTP ${d.statusCode}` : (d.error ?? '—')}
                      {d.responseExcerpt ? <div className="muted">{d.responseExcerpt.slice(0, 200)}</div> : null}
                    </td>
                    <td>
                      <details>
                        <summary>{d.attemptCount}</summary>
                        <ul>
                          {d.attempts.map((a, i) => (
                            <li key={i}>
                              {t('{{time}}: {{answer}} ({{duration}} ms)', {
                                time: formatDateTime(a.at),
                                answer: a.statusCode !== null ? `HTTP ${a.statusCode}` : (a.error ?? t('no answer')),
                                duration: a.durationMs,
                              })}
                            </li>
                          ))}
                        </ul>
                      </details>
                    </td>
                    <td>{formatDateTime(d.lastAttemptAt ?? d.createdAt)}</td>
                    <td>
                      {canResend ? (
                        <button
                          type="button"
                          className="button"
                          onClick={() => void resending.run(d)}
                          aria-label={t('Resend {{type}} {{eventId}}', { type: d.type, eventId: d.eventId })}
                        >
                          {t('Resend')}
                        </button>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Async>
    </section>
  );
}
