import { api } from '../../lib/api';
import { useInviteForm } from './useInviteForm';
import { Dialog } from '../../components/Dialog';
import { InviteLinkResult } from './InviteLinkResult';
import { TextInput } from '../../components/TextInput';
import { FormError } from '../../components/FormError';
import { FormActions } from '../../components/FormActions';
import { Trans, useTranslation } from 'react-i18next';
import { formatLocale } from '../../i18n';

export function InviteDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { email, setEmail, emailError, formError, busy, invite, submit, again } = useInviteForm((address) =>
    api.createInvite({ email: address, role: 'member' }),
  );

  return (
    <Dialog title={t('Invite a colleague')} onClose={onClose}>
      {invite ? (
        <InviteLinkResult url={invite.url} label={t('Invite link')} againLabel={t('Invite someone else')} onAgain={again} onDone={onClose}>
          <Trans
            i18nKey="Send this link to <b>{{email}}</b>. It works once and expires on {{date}}."
            values={{ email: email.trim().toLowerCase(), date: new Date(invite.expiresAt).toLocaleDateString(formatLocale()) }}
            components={{ b: <strong /> }}
          />
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
