import { useState } from 'react';
import { caseAccess, type CaseAccess } from '@casehub/contract';
import { useInviteForm } from '../invites/useInviteForm';
import { peopleApi } from '../../lib/peopleApi';
import { Dialog } from '../../components/Dialog';
import { InviteLinkResult } from '../invites/InviteLinkResult';
import { TextInput } from '../../components/TextInput';
import { FormError } from '../../components/FormError';
import { accessHelp, accessLabels } from './roles';
import { FormActions } from '../../components/FormActions';

/** Invites a partner or customer contact to this one case, with the access they get; shows the link to send. */
export function GuestInviteDialog({
  caseId,
  caseTitle,
  onClose,
  onInvited,
}: {
  caseId: string;
  caseTitle: string;
  onClose: () => void;
  onInvited: () => void;
}) {
  const [access, setAccess] = useState<CaseAccess>('commenter');
  const { email, setEmail, emailError, formError, busy, invite, submit, again } = useInviteForm(async (address) => {
    const created = await peopleApi.inviteGuest({ email: address, caseId, access });
    onInvited();
    return created;
  });

  return (
    <Dialog title="Invite a guest" onClose={onClose}>
      {invite ? (
        <InviteLinkResult url={invite.url} label="Guest invite link" againLabel="Invite another guest" onAgain={again} onDone={onClose}>
          Send this link to <strong>{email.trim().toLowerCase()}</strong>. It opens only <strong>{caseTitle}</strong>, works once and expires on{' '}
          {new Date(invite.expiresAt).toLocaleDateString()}.
        </InviteLinkResult>
      ) : (
        <form onSubmit={submit} noValidate className="stack">
          <p className="muted">
            A guest sees only this case’s shared side: the shared fields, the mutual plan, what the team shares and who is on the team. Nothing internal.
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
