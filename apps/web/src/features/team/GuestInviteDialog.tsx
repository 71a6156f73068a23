import { useState, type FormEvent } from 'react';
import { caseAccess, emailSchema, type CaseAccess, type InviteCreateResponse } from '@casehub/contract';
import { errorMessage } from '../../lib/api';
import { peopleApi } from '../../lib/peopleApi';
import { Dialog } from '../../components/Dialog';
import { InviteLinkResult } from '../invites/InviteLinkResult';
import { TextInput } from '../../components/TextInput';
import { FormError } from '../../components/FormError';
import { accessHelp, accessLabels } from './roles';
import { FormActions } from '../../components/FormActions';

/** Invites a partner or customer contact to this one case, with the access they get; shows the link to send. */
export function GuestInviteDialog({ caseId, caseTitle, onClose, onInvited }: { caseId: string; caseTitle: string; onClose: () => void; onInvited: () => void }) {
  const [email, setEmail] = useState('');
  const [access, setAccess] = useState<CaseAccess>('commenter');
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
      setInvite(await peopleApi.inviteGuest({ email: parsed.data, caseId, access }));
      onInvited();
    } catch (err) {
      setFormError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title="Invite a guest" onClose={onClose}>
      {invite ? (
        <InviteLinkResult
          url={invite.url}
          label="Guest invite link"
          againLabel="Invite another guest"
          onAgain={() => {
            setInvite(null);
            setEmail('');
          }}
          onDone={onClose}
        >
            Send this link to <strong>{email.trim().toLowerCase()}</strong>. It opens only <strong>{caseTitle}</strong>, works
            once and expires on {new Date(invite.expiresAt).toLocaleDateString()}.
        </InviteLinkResult>
      ) : (
        <form onSubmit={submit} noValidate className="stack">
          <p className="muted">
            A guest sees only this case’s shared side: the shared fields, the mutual plan, what the team shares and who is on the team.
            Nothing internal.
          </p>
          <TextInput label="Guest email" type="email" autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} error={emailError} />
          <fieldset className="radio-group">
            <legend className="field__label">Access</legend>
            {caseAccess.options.map((a) => (
              <label key={a} className="radio-group__item">
                <input type="radio" name="guest-access" value={a} checked={access === a} onChange={() => setAccess(a)} />
                <span>
                  <strong>{accessLabels[a]}</strong> <span className="muted">— {accessHelp[a]}</span>
                </span>
              </label>
            ))}
          </fieldset>
          <FormError message={formError} />
          <FormActions onCancel={onClose} submitLabel="Create guest link" busy={busy} busyLabel="Creating…" />
        </form>
      )}
    </Dialog>
  );
}
