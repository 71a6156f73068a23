import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { caseAccess, type CaseAccess } from '@casehub/contract';
import { useInviteForm } from '../invites/useInviteForm';
import { peopleApi } from '../../lib/peopleApi';
import { Dialog } from '../../components/Dialog';
import { InviteLinkResult } from '../invites/InviteLinkResult';
import { TextInput } from '../../components/TextInput';
import { FormError } from '../../components/FormError';
import { accessHelp, accessLabels } from './roles';
import { FormActions } from '../../components/FormActions';
import { formatLocale } from '../../i18n';

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
  const { t } = useTranslation();
  const [access, setAccess] = useState<CaseAccess>('commenter');
  const { email, setEmail, emailError, formError, busy, invite, submit, again } = useInviteForm(async (address) => {
    const created = await peopleApi.inviteGuest({ email: address, caseId, access });
    onInvited();
    return created;
  });

  return (
    <Dialog title={t('Invite a guest')} onClose={onClose}>
      {invite ? (
        <InviteLinkResult url={invite.url} label={t('Guest invite link')} againLabel={t('Invite another guest')} onAgain={again} onDone={onClose}>
          <Trans
            i18nKey="Send this link to <b>{{email}}</b>. It opens only <b>{{title}}</b>, works once and expires on {{date}}."
            values={{ email: email.trim().toLowerCase(), title: caseTitle, date: new Date(invite.expiresAt).toLocaleDateString(formatLocale()) }}
            components={{ b: <strong /> }}
          />
        </InviteLinkResult>
      ) : (
        <form onSubmit={submit} noValidate className="stack">
          <p className="muted">
            {t('A guest sees only this case’s shared side: the shared fields, the mutual plan, what the team shares and who is on the team. Nothing internal.')}
          </p>
          <TextInput label={t('Guest email')} type="email" autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} error={emailError} />
          <fieldset className="radio-group">
            <legend className="field__label">{t('Access')}</legend>
            {caseAccess.options.map((a) => (
              <label key={a} className="radio-group__item">
                <input type="radio" name="guest-access" value={a} checked={access === a} onChange={() => setAccess(a)} />
                <span>
                  <strong>{t(accessLabels[a])}</strong> <span className="muted">— {t(accessHelp[a])}</span>
                </span>
              </label>
            ))}
          </fieldset>
          <FormError message={formError} />
          <FormActions onCancel={onClose} submitLabel={t('Create guest link')} busy={busy} busyLabel={t('Creating…')} />
        </form>
      )}
    </Dialog>
  );
}
