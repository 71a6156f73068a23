import { api } from '../../lib/api';
import { useInviteForm } from './useInviteForm';
import { Dialog } from '../../components/Dialog';
import { InviteLinkResult } from './InviteLinkResult';
import { TextInput } from '../../components/TextInput';
import { FormError } from '../../components/FormError';
import { FormActions } from '../../components/FormActions';
import { useTranslation } from 'react-i18next';

export function InviteDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { email, setEmail, emailError, formError, busy, invite, submit, again } = useInviteForm((address) =>
    api.createInvite({ email: address, role: 'member' }),
  );

  return (
    <Dialog title={t('Invite a colleague')} onClose={onClose}>
      {invite ? (
        <InviteLinkResult url={invite.url} label={t('Invite link')} againLabel="Invite someone else" onAgain={again} onDone={onClose}>
          Send this link to <strong>{email.trim().toLowerCase()}</strong>. It works once and expires on {new Date(invite.expiresAt).toLocaleDateString()}.
        </InviteLinkResult>
      ) : (
        <form onSubmit={submit} noValidate className="stack">
          <p className="muted">{t('They will join your workspace as a member and can open every shared case.')}</p>
          <TextInput label={t('Email address')} type="email" autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} error={emailError} />
          <FormError message={formError} />
          <FormActions onCancel={onClose} submitLabel={t('Create invite link')} busy={busy} busyLabel={t('Creating…')} />
        </form>
      )}
    </Dialog>
  );
}
