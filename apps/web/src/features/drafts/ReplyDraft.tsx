import { useState } from 'react';
import { createDraft, readField, type ActivityRecord } from '@casehub/case-document';
import type { EmailAddressValue, EmailDetail } from '../../lib/api';
import type { PresenceUser, SyncSession } from '../../lib/sync';
import { DraftEditor } from './DraftEditor';
import { useCaseRecipients } from './useCaseRecipients';
import { useDrafts } from './useDrafts';
import { useTranslation } from 'react-i18next';

/** What a reply from the case needs: the team document (drafts live there), who writes, the case's files. */
export type ReplyContext = { caseId: string; session: SyncSession; user: PresenceUser; files: ActivityRecord[] };

const formatAddress = (a: EmailAddressValue): string => (a.name && a.address ? `${a.name} <${a.address}>` : a.address);

/** Short, URL-safe, unguessable enough for a draft id. */
const newDraftId = (): string => crypto.randomUUID().replace(/-/g, '').slice(0, 22);

/**
 * The reply under a conversation (issue 13.5): the thread's draft when
 * someone has started one (so a second person joins it instead of writing
 * a rival reply), else a Reply button that starts one, addressed to the
 * last message's sender (or, answering our own message, its recipients).
 */
export function ReplyDraft({ context, last, onSent }: { context: ReplyContext; last: EmailDetail; onSent: () => void }) {
  const { t } = useTranslation();
  const { caseId, session, user, files } = context;
  const drafts = useDrafts(session.doc);
  const recipients = useCaseRecipients(caseId);
  const [started, setStarted] = useState(false);
  const [sent, setSent] = useState(false);
  const existing = drafts.find((d) => d.kind === 'reply' && d.threadId === last.threadId);

  if (!existing) {
    return (
      <div className="reply reply--idle">
        <button
          type="button"
          className="button"
          onClick={() => {
            const to = last.direction === 'outbound' ? last.headers.to : last.headers.from ? [last.headers.from] : [];
            const subject = last.headers.subject ?? '';
            createDraft(session.doc, newDraftId(), {
              kind: 'reply',
              replyTo: last.id,
              threadId: last.threadId,
              to: to.map(formatAddress).filter(Boolean).join(', '),
              subject: /^\s*re\s*:/i.test(subject) ? subject : `Re: ${subject}`.trim(),
              createdBy: user.id,
              createdByName: user.name,
            });
            setStarted(true);
            setSent(false);
          }}
        >
          {t('Reply')}
        </button>
        {sent ? (
          <span className="send-status" role="status">
            {t('Reply on its way: the conversation shows when the mail server takes it.')}
          </span>
        ) : null}
      </div>
    );
  }
  return (
    <DraftEditor
      caseId={caseId}
      caseTitle={readField(session.doc, 'title') ?? ''}
      session={session}
      user={user}
      draftId={existing.id}
      files={files}
      recipients={recipients}
      variant="reply"
      autoFocus={started}
      onSent={() => {
        setSent(true);
        setStarted(false);
        onSent();
      }}
    />
  );
}
