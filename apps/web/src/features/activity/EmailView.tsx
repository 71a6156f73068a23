import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import { Async } from '../../components/Async';
import { api, fileContentUrl, urlOf, type EmailAddressValue, type EmailDetail } from '../../lib/api';
import { useApi } from '../../lib/useApi';
import { useSubmit } from '../../lib/useSubmit';
import { formatBytes, formatDateTime } from './format';
import { ReplyDraft, type ReplyContext } from '../drafts/ReplyDraft';
import { frameSelectionScript } from './frameSelection';
import { useInlineImages } from './inline-images';
import { SenderTrustTags } from './SenderTrust';
import { Trans, useTranslation } from 'react-i18next';

function formatAddress(a: EmailAddressValue | null): string {
  if (!a) return '';
  if (a.name && a.address) return `${a.name} <${a.address}>`;
  return a.name || a.address;
}

const formatAddresses = (list: EmailAddressValue[]): string => list.map(formatAddress).filter(Boolean).join(', ');

/**
 * The sanitized HTML as a complete document for the sandboxed frame. The
 * frame has no same-origin access; the CSP inside runs no script but our
 * selection reporter (its nonce is new for every document, so nothing in the
 * message can carry it) and fetches nothing except, once a person asks, the
 * message's images.
 */
function frameDocument(html: string, loadRemote: boolean): string {
  let body = html;
  if (loadRemote) {
    const parsed = new DOMParser().parseFromString(html, 'text/html');
    parsed.querySelectorAll('[data-remote-src]').forEach((el) => {
      const src = el.getAttribute('data-remote-src');
      if (src) el.setAttribute('src', src);
      el.removeAttribute('data-remote-src');
    });
    body = parsed.body.innerHTML;
  }
  const img = loadRemote ? 'data: cid: https: http:' : 'data: cid:';
  const nonce = crypto.randomUUID();
  return `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-${nonce}'; img-src ${img}; style-src 'unsafe-inline'; font-src data:"><script nonce="${nonce}">${frameSelectionScript}</script><base target="_blank"><style>body{font:14px/1.5 system-ui,sans-serif;color:#111827;margin:12px;overflow-wrap:anywhere}img{max-width:100%;height:auto}</style></head><body>${body}</body></html>`;
}

/** The sanitized message in its sandboxed frame (or its text): also the triage preview (issue 21.6). */
export function MessageBody({ message }: { message: EmailDetail }) {
  const { t } = useTranslation();
  const [loadRemote, setLoadRemote] = useState(false);
  const [plain, setPlain] = useState(false);
  // Inline (cid:) images as data: URLs, fetched by the page (issue 13.9).
  const html = useInlineImages(message.html ?? '');
  const hasRemote = html.includes('data-remote-src');
  const srcDoc = useMemo(() => (html ? frameDocument(html, loadRemote) : ''), [html, loadRemote]);

  if (!html || plain) {
    return (
      <>
        {html ? (
          <button type="button" className="link-button" onClick={() => setPlain(false)}>
            {t('Show formatted')}
          </button>
        ) : null}
        <pre className="email__text">{message.text?.trim() ? message.text : t('(no text)')}</pre>
      </>
    );
  }
  return (
    <>
      <div className="email__body-actions">
        {hasRemote && !loadRemote ? (
          <button type="button" className="button button--small" onClick={() => setLoadRemote(true)}>
            {t('Load remote images')}
          </button>
        ) : null}
        {hasRemote && !loadRemote ? <span className="muted">{t('Remote images are blocked to protect your privacy.')}</span> : null}
        {message.text ? (
          <button type="button" className="link-button" onClick={() => setPlain(true)}>
            {t('Show plain text')}
          </button>
        ) : null}
      </div>
      <iframe
        className="email__frame"
        title={t('Message: {{subject}}', { subject: message.headers.subject ?? t('(no subject)') })}
        // Scripts only for the CSP-allowed selection reporter; still no same-origin, forms or popups.
        sandbox="allow-scripts"
        referrerPolicy="no-referrer"
        srcDoc={srcDoc}
      />
    </>
  );
}

