import { useId, useRef, useState, type FormEvent } from 'react';
import { emailSchema, type InviteCreateResponse } from '@casehub/contract';
import { api, errorMessage } from '../../lib/api';
import { Dialog } from '../../components/Dialog';
import { TextInput } from '../../components/TextInput';
import { FormError } from '../../components/FormError';

export function InviteDialog({ onClose }: { onClose: () => void }) {
  const [email, setEmail] = useState('');
  const [emailError, setEmailError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [invite, setInvite] = useState<InviteCreateResponse | null>(null);
  const [copied, setCopied] = useState(false);
  const linkRef = useRef<HTMLInputElement>(null);
  const linkId = useId();

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    setFormError(null);
    const parsed = emailSchema.safeParse(email);
    if (!parsed.success) {
      setEmailError(parsed.error.issues[0]?.message ?? 'must be an email address');
      return;
    }
    setEmailError(undefined);
    setBusy(true);
    try {
      const created = await api.createInvite({ email: parsed.data, role: 'member' });
      setInvite(created);
      // Move focus to the link so keyboard users land on what they came for.
      requestAnimationFrame(() => linkRef.current?.select());
    } catch (err) {
      setFormError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  async function copy(): Promise<void> {
    if (!invite) return;
    try {
      await navigator.clipboard.writeText(invite.url);
      setCopied(true);
    } catch {
      // Clipboard access can be refused (plain http, permissions): leave the link selected to copy by hand.
      linkRef.current?.select();
    }
  }

  return (
    <Dialog title="Invite a colleague" onClose={onClose}>
      {invite ? (
        <div className="stack">
          <p>
            Send this link to <strong>{email.trim().toLowerCase()}</strong>. It works once and expires on{' '}
            {new Date(invite.expiresAt).toLocaleDateString()}.
          </p>
          <div className="field">
            <label htmlFor={linkId}>Invite link</label>
            <div className="copy-row">
              <input id={linkId} ref={linkRef} readOnly value={invite.url} onFocus={(e) => e.target.select()} />
              <button type="button" className="button" onClick={copy}>
                {copied ? 'Copied' : 'Copy link'}
              </button>
            </div>
          </div>
          <div className="dialog__actions">
            <button
              type="button"
              className="button"
              onClick={() => {
                setInvite(null);
                setEmail('');
                setCopied(false);
              }}
            >
              Invite someone else
            </button>
            <button type="button" className="button button--primary" onClick={onClose}>
              Done
            </button>
          </div>
        </div>
      ) : (
        <form onSubmit={submit} noValidate className="stack">
          <p className="muted">They will join your workspace as a member and can open every shared case.</p>
          <TextInput
            label="Email address"
            type="email"
            autoComplete="off"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            error={emailError}
          />
          <FormError message={formError} />
          <div className="dialog__actions">
            <button type="button" className="button" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className="button button--primary" disabled={busy}>
              {busy ? 'Creating…' : 'Create invite link'}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
