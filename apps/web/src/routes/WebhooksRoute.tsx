import { useId, useState, type FormEvent } from 'react';
import { webhookEventTypes, type WebhookCreated, type WebhookCreateInput, type WebhookSummary } from '@casehub/contract';
import { Async } from '../components/Async';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { FormError } from '../components/FormError';
import { SecretOnce } from '../components/SecretOnce';
import { useApi } from '../lib/useApi';
import { useSubmit } from '../lib/useSubmit';
import { useMe } from '../features/auth/session';
import { formatDateTime } from '../features/activity/format';
import { DeliveryLog } from '../features/webhooks/DeliveryLog';
import { webhooksApi } from '../features/webhooks/webhooksApi';
import { NotForYou } from '../components/NotForYou';
import { Trans, useTranslation } from 'react-i18next';
import { msg } from '../i18n';

const eventLabels: Record<(typeof webhookEventTypes)[number], string> = {
  'case.created': msg('A case is created'),
  'case.updated': msg('A case’s fields change'),
  'activity.created': msg('A stream entry is added'),
  'email.received': msg('An email arrives'),
  'email.sent': msg('An email is sent'),
  'expectation.updated': msg('A promise changes'),
  'moment_of_truth.flagged': msg('A moment of truth is flagged'),
  'guest.joined': msg('A guest joins a case'),
};

function AddWebhookForm({ onCreated }: { onCreated: (created: WebhookCreated) => void }) {
  const { t } = useTranslation();
  const urlId = useId();
  const [url, setUrl] = useState('');
  const [all, setAll] = useState(true);
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [slack, setSlack] = useState(false);
  const adding = useSubmit(async (events: WebhookCreateInput['events']) => {
    const created = await webhooksApi.create({ url: url.trim(), events, ...(slack ? { format: 'slack' as const } : {}) });
    setUrl('');
    setPicked(new Set());
    setAll(true);
    setSlack(false);
    onCreated(created);
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!/^https?:\/\//i.test(url.trim())) return adding.fail(t('Enter an http:// or https:// URL'));
    const events = all ? ['*' as const] : webhookEventTypes.filter((type) => picked.has(type));
    if (events.length === 0) return adding.fail(t('Choose at least one event, or all events'));
    void adding.run(events);
  }

  return (
    <form className="stack card" onSubmit={submit} aria-label={t('Add a webhook')} noValidate>
      <h2>{t('Add a webhook')}</h2>
      <div className="field">
        <label htmlFor={urlId}>{t('Receiver URL')}</label>
        <input
          id={urlId}
          type="url"
          inputMode="url"
          placeholder={t('https://example.com/casehub-events')}
          value={url}
          maxLength={2048}
          onChange={(e) => setUrl(e.target.value)}
          required
        />
      </div>
      <fieldset>
        <legend>{t('Events')}</legend>
        <label className="check">
          <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} /> {t('All events, including ones added later')}
        </label>
        {webhookEventTypes.map((type) => (
          <label key={type} className="check">
            <input
              type="checkbox"
              disabled={all}
              checked={all || picked.has(type)}
              onChange={(e) =>
                setPicked((s) => {
                  const next = new Set(s);
                  if (e.target.checked) next.add(type);
                  else next.delete(type);
                  return next;
                })
              }
            />{' '}
            {t(eventLabels[type])} <code>{type}</code>
          </label>
        ))}
      </fieldset>
      <label className="check">
        <input type="checkbox" checked={slack} onChange={(e) => setSlack(e.target.checked)} />{' '}
        {t('Slack-style incoming webhook: readable messages for moments of truth, missed promises and overdue first responses')}
      </label>
      <FormError message={adding.error} />
      <div>
        <button type="submit" className="button button--primary" disabled={adding.busy}>
          {adding.busy ? t('Adding…') : t('Add webhook')}
        </button>
      </div>
    </form>
  );
}