function Message({
  message,
  open: initiallyOpen,
  onOpenFile,
  onChanged,
}: {
  message: EmailDetail;
  open: boolean;
  onOpenFile: (fileId: string) => void;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(initiallyOpen);
  const headingId = useId();
  const from = formatAddress(message.headers.from);
  return (
    <article className={`email${message.direction === 'outbound' ? ' email--outbound' : ''}`} aria-labelledby={headingId}>
      <button type="button" className="email__summary" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        <span id={headingId} className="email__from">
          {from || t('(unknown sender)')}
        </span>
        <span className="muted email__date">{message.headers.date ? formatDateTime(message.headers.date) : ''}</span>
      </button>
      {open ? (
        <div className="email__content">
          <dl className="meta-list meta-list--compact">
            <dt>{t('Subject')}</dt>
            <dd>{message.headers.subject ?? t('(no subject)')}</dd>
            {from ? (
              <>
                <dt>{t('From')}</dt>
                <dd>{from}</dd>
              </>
            ) : null}
            {formatAddresses(message.headers.to) ? (
              <>
                <dt>{t('To')}</dt>
                <dd>{formatAddresses(message.headers.to)}</dd>
              </>
            ) : null}
            {formatAddresses(message.headers.cc) ? (
              <>
                <dt>{t('Cc')}</dt>
                <dd>{formatAddresses(message.headers.cc)}</dd>
              </>
            ) : null}
            {message.headers.date ? (
              <>
                <dt>{t('Date')}</dt>
                <dd>
                  <time dateTime={message.headers.date}>{formatDateTime(message.headers.date)}</time>
                </dd>
              </>
            ) : null}
            {message.senderAuth || message.automatic ? (
              <>
                <dt>{t('Sender')}</dt>
                <dd>
                  <SenderTrustTags senderAuth={message.senderAuth?.verdict} automatic={message.automatic} reason={message.senderAuth?.reason} />
                  {message.senderAuth && message.senderAuth.verdict !== 'pass' ? <span className="muted"> {message.senderAuth.reason}</span> : null}
                </dd>
              </>
            ) : null}
            {message.sendStatus ? (
              <>
                <dt>{t('Status')}</dt>
                <dd className={`send-status send-status--${message.sendStatus}`}>
                  {message.sendStatus === 'failed' ? (
                    <RetrySend emailId={message.id} error={message.sendError} onRetried={onChanged} />
                  ) : message.sendStatus === 'queued' ? (
                    t('Queued for sending')
                  ) : (
                    t('Sent')
                  )}
                </dd>
              </>
            ) : null}
          </dl>
          {message.parseError ? (
            <div className="notice notice--error" role="alert">
              <Trans
                i18nKey="This message could not be fully read: {{error}}. <raw>View the raw source</raw>"
                values={{ error: message.parseError }}
                components={{ raw: <a href={urlOf('GET /api/emails/{id}/raw', { params: { id: message.id } })} target="_blank" rel="noreferrer" /> }}
              />
            </div>
          ) : null}
          <MessageBody message={message} />
          {message.attachments.length > 0 ? (
            <div className="email__attachments">
              <h4>{t('Attachments')}</h4>
              <ul aria-label={t('Attachments')}>
                {message.attachments.map((a) => (
                  <li key={a.fileId}>
                    <button type="button" className="link-button" onClick={() => onOpenFile(a.fileId)}>
                      {a.name}
                    </button>{' '}
                    <span className="muted">
                      {a.contentType} · {formatBytes(a.size)} ·{' '}
                    </span>
                    <a href={fileContentUrl(a.fileId)} download={a.name} aria-label={t('Download {{name}}', { name: a.name })}>
                      {t('Download')}
                    </a>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </div>
      ) : null}
    </article>
  );
}

/** A reply that could not be sent stays in the outbox; this sends it again. */
function RetrySend({ emailId, error, onRetried }: { emailId: string; error: string | null; onRetried: () => void }) {
  const { t } = useTranslation();
  const retrying = useSubmit(async () => {
    await api.retrySend(emailId);
    onRetried();
  });
  return (
    <span className="retry">
      {error ? t('Not sent: {{error}}.', { error }) : t('Not sent.')}{' '}
      <button type="button" className="button button--small" disabled={retrying.busy} onClick={() => void retrying.run()}>
        {t('Retry')}
      </button>
      {retrying.error ? (
        <span className="upload__error" role="alert">
          {' '}
          {retrying.error}
        </span>
      ) : null}
    </span>
  );
}

/** A reply still queued is asked about again, so the conversation never shows it as sent before the mail server took it. */
function RefreshWhileSending({ onTick }: { onTick: () => void }) {
  useEffect(() => {
    const timer = window.setTimeout(onTick, 3000);
    return () => window.clearTimeout(timer);
  }, [onTick]);
  return null;
}

/**
 * An email entry opened as its conversation: every message of the thread,
 * oldest first, the one clicked (and the latest) expanded, and a reply box.
 */
export function EmailView({
  emailId,
  threadId,
  reply,
  onOpenFile,
}: {
  emailId: string;
  threadId?: string | undefined;
  /** Team editors reply from here (a draft in the team document); null for everyone else. */
  reply: ReplyContext | null;
  onOpenFile: (fileId: string) => void;
}) {
  const { t } = useTranslation();
  const [generation, setGeneration] = useState(0);
  const refresh = useCallback(() => setGeneration((g) => g + 1), []);
  const conversation = useApi(`email:${emailId}:${threadId ?? ''}:${generation}`, async (signal) => {
    if (threadId) {
      try {
        const thread = await api.getThread(threadId, signal);
        if (thread.emails.length > 0) return thread.emails;
      } catch (err) {
        if (signal.aborted) throw err;
        // Fall back to the single message.
      }
    }
    return [await api.getEmail(emailId, signal)];
  });

  return (
    <Async value={conversation} what={t('the conversation')}>
      {(messages) => {
        const last = messages[messages.length - 1];
        const sending = messages.some((m) => m.sendStatus === 'queued');
        return (
          <div className="conversation">
            <h3 className="conversation__subject">{messages[0]?.headers.subject ?? t('(no subject)')}</h3>
            <p className="muted">{t('{{count}} messages', { count: messages.length })}</p>
            <div className="conversation__messages">
              {messages.map((m) => (
                <Message key={m.id} message={m} open={m.id === emailId || m === last} onOpenFile={onOpenFile} onChanged={() => setGeneration((g) => g + 1)} />
              ))}
            </div>
            {reply && last ? <ReplyDraft context={reply} last={last} onSent={refresh} /> : null}
            {sending ? <RefreshWhileSending key={generation} onTick={refresh} /> : null}
          </div>
        );
      }}
    </Async>
  );
}
