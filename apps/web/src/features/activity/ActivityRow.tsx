import { memo } from 'react';
import type { ActivityRecord } from '@casehub/case-document';
import { formatRelative } from '../cases/format';
import { formatDateTime } from './format';
import { KindIcon, kindLabels } from './kinds';
import { AttachmentChips } from './attachments';
import { EntryMenu } from './EntryActions';
import { SenderTrustTags } from './SenderTrust';
import { useTranslation } from 'react-i18next';
import { i18n, msg } from '../../i18n';

/**
 * Marks an entry that lives in the case's shared document, so guests see it
 * too. The team document holds internal entries only; the stream merges the
 * shared document's entries and passes `shared` for those.
 */
export function SharedBadge() {
  const { t } = useTranslation();
  return (
    <span className="tag tag--shared" title={t('Guests on this case can see this entry')}>
      {t('Shared with guests')}
    </span>
  );
}

function duration(ms: number): string {
  const minutes = Math.max(1, Math.round(Math.abs(ms) / 60_000));
  if (minutes < 60) return i18n.t('{{minutes}} min', { minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? i18n.t('{{hours}} h {{minutes}} min', { hours, minutes: minutes % 60 }) : i18n.t('{{hours}} h', { hours });
  return i18n.t('{{count}} days', { count: Math.round(hours / 24) });
}

/** The first-response clock of an inbound message: running, answered, or overdue. */
function ResponseClockBadge({ entry, now }: { entry: ActivityRecord; now: number }) {
  const { t } = useTranslation();
  if (!entry.responseDueAt) return null;
  const due = Date.parse(entry.responseDueAt);
  if (entry.respondedAt) {
    return (
      <span className="tag tag--ok" title={t('Answered {{time}}', { time: formatDateTime(entry.respondedAt) })}>
        {t('Answered')}
      </span>
    );
  }
  if (entry.responseBreachedAt || due <= now) {
    return (
      <span className="tag tag--flag" role="status" title={t('An answer was due {{time}}', { time: formatDateTime(entry.responseDueAt) })}>
        {t('First response overdue by {{duration}}', { duration: duration(now - due) })}
      </span>
    );
  }
  return (
    <span className="tag tag--clock" title={t('Answer due {{time}}', { time: formatDateTime(entry.responseDueAt) })}>
      {t('Answer due in {{duration}}', { duration: duration(due - now) })}
    </span>
  );
}

/**
 * An email from the case is "sent" only once the SMTP server accepted it;
 * until then it is queued, or failed and waiting in the outbox.
 */
export function outboundLabel(entry: Pick<ActivityRecord, 'sendStatus'>): string {
  if (entry.sendStatus === 'queued') return i18n.t('Email queued');
  if (entry.sendStatus === 'failed') return i18n.t('Email not sent');
  return i18n.t('Email sent');
}

function kindText(entry: ActivityRecord): string {
  if (entry.kind === 'email') return entry.direction === 'outbound' ? outboundLabel(entry) : i18n.t('Email');
  return i18n.t(kindLabels[entry.kind]);
}

/** What happened to a reply that has not (yet) left: said where the reply is listed, not only when opened. */
function SendStatusBadge({ entry }: { entry: ActivityRecord }) {
  const { t } = useTranslation();
  if (entry.kind !== 'email' || entry.direction !== 'outbound') return null;
  if (entry.sendStatus === 'failed') {
    return (
      <span className="tag tag--flag" title={t('The mail server did not take it. Open it to retry from the outbox.')}>
        {t('Not sent')}
      </span>
    );
  }
  if (entry.sendStatus === 'queued') {
    return (
      <span className="tag tag--clock" title={t('Waiting for the mail server')}>
        {t('Sending…')}
      </span>
    );
  }
  return null;
}

const emptyTexts: Partial<Record<ActivityRecord['kind'], string>> = { note: msg('Empty note'), call: msg('Empty call'), meeting: msg('Empty meeting') };

function emptySummary(entry: ActivityRecord): string {
  const empty = emptyTexts[entry.kind];
  return empty ? i18n.t(empty) : i18n.t('(no summary)');
}

interface ActivityRowProps {
  entry: ActivityRecord;
  shared: boolean;
  index: number;
  setSize: number;
  highlighted: boolean;
  /** Re-render trigger for relative times. */
  now: number;
  onOpen: (id: string) => void;
  onOpenFile: (id: string, fileId: string) => void;
  /** Only in the shared document: written by a guest. */
  fromGuest?: boolean;
  /** What the row's sharing button does, if the viewer may share (team editors). */
  shareAction?: ShareAction | null;
  shareBusy?: boolean;
  onShareAction?: (entry: ActivityRecord, action: ShareAction) => void;
  /** The row's ⋯ menu (issue 21.8): what this viewer may do to the entry. */
  canEdit?: boolean;
  canDelete?: boolean;
  onEdit?: (entry: ActivityRecord) => void;
  onDelete?: (entry: ActivityRecord) => void;
  /** Moments of truth (issue 15.7): ask who can help, when the viewer may change the case team. */
  onSwarm?: ((activityId: string) => void) | undefined;
  /** Shared entries, for the team: the guests who opened its file or email (issue 15.5). */
  viewedBy?: string[] | undefined;
  /** Choosing entries to split off (issue 17.5): whether this one is ticked; undefined when not choosing. */
  selected?: boolean | undefined;
  onToggleSelect?: (id: string) => void;
  /** Editors: the row's menu splits off its email thread. */
  onSplitThread?: ((entry: ActivityRecord) => void) | undefined;
}

export type ShareAction = 'share' | 'share-thread' | 'unshare';

const shareLabels: Record<ShareAction, string> = {
  share: msg('Share with guests'),
  'share-thread': msg('Share thread'),
  unshare: msg('Stop sharing'),
};

export const ActivityRow = memo(function ActivityRow({
  entry,
  shared,
  index,
  setSize,
  highlighted,
  now,
  onOpen,
  onOpenFile,
  fromGuest = false,
  shareAction = null,
  shareBusy = false,
  onShareAction,
  canEdit = false,
  canDelete = false,
  onEdit,
  onDelete,
  onSwarm,
  viewedBy,
  selected,
  onToggleSelect,
  onSplitThread,
}: ActivityRowProps) {
  const { t } = useTranslation();
  const headingId = `activity-${entry.id}-summary`;
  return (
    <article
      className={`activity-row activity-row--${entry.kind}${highlighted ? ' activity-row--highlight' : ''}${selected ? ' activity-row--selected' : ''}`}
      aria-posinset={index + 1}
      aria-setsize={setSize}
      aria-labelledby={headingId}
      data-entry-id={entry.id}
      data-kind={entry.kind}
    >
      {selected !== undefined && onToggleSelect ? (
        <input
          type="checkbox"
          className="activity-row__select"
          checked={selected}
          onChange={() => onToggleSelect(entry.id)}
          aria-label={t('Select “{{summary}}”', { summary: (entry.summary || emptySummary(entry)).slice(0, 80) })}
        />
      ) : null}
      <span className={`activity-row__icon activity-row__icon--${entry.kind}`}>
        <KindIcon kind={entry.kind} />
      </span>
      <div className="activity-row__main">
        <div className="activity-row__head">
          <span className="activity-row__kind">{kindText(entry)}</span>
          <span className="activity-row__actor">{entry.actorName}</span>
          <span aria-hidden="true">·</span>
          <time dateTime={entry.at} title={formatDateTime(entry.at)} className="activity-row__time">
            {formatRelative(entry.at)}
          </time>
          {shared ? <SharedBadge /> : null}
          {viewedBy && viewedBy.length > 0 ? <span className="tag">{t('Viewed by {{names}}', { names: viewedBy.join(', ') })}</span> : null}
          {fromGuest ? <span className="tag tag--guest">{t('Guest')}</span> : null}
          {entry.flag === 'moment-of-truth' ? (
            <span className="tag tag--flag" title={entry.score !== undefined ? t('Score {{score}}', { score: entry.score }) : undefined}>
              {t('Moment of truth')}
            </span>
          ) : null}
          {entry.kind === 'email' ? <SenderTrustTags senderAuth={entry.senderAuth} automatic={entry.automatic} /> : null}
          <ResponseClockBadge entry={entry} now={now} />
          <SendStatusBadge entry={entry} />
        </div>
        <button type="button" className="activity-row__open" id={headingId} onClick={() => onOpen(entry.id)}>
          {entry.summary || <span className="muted">{emptySummary(entry)}</span>}
        </button>
        {entry.routing ? <p className="activity-row__routing muted">{entry.routing}</p> : null}
        {entry.kind === 'email' && entry.emailId ? <AttachmentChips emailId={entry.emailId} onOpenFile={(fileId) => onOpenFile(entry.id, fileId)} /> : null}
        {entry.flag === 'moment-of-truth' && onSwarm ? (
          <div className="activity-row__actions">
            <button type="button" className="link-button" aria-describedby={headingId} onClick={() => onSwarm(entry.id)}>
              {t('Who can help?')}
            </button>
          </div>
        ) : null}
        {shareAction && onShareAction ? (
          <div className="activity-row__actions">
            <button
              type="button"
              className="link-button activity-row__share"
              aria-describedby={headingId}
              disabled={shareBusy}
              onClick={() => onShareAction(entry, shareAction)}
            >
              {shareBusy ? t('Working…') : t(shareLabels[shareAction])}
            </button>
          </div>
        ) : null}
      </div>
      {onEdit && onDelete ? (
        // After the row's main button in the DOM, so the summary stays the row's first control.
        <EntryMenu
          entry={entry}
          canEdit={canEdit}
          canDelete={canDelete}
          describedBy={headingId}
          onEdit={onEdit}
          onDelete={onDelete}
          onSplitThread={entry.kind === 'email' && entry.threadId ? onSplitThread : undefined}
        />
      ) : null}
    </article>
  );
});
