import { useState, type FormEvent } from 'react';
import { emailSchema, type InviteCreateResponse } from '@casehub/contract';
import { api, errorMessage } from '../../lib/api';
import { Dialog } from '../../components/Dialog';
import { InviteLinkResult } from './InviteLinkResult';
import { TextInput } from '../../components/TextInput';
import { FormError } from '../../components/FormError';
import { FormActions } from '../../components/FormActions';

export function InviteDialog({ onClose }: { onClose: () => void }) {
  const [email, setEmail] = useState('');
  const [emailError, setEmailError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [invite, setInvite] = useState<InviteCreateResponse | null>(null);

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
    } catch (err) {
      setFormError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title="Invite a colleague" onClose={onClose}>
      {invite ? (
        <InviteLinkResult
          url={invite.url}
          label="Invite link"
          againLabel="Invite someone else"
          onAgain={() => {
            setInvite(null);
            setEmail('');
          }}
          onDone={onClose}
        >
            Send this link to <strong>{email.trim().toLowerCase()}</strong>. It works once and expires on{' '}
            {new Date(invite.expiresAt).toLocaleDateString()}.
        </InviteLinkResult>
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
          <FormActions onCancel={onClose} submitLabel="Create invite link" busy={busy} busyLabel="Creating…" />
        </form>
      )}
    </Dialog>
  );
}
