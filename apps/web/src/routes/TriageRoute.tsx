import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { Link } from 'react-router';
import type { TriageEmail } from '@casehub/contract';
import { RelativeTime } from '../components/RelativeTime';
import { Async } from '../components/Async';
import { api } from '../lib/api';
import { useApi } from '../lib/useApi';
import { usePolled } from '../lib/usePolled';
import { useSubmit } from '../lib/useSubmit';
import { MessageBody } from '../features/activity/EmailView';
import { formatBytes, formatDateTime } from '../features/activity/format';
import { FileToCaseDialog, NewCaseDialog, type Filed } from '../features/triage/TriageDialogs';
import { triageApi, triageChanged, type TriageView } from '../features/triage/triageApi';
import { Trans, useTranslation } from 'react-i18next';

const sender = (e: TriageEmail): string => e.from?.name || e.from?.address || '(unknown sender)';

/** What the last action did, with its way back where there is one. */
type Outcome = { text: string; caseId?: string; undoSpam?: string } | null;

/** The selected message, read in full: headers, the sanitized body in its sandboxed frame, attachments. */
function Preview({
  email,
  view,
  onFile,
  onNewCase,
  onSpam,
}: {
  email: TriageEmail;
  view: TriageView;
  onFile: () => void;
  onNewCase: () => void;
  onSpam: (spam: boolean) => void;
}) {
  const { t } = useTranslation();
  const detail = useApi(`triage-email:${email.id}`, (signal) => api.getEmail(email.id, signal));
  const from = email.from ? (email.from.name ? `${email.from.name} <${email.from.address}>` : email.from.address) : '(unknown sender)';
  return (
    <article className="triage__preview card" aria-labelledby="triage-preview-subject">
      <h2 id="triage-preview-subject" className="triage__subject">
        {email.subject || '(no subject)'}
      </h2>
      <dl className="meta-list meta-list--compact">
        <dt>{t('From')}</dt>
        <dd>{from}</dd>
        <dt>{t('Received')}</dt>
        <dd>
          <time dateTime={email.createdAt}>{formatDateTime(email.createdAt)}</time>
        </dd>
        {email.reason ? (
          <>
            <dt>{t('Routing')}</dt>
            <dd>{email.reason}</dd>
          </>
        ) : null}
      </dl>
      <div className="triage__actions" role="group" aria-label={t('What to do with this message')}>
        <button type="button" className="button button--primary" onClick={onFile}>
          {t('File on a case…')}
        </button>
        <button type="button" className="button" onClick={onNewCase}>
          {t('New case from it…')}
        </button>
        {view === 'inbox' ? (
          <button type="button" className="button" onClick={() => onSpam(true)}>
            {t('Mark as spam')}
          </button>
        ) : (
          <button type="button" className="button" onClick={() => onSpam(false)}>
            {t('Not spam')}
          </button>
        )}
      </div>
      <Async value={detail} what={t('the message')}>
        {(message) => (
          <>
            {message.parseError ? (
              <p className="notice notice--error" role="alert">
                {t('This message could not be fully read: {{reason}}.', { reason: message.parseError })}
              </p>
            ) : null}
            <MessageBody key={message.id} message={message} />
            {message.attachments.length > 0 ? (
              <ul className="plain-list" aria-label={t('Attachments')}>
                {message.attachments.map((a) => (
                  <li key={a.fileId}>
                    {a.name} <span className="muted">({formatBytes(a.size)})</span>
                  </li>
                ))}
              </ul>
            ) : null}
          </>
        )}
      </Async>
    </article>
  );
}

/**
 * Triage (issue 21.6): mail that matched no case, newest first. Pick one to
 * read it; file it on a case, make a case of it, or mark it as spam (it can
 * be taken back from the Spam tab). Arrow keys move through the list.
 */
