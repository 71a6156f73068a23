import { readField, type ActivityRecord } from '@casehub/case-document';
import { Dialog } from '../../components/Dialog';
import { useTranslation } from 'react-i18next';
import type { PresenceUser, SyncSession } from '../../lib/sync';
import { DraftEditor } from '../drafts/DraftEditor';
import { useCaseRecipients } from '../drafts/useCaseRecipients';

/**
 * An email from the case (DESIGN §10 `emails/send`) in a dialog: a new one,
 * or a draft opened from the drafts list. It is written as a draft in the
 * case's team document (features/drafts), so closing the dialog keeps it.
 * It goes out from the case's own address, or through a connected mailbox
 * chosen as From; until the SMTP server takes it, the stream shows it
 * queued (or failed, with Retry).
 */
export function ComposeEmail({
  caseId,
  session,
  user,
  draftId,
  reply,
  files,
  onClose,
  onSent,
}: {
  caseId: string;
  /** The case's team document, where drafts live. */
  session: SyncSession;
  user: PresenceUser;
  draftId: string;
  reply: boolean;
  files: ActivityRecord[];
  onClose: () => void;
  onSent: (activityId: string) => void;
}) {
  const { t } = useTranslation();
  const recipients = useCaseRecipients(caseId);
  return (
    <Dialog title={reply ? t('Reply') : t('New email')} onClose={onClose}>
      <DraftEditor
        caseId={caseId}
        caseTitle={readField(session.doc, 'title') ?? ''}
        session={session}
        user={user}
        draftId={draftId}
        files={files}
        recipients={recipients}
        variant={reply ? 'reply' : 'new'}
        onSent={onSent}
        onClose={onClose}
      />
      <p className="muted">{t('Sent from the case’s own address (or the mailbox chosen as From), so the answer comes back to the case.')}</p>
    </Dialog>
  );
}
