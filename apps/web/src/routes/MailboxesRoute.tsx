import { useId, useState, type FormEvent } from 'react';
import type { MailboxCreateInput, MailboxSummary, MailboxTestResult } from '@casehub/contract';
import { Async } from '../components/Async';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { FormError } from '../components/FormError';
import { usePolled } from '../lib/usePolled';
import { useSubmit } from '../lib/useSubmit';
import { useMe } from '../features/auth/session';
import { formatDateTime } from '../features/activity/format';
import { mailboxesApi } from '../features/mailboxes/mailboxesApi';
import { NotForYou } from '../components/NotForYou';
import { useTranslation } from 'react-i18next';
import { msg } from '../i18n';

type Server = { host: string; port: string; secure: boolean; user: string; password: string };
const emptyServer = (port: string, secure: boolean): Server => ({ host: '', port, secure, user: '', password: '' });

function ServerFields({ legend, value, onChange }: { legend: string; value: Server; onChange: (next: Server) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const set = (patch: Partial<Server>) => onChange({ ...value, ...patch });
  return (
    <fieldset className="stack">
      <legend>{legend}</legend>
      <div className="field">
        <label htmlFor={`${id}-host`}>{t('Server')}</label>
        <input
          id={`${id}-host`}
          value={value.host}
          placeholder={t('imap.example.com')}
          onChange={(e) => set({ host: e.target.value })}
          autoComplete="off"
          required
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-port`}>{t('Port')}</label>
        <input id={`${id}-port`} inputMode="numeric" value={value.port} onChange={(e) => set({ port: e.target.value })} required />
      </div>
      <label className="check">
        <input type="checkbox" checked={value.secure} onChange={(e) => set({ secure: e.target.checked })} />{' '}
        {t('TLS from the start (ports 993 and 465; otherwise STARTTLS when offered)')}
      </label>
      <div className="field">
        <label htmlFor={`${id}-user`}>{t('User name')}</label>
        <input id={`${id}-user`} value={value.user} onChange={(e) => set({ user: e.target.value })} autoComplete="off" required />
      </div>
      <div className="field">
        <label htmlFor={`${id}-password`}>{t('Password or app password')}</label>
        <input
          id={`${id}-password`}
          type="password"
          value={value.password}
          onChange={(e) => set({ password: e.target.value })}
          autoComplete="new-password"
          required
        />
      </div>
    </fieldset>
  );
}

function ConnectForm({ onConnected }: { onConnected: () => void }) {
  const { t } = useTranslation();
  const nameId = useId();
  const addressId = useId();
  const foldersId = useId();
  const sentId = useId();
  const daysId = useId();
  const [name, setName] = useState('');
  const [address, setAddress] = useState('');
  const [imap, setImap] = useState(emptyServer('993', true));
  const [withSmtp, setWithSmtp] = useState(true);
  const [smtp, setSmtp] = useState(emptyServer('465', true));
  const [folders, setFolders] = useState('INBOX');
  const [sentFolder, setSentFolder] = useState('');
  const [days, setDays] = useState('30');
  const [result, setResult] = useState<MailboxTestResult | null>(null);

  function input(): MailboxCreateInput | string {
    const port = (p: string) => Number(p);
    if (!name.trim()) return t('Give the mailbox a name, e.g. Support');
    if (!address.includes('@')) return t('Enter the mailbox’s email address');
    for (const [label, s] of [['IMAP', imap], ...(withSmtp ? [['SMTP', smtp] as const] : [])] as const) {
      if (!s.host.trim() || !s.user || !s.password) return t('{{label}}: enter the server, user name and password', { label });
      if (!Number.isInteger(port(s.port)) || port(s.port) < 1 || port(s.port) > 65535) return t('{{label}}: the port is a number from 1 to 65535', { label });
    }
    const server = (s: Server) => ({ host: s.host.trim(), port: port(s.port), secure: s.secure, user: s.user, password: s.password });
    const list = folders
      .split(',')
      .map((f) => f.trim())
      .filter(Boolean);
    return {
      name: name.trim(),
      address: address.trim(),
      imap: server(imap),
      ...(withSmtp ? { smtp: server(smtp) } : {}),
      ...(list.length ? { folders: list } : {}),
      ...(sentFolder.trim() ? { sentFolder: sentFolder.trim() } : {}),
      backfillDays: Math.max(0, Math.min(3650, Math.floor(Number(days) || 0))),
    };
  }

  const testing = useSubmit(async (body: MailboxCreateInput) => setResult(await mailboxesApi.test(body)));
  const connecting = useSubmit(async (body: MailboxCreateInput) => {
    await mailboxesApi.create(body);
    setName('');
    setAddress('');
    setImap(emptyServer('993', true));
    setSmtp(emptyServer('465', true));
    setResult(null);
    onConnected();
  });

  function run(action: typeof testing | typeof connecting) {
    const body = input();
    if (typeof body === 'string') return action.fail(body);
    void action.run(body);
  }

  return (
    <form
      className="stack card"
      aria-label={t('Connect a mailbox')}
      noValidate
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        run(connecting);
      }}
    >
      <h2>{t('Connect a mailbox')}</h2>
      <p className="muted">
        {t(
          'A shared inbox (support@, deals@) or someone’s own mailbox, by IMAP and SMTP. With Gmail or Microsoft 365, use an app password. Passwords are stored encrypted and never shown again.',
        )}
      </p>
      <div className="field">
        <label htmlFor={nameId}>{t('Name')}</label>
        <input id={nameId} value={name} placeholder={t('Support')} onChange={(e) => setName(e.target.value)} required />
      </div>
      <div className="field">
        <label htmlFor={addressId}>{t('Email address')}</label>
        <input id={addressId} type="email" value={address} placeholder={t('support@example.com')} onChange={(e) => setAddress(e.target.value)} required />
      </div>
      <ServerFields legend={t('Incoming mail (IMAP)')} value={imap} onChange={setImap} />
      <label className="check">
        <input type="checkbox" checked={withSmtp} onChange={(e) => setWithSmtp(e.target.checked)} /> {t('Send from cases through this mailbox (SMTP)')}
      </label>
      {withSmtp ? <ServerFields legend={t('Outgoing mail (SMTP)')} value={smtp} onChange={setSmtp} /> : null}
      <div className="field">
        <label htmlFor={foldersId}>{t('Folders to watch (comma separated)')}</label>
        <input id={foldersId} value={folders} onChange={(e) => setFolders(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={sentId}>{t('Sent folder (found by its \\Sent flag when empty)')}</label>
        <input id={sentId} value={sentFolder} onChange={(e) => setSentFolder(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={daysId}>{t('Bring in the last … days of mail')}</label>
        <input id={daysId} inputMode="numeric" value={days} onChange={(e) => setDays(e.target.value)} />
      </div>
      {result ? (
        <p className={result.ok ? 'notice' : 'notice notice--error'} role="status">
          {result.ok
            ? t('Connection works. {{message}}', { message: result.message })
            : t('{{server}} failed at {{stage}}: {{message}}', {
                server: result.failed?.server.toUpperCase(),
                stage: t(stageNames[result.failed?.stage ?? 'connect']),
                message: result.message,
              })}
        </p>
      ) : null}
      <FormError message={testing.error ?? connecting.error} />
      <div className="dialog__actions">
        <button type="button" className="button" disabled={testing.busy} onClick={() => run(testing)}>
          {testing.busy ? t('Testing…') : t('Test connection')}
        </button>
        <button type="submit" className="button button--primary" disabled={connecting.busy}>
          {connecting.busy ? t('Connecting…') : t('Connect mailbox')}
        </button>
      </div>
    </form>
  );
}

const stageNames = {
  dns: msg('the name lookup (DNS)'),
  connect: msg('connecting'),
  tls: msg('TLS'),
  login: msg('signing in'),
  folder: msg('opening a folder'),
} as const;

function StatusLine({ mailbox }: { mailbox: MailboxSummary }) {
  const { t } = useTranslation();
  if (mailbox.status === 'syncing' && mailbox.progress) {
    const { done, total } = mailbox.progress;
    return (
      <div>
        <span>{t('Syncing: {{done}} of {{total}} messages', { done, total })}</span>{' '}
        <progress max={total} value={done} aria-label={t('Sync of {{address}}', { address: mailbox.address })} />
      </div>
    );
  }
  if (mailbox.status === 'error') {
    return (
      <p className="notice notice--error" role="note">
        {t('Error: {{reason}}', { reason: mailbox.lastError ?? t('unknown') })}
        {mailbox.retryAt ? t(' — trying again at {{retryAt}}', { retryAt: formatDateTime(mailbox.retryAt) }) : ''}
      </p>
    );
  }
  const words = { connecting: t('Connecting…'), syncing: t('Syncing…'), idle: t('Up to date, listening for new mail'), error: t('Error') };
  return (
    <span>
      {words[mailbox.status]}
      {mailbox.lastSyncAt ? t(' · last sync {{lastSyncAt}}', { lastSyncAt: formatDateTime(mailbox.lastSyncAt) }) : ''}
    </span>
  );
}

/** Settings → Mailboxes: connected mailboxes, their live status, connect (with a test) and disconnect (owners and admins). */
export function MailboxesRoute() {
  const { t } = useTranslation();
  const me = useMe();
  const allowed = me.role === 'owner' || me.role === 'admin';
  const boxes = usePolled(`mailboxes:${allowed}`, (signal) => (allowed ? mailboxesApi.list(signal) : Promise.resolve([])), 3000);
  const [removing, setRemoving] = useState<MailboxSummary | null>(null);

  if (!allowed) {
    return <NotForYou title={t('Mailboxes')} reason={t('Only owners and admins manage mailboxes.')} />;
  }

  return (
    <main className="page stack">
      <div className="page__header">
        <h1>{t('Mailboxes')}</h1>
      </div>
      <p className="muted">
        {t(
          'Mail in connected mailboxes lands on its case by itself (case address, thread, or the sender’s contact; the rest waits in Triage), and what the team sends from its own mail client is filed too.',
        )}
      </p>
      <section className="stack" aria-label={t('Connected mailboxes')} aria-busy={boxes.state === 'loading'}>
        <h2>{t('Connected mailboxes')}</h2>
        <Async value={boxes} what={t('the mailboxes')} empty={<p className="muted">{t('No mailbox connected yet. Connect one below.')}</p>}>
          {(list) => (
            <ul className="stack plain-list">
              {list.map((m) => (
                <li key={m.id} className="card stack">
                  <div className="page__header">
                    <div>
                      <strong>{m.name}</strong> <span className="muted">{m.address}</span>
                      <div className="muted">
                        {m.imap.host}:{m.imap.port} · {m.folders.join(', ')}
                        {m.sentFolder ? t(' · sent: {{folder}}', { folder: m.sentFolder }) : ''} {t('· {{count}} messages', { count: m.messages })}
                        {m.smtp ? t(' · sends via {{host}}', { host: m.smtp.host }) : t(' · receives only')}
                      </div>
                      <div aria-live="polite">
                        <StatusLine mailbox={m} />
                      </div>
                    </div>
                    <div className="dialog__actions">
                      <button
                        type="button"
                        className="button button--danger"
                        onClick={() => setRemoving(m)}
                        aria-label={t('Disconnect {{address}}', { address: m.address })}
                      >
                        {t('Disconnect')}
                      </button>
                    </div>
                  </div>
                </li>
              ))}
            </ul>
          )}
        </Async>
      </section>
      <ConnectForm onConnected={boxes.reload} />
      {removing ? (
        <ConfirmDialog
          title={t('Disconnect this mailbox?')}
          confirmLabel={t('Disconnect')}
          onClose={() => setRemoving(null)}
          onConfirm={async () => {
            await mailboxesApi.remove(removing.id);
            setRemoving(null);
            boxes.reload();
          }}
        >
          {t('Casehub stops reading {{address}} and forgets its password. The mail it brought in stays on its cases.', { address: removing.address })}
        </ConfirmDialog>
      ) : null}
    </main>
  );
}