export function TriageRoute() {
  const { t } = useTranslation();
  const [view, setView] = useState<TriageView>('inbox');
  const list = usePolled(`triage:${view}`, (signal) => triageApi.list(view, signal), 30_000);
  const address = useApi('triage-address', (signal) => triageApi.address(signal));
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [dialog, setDialog] = useState<'file' | 'case' | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  // Spam and its undo: the message of the latest one that failed.
  const acting = useSubmit((work: () => Promise<void>) => work());
  const listRef = useRef<HTMLUListElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  // After an action the message (and the button that was used) is gone: focus goes to the next one.
  const refocus = useRef(false);

  const emails = list.data;
  const selected = emails?.find((e) => e.id === selectedId) ?? emails?.[0] ?? null;
  const { reload } = list;

  const after = useCallback(
    (done: Outcome, goneId: string) => {
      // The next message (or the one before) is selected, so a run of filing goes on without the mouse.
      const i = emails?.findIndex((e) => e.id === goneId) ?? -1;
      const next = emails?.[i + 1] ?? emails?.[i - 1] ?? null;
      setSelectedId(next?.id ?? null);
      setOutcome(done);
      setDialog(null);
      refocus.current = true;
      triageChanged();
      reload();
    },
    [emails, reload],
  );

  useEffect(() => {
    if (!refocus.current || emails === undefined) return;
    refocus.current = false;
    const current = listRef.current?.querySelector<HTMLButtonElement>('[aria-current="true"]');
    (current ?? headingRef.current)?.focus();
  }, [emails]);

  useEffect(() => {
    setSelectedId(null);
    setOutcome(null);
  }, [view]);

  const filed = (email: TriageEmail) => (f: Filed) =>
    after({ text: `Filed on ${f.title}${f.also > 0 ? t(', with {{also}} more of its thread', { also: f.also }) : ''}.`, caseId: f.caseId }, email.id);

  function spam(email: TriageEmail, mark: boolean) {
    void acting.run(async () => {
      await triageApi.setSpam(email.id, mark);
      after(
        mark ? { text: t('“{{subject}}” marked as spam.', { subject: email.subject || '(no subject)' }), undoSpam: email.id } : { text: 'Back in triage.' },
        email.id,
      );
    });
  }

  function undoSpam(emailId: string) {
    void acting.run(async () => {
      await triageApi.setSpam(emailId, false);
      setOutcome({ text: 'Back in triage.' });
      setSelectedId(emailId);
      triageChanged();
      reload();
    });
  }

  /** Up and Down move the selection (and focus) through the list; Home and End to its ends. */
  function onListKey(e: KeyboardEvent<HTMLUListElement>) {
    if (!emails || emails.length === 0 || !selected) return;
    const i = emails.findIndex((m) => m.id === selected.id);
    const to = e.key === 'ArrowDown' ? i + 1 : e.key === 'ArrowUp' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? emails.length - 1 : null;
    if (to === null) return;
    e.preventDefault();
    const next = emails[Math.max(0, Math.min(emails.length - 1, to))];
    if (!next) return;
    setSelectedId(next.id);
    listRef.current?.querySelector<HTMLButtonElement>(`[data-email-id="${CSS.escape(next.id)}"]`)?.focus();
  }

  return (
    <main className="page stack triage" aria-labelledby="triage-heading">
      <div className="page__header">
        <h1 id="triage-heading" ref={headingRef} tabIndex={-1}>
          {t('Triage')}
        </h1>
      </div>
      <p className="muted">
        {t(
          "Mail that matched no case waits here, newest first. File it on a case (its thread follows, and the customer's response clock starts), make a new case of it, or mark it as spam.",
        )}
      </p>
      <div className="triage__tabs" role="group" aria-label={t('Which messages')}>
        <button type="button" className="button button--small" aria-pressed={view === 'inbox'} onClick={() => setView('inbox')}>
          {t('Waiting')}
        </button>
        <button type="button" className="button button--small" aria-pressed={view === 'spam'} onClick={() => setView('spam')}>
          {t('Spam')}
        </button>
      </div>
      {outcome ? (
        <p className="notice notice--success" role="status">
          {outcome.text} {outcome.caseId ? <Link to={`/cases/${encodeURIComponent(outcome.caseId)}`}>{t('Open the case')}</Link> : null}
          {outcome.undoSpam ? (
            <button type="button" className="link-button" onClick={() => undoSpam(outcome.undoSpam ?? '')}>
              {t('Undo')}
            </button>
          ) : null}
        </p>
      ) : null}
      {acting.error ? (
        <p className="notice notice--error" role="alert">
          {acting.error}
        </p>
      ) : null}

      <Async
        value={list}
        what={t('triage')}
        empty={
          <div className="empty" data-testid="triage-empty">
            {view === 'inbox' ? (
              <p>
                <Trans
                  i18nKey="Nothing in triage: mail to <code>{{address}}</code> that matches no case lands here."
                  values={{ address: address.state === 'ready' ? address.data : t('the workspace inbox address') }}
                  components={{ code: <code /> }}
                />
              </p>
            ) : (
              <p>{t('Nothing marked as spam.')}</p>
            )}
          </div>
        }
      >
        {(messages) => (
          <div className="triage__layout">
            <ul ref={listRef} className="triage__list" aria-label={view === 'inbox' ? 'Messages in triage' : 'Messages marked as spam'} onKeyDown={onListKey}>
              {messages.map((e) => {
                const current = selected?.id === e.id;
                return (
                  <li key={e.id}>
                    <button
                      type="button"
                      data-email-id={e.id}
                      className={`triage__item${current ? ' triage__item--current' : ''}`}
                      aria-current={current ? 'true' : undefined}
                      tabIndex={current ? 0 : -1}
                      onClick={() => setSelectedId(e.id)}
                    >
                      <span className="triage__item-head">
                        <strong className="triage__sender">{sender(e)}</strong>
                        <RelativeTime iso={e.createdAt} className="muted" />
                      </span>
                      <span className="triage__item-subject">{e.subject || '(no subject)'}</span>
                      <span className="muted triage__snippet">{e.snippet}</span>
                    </button>
                  </li>
                );
              })}
            </ul>
            {selected ? (
              <Preview
                key={selected.id}
                email={selected}
                view={view}
                onFile={() => setDialog('file')}
                onNewCase={() => setDialog('case')}
                onSpam={(mark) => spam(selected, mark)}
              />
            ) : null}
          </div>
        )}
      </Async>
      {selected && dialog === 'file' ? <FileToCaseDialog email={selected} onFiled={filed(selected)} onClose={() => setDialog(null)} /> : null}
      {selected && dialog === 'case' ? <NewCaseDialog email={selected} onFiled={filed(selected)} onClose={() => setDialog(null)} /> : null}
    </main>
  );
}