function WebhookRow({ webhook, onRemove }: { webhook: WebhookSummary; onRemove: () => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const logId = useId();
  const events = webhook.events.includes('*') ? t('All events') : webhook.events.join(', ');
  return (
    <li className="card stack">
      <div className="page__header">
        <div>
          <strong>{webhook.url}</strong>
          <div className="muted">
            {webhook.format === 'slack'
              ? t('Slack messages · {{events}} · added {{date}}', { events, date: formatDateTime(webhook.createdAt) })
              : t('{{events}} · added {{date}}', { events, date: formatDateTime(webhook.createdAt) })}
          </div>
          {!webhook.enabled ? (
            <p className="notice notice--error" role="note">
              {webhook.disabledReason
                ? t('Turned off: {{reason}}. Add it again once the receiver works.', { reason: webhook.disabledReason })
                : t('Turned off. Add it again once the receiver works.')}
            </p>
          ) : webhook.failingSince ? (
            <p className="notice notice--error" role="note">
              {t('Failing since {{date}}; retries go on, and it is turned off after 3 days.', { date: formatDateTime(webhook.failingSince) })}
            </p>
          ) : null}
        </div>
        <div className="dialog__actions">
          <button type="button" className="button" aria-expanded={open} aria-controls={logId} onClick={() => setOpen((o) => !o)}>
            {open ? t('Hide deliveries') : t('Deliveries')}
          </button>
          <button type="button" className="button button--danger" onClick={onRemove} aria-label={t('Delete webhook {{url}}', { url: webhook.url })}>
            {t('Delete')}
          </button>
        </div>
      </div>
      <div id={logId}>{open ? <DeliveryLog webhookId={webhook.id} canResend={webhook.enabled} /> : null}</div>
    </li>
  );
}

/** Settings → Webhooks: where a workspace's events go (owners and admins). */
export function WebhooksRoute() {
  const { t } = useTranslation();
  const me = useMe();
  const allowed = me.role === 'owner' || me.role === 'admin';
  const hooks = useApi(`webhooks:${allowed}`, (signal) => (allowed ? webhooksApi.list(signal) : Promise.resolve([])));
  const [created, setCreated] = useState<WebhookCreated | null>(null);
  const [removing, setRemoving] = useState<WebhookSummary | null>(null);

  if (!allowed) {
    return <NotForYou title={t('Webhooks')} reason={t('Only owners and admins manage webhooks.')} />;
  }

  return (
    <main className="page stack">
      <div className="page__header">
        <h1>{t('Webhooks')}</h1>
      </div>
      <p className="muted">
        <Trans
          i18nKey="Each event is a signed POST (Standard Webhooks: <code>webhook-id</code>, <code>webhook-timestamp</code>, <code>webhook-signature</code>), retried with backoff for at least a day."
          components={{ code: <code /> }}
        />
      </p>
      {created ? (
        <SecretOnce
          label={t('Signing secret')}
          message={t('Webhook added. Copy its signing secret now: it is not shown again.')}
          value={created.secret}
          onDone={() => setCreated(null)}
        />
      ) : null}
      <AddWebhookForm
        onCreated={(c) => {
          setCreated(c);
          hooks.reload();
        }}
      />
      <section className="stack" aria-label={t('Webhooks')} aria-busy={hooks.state === 'loading'}>
        <h2>{t('Your webhooks')}</h2>
        <Async
          value={hooks}
          what={t('the webhooks')}
          empty={<p className="muted">{t('No webhooks yet. Add one above to send this workspace’s events to another tool.')}</p>}
        >
          {(list) => (
            <ul className="stack plain-list">
              {list.map((w) => (
                <WebhookRow key={w.id} webhook={w} onRemove={() => setRemoving(w)} />
              ))}
            </ul>
          )}
        </Async>
      </section>
      {removing ? (
        <ConfirmDialog
          title={t('Delete this webhook?')}
          confirmLabel={t('Delete webhook')}
          onClose={() => setRemoving(null)}
          onConfirm={async () => {
            await webhooksApi.remove(removing.id);
            setRemoving(null);
            hooks.reload();
          }}
        >
          {t('Events stop going to {{url}}, and its delivery log is deleted.', { url: removing.url })}
        </ConfirmDialog>
      ) : null}
    </main>
  );
}
