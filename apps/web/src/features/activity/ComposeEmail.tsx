import { useId, useState, type FormEvent } from 'react';
import type { ActivityRecord } from '@casehub/case-document';
import { Dialog } from '../../components/Dialog';
import { FormError } from '../../components/FormError';
import { call, errorMessage } from '../../lib/api';
import { useApi } from '../../lib/useApi';
import { mailboxesApi } from '../mailboxes/mailboxesApi';

/**
 * A new email from the case (DESIGN §10 `emails/send`): to, cc, bcc,
 * subject, text and files already on the case. It goes out from the case's
 * own address, or through a connected mailbox chosen as From; until the SMTP server takes it, the stream shows it queued
 * (or failed, with Retry). Ctrl/⌘+Enter sends.
 */
export function ComposeEmail({
  caseId,
  files,
  onClose,
  onSent,
}: {
  caseId: string;
  files: ActivityRecord[];
  onClose: () => void;
  onSent: (activityId: string) => void;
}) {
  const [form, setForm] = useState({ to: '', cc: '', bcc: '', subject: '', text: '' });
  const [copies, setCopies] = useState(false);
  const [attached, setAttached] = useState<Set<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const senders = useApi('mailbox-senders', (signal) => mailboxesApi.senders(signal));
  const [from, setFrom] = useState('');
  const fromId = useId();
  const ids = { to: useId(), cc: useId(), bcc: useId(), subject: useId(), text: useId() };
  const set = (field: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [field]: e.target.value }));

  async function send(e?: FormEvent) {
    e?.preventDefault();
    if (!form.to.trim()) return setError('Who is it to? Give at least one address.');
    if (!form.subject.trim()) return setError('Give it a subject.');
    if (!form.text.trim()) return setError('Write something to send.');
    setBusy(true);
    setError(null);
    try {
      const sent = await call('POST /api/cases/{id}/emails/send', {
        params: { id: caseId },
        body: {
          ...(from ? { mailboxId: from } : {}),
          to: form.to,
          ...(form.cc.trim() ? { cc: form.cc } : {}),
          ...(form.bcc.trim() ? { bcc: form.bcc } : {}),
          subject: form.subject,
          text: form.text,
          ...(attached.size > 0 ? { fileIds: [...attached] } : {}),
        },
      });
      onSent(sent.activityId);
      onClose();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title="New email" onClose={onClose}>
      <form
        className="stack"
        aria-label="New email"
        noValidate
        onSubmit={(e) => void send(e)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) void send();
        }}
      >
        {senders.data && senders.data.length > 0 ? (
          <div className="field">
            <label htmlFor={fromId}>From</label>
            <select id={fromId} value={from} onChange={(e) => setFrom(e.target.value)}>
              <option value="">The case address</option>
              {senders.data.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name} &lt;{m.address}&gt;
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div className="field">
          <label htmlFor={ids.to}>To</label>
          <input id={ids.to} value={form.to} onChange={set('to')} placeholder="Name <name@example.com>, other@example.com" autoComplete="off" />
        </div>
        {copies ? (
          <>
            <div className="field">
              <label htmlFor={ids.cc}>Cc</label>
              <input id={ids.cc} value={form.cc} onChange={set('cc')} autoComplete="off" />
            </div>
            <div className="field">
              <label htmlFor={ids.bcc}>Bcc</label>
              <input id={ids.bcc} value={form.bcc} onChange={set('bcc')} autoComplete="off" />
            </div>
          </>
        ) : (
          <div>
            <button type="button" className="link-button" onClick={() => setCopies(true)}>
              Add Cc or Bcc
            </button>
          </div>
        )}
        <div className="field">
          <label htmlFor={ids.subject}>Subject</label>
          <input id={ids.subject} value={form.subject} onChange={set('subject')} maxLength={998} />
        </div>
        <div className="field">
          <label htmlFor={ids.text}>Message</label>
          <textarea id={ids.text} rows={10} value={form.text} onChange={set('text')} />
        </div>
        {files.length > 0 ? (
          <fieldset>
            <legend>Attach files of this case</legend>
            {files.map((f) => (
              <label key={f.id} className="check">
                <input
                  type="checkbox"
                  checked={f.fileId !== undefined && attached.has(f.fileId)}
                  onChange={(e) =>
                    setAttached((s) => {
                      const next = new Set(s);
                      if (!f.fileId) return next;
                      if (e.target.checked) next.add(f.fileId);
                      else next.delete(f.fileId);
                      return next;
                    })
                  }
                />{' '}
                {f.summary}
              </label>
            ))}
          </fieldset>
        ) : null}
        <FormError message={error} />
        <p className="muted">Sent from the case’s own address, so the answer comes back to the case.</p>
        <div className="dialog__actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? 'Sending…' : 'Send'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
