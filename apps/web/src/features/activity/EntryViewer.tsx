import { useRef } from 'react';
import type { ActivityRecord } from '@casehub/case-document';
import { Dialog } from '../../components/Dialog';
import type { PresenceUser, SyncSession } from '../../lib/sync';
import { EmailView } from './EmailView';
import type { ReplyContext } from '../drafts/ReplyDraft';
import { FileView } from './FileView';
import { KindIcon, kindLabels } from './kinds';
import { outboundLabel } from './ActivityRow';
import { NoteEditor } from './NoteEditor';
import type { MentionPerson } from './mentions';
import { formatDateTime } from './format';
import { PromiseFromSelection } from '../expectations/PromiseFromSelection';
import { useTranslation } from 'react-i18next';
import { i18n, msg } from '../../i18n';

interface EntryViewerProps {
  entry: ActivityRecord;
  session: SyncSession;
  user: PresenceUser;
  /** Whom a note's @ list offers. */
  members: MentionPerson[];
  editable: boolean;
  /** True right after the composer made the entry: the caret goes into the body. */
  isNew: boolean;
  /** Set when one file of the entry is open (an email's attachment). */
  fileId?: string | undefined;
  onOpenFile: (fileId: string) => void;
  /** Back from an attachment to its email. */
  onBack?: (() => void) | undefined;
  onClose: () => void;
  /** Replying to an email (team editors, through a draft in the team document); null for guests and readers. */
  reply: ReplyContext | null;
}

function titleOf(entry: ActivityRecord): string {
  if (entry.kind === 'email') return entry.direction === 'outbound' ? outboundLabel(entry) : i18n.t('Email');
  return i18n.t(kindLabels[entry.kind]);
}

const textLabels = { note: msg('Note text'), call: msg('Call text'), meeting: msg('Meeting text') } as const;

/** Opens one stream entry in a side panel: a note to co-edit, an email conversation, a file. Escape closes. */
export function EntryViewer({ entry, session, user, members, editable, isNew, fileId, onOpenFile, onBack, onClose, reply }: EntryViewerProps) {
  const { t } = useTranslation();
  const bodyRef = useRef<HTMLDivElement>(null);
  // A sentence of an email or a note can become a promise (team editors; the composer is not there for guests).
  const promiseSource =
    editable && !fileId && (entry.kind === 'email' || ((entry.kind === 'note' || entry.kind === 'call' || entry.kind === 'meeting') && entry.body));
  const body = fileId ? (
    <FileView fileId={fileId} />
  ) : entry.body && (entry.kind === 'note' || entry.kind === 'call' || entry.kind === 'meeting') ? (
    <NoteEditor
      session={session}
      user={user}
      entryId={entry.id}
      body={entry.body}
      label={t(textLabels[entry.kind])}
      editable={editable}
      members={members}
      autoFocus={isNew}
    />
  ) : entry.kind === 'email' && entry.emailId ? (
    <EmailView emailId={entry.emailId} threadId={entry.threadId} reply={reply} onOpenFile={onOpenFile} />
  ) : entry.kind === 'file' && entry.fileId ? (
    <FileView fileId={entry.fileId} />
  ) : (
    <p className="entry-viewer__summary">{entry.summary || t('(empty)')}</p>
  );

  return (
    <Dialog
      title={fileId ? t('File') : titleOf(entry)}
      onClose={onClose}
      variant="drawer"
      initialFocus={isNew ? '.ProseMirror' : undefined}
      actions={
        onBack ? (
          <button type="button" className="button button--small" onClick={onBack}>
            {t('← Back to the email')}
          </button>
        ) : undefined
      }
    >
      <div className="entry-viewer" data-entry-id={entry.id}>
        <p className="entry-viewer__meta muted">
          <KindIcon kind={entry.kind} size={16} /> {entry.actorName} ·{' '}
          <time dateTime={entry.at} title={formatDateTime(entry.at)}>
            {formatDateTime(entry.at)}
          </time>
        </p>
        {promiseSource ? <PromiseFromSelection container={bodyRef} entryId={entry.id} /> : null}
        <div ref={bodyRef} className="entry-viewer__body">
          {body}
        </div>
      </div>
    </Dialog>
  );
}
