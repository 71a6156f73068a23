import { useTranslation } from 'react-i18next';
import { useSaveState, useWarnBeforeClose, type ConnectionStatus } from '../../lib/sync';
import type { SaveTracker } from '../../lib/saveState';
import { msg } from '../../i18n';

const labels: Record<ConnectionStatus, string> = {
  connecting: msg('Connecting…'),
  connected: msg('Live'),
  offline: msg('Offline — your edits are kept and will sync when the connection returns'),
  closed: msg('Disconnected — reload the page to reconnect'),
  'too-large': msg('This document has reached its size limit; your last change was not saved'),
};

/**
 * Connection and save state. "Saved" means stored on the server: the local
 * copy in the browser keeps offline edits across a reload, but until the
 * server confirms them they count as unsaved, and closing the tab asks first.
 */
interface ConnectionBadgeProps {
  status: ConnectionStatus;
  saves?: SaveTracker;
  /** A second document edited on the same page (the shared one, beside the team's). */
  alsoSaves?: SaveTracker | null;
}

export function ConnectionBadge({ status, saves, alsoSaves }: ConnectionBadgeProps) {
  const first = useSaveState(saves ?? null);
  const second = useSaveState(alsoSaves ?? null);
  const pending = first.pending + second.pending;
  const slow = first.slow || second.slow;
  useWarnBeforeClose(pending > 0);
  const { t } = useTranslation();
  const unsaved = t('{{count}} changes not yet saved', { count: pending });

  let label = t(labels[status]);
  let tone: string = status === 'too-large' ? 'closed' : status;
  if (pending > 0) {
    if (status === 'connected') {
      label = slow ? unsaved : t('Saving…');
      tone = slow ? 'offline' : 'saving';
    } else if (status === 'offline') label = t('Offline — {{count}} changes not yet saved', { count: pending });
    else if (status === 'closed' || status === 'too-large') label = `${t(labels[status])} — ${unsaved}`;
  }

  return (
    <div className={`badge badge--${tone}`} role="status" aria-live="polite" data-testid="connection-status" data-pending={pending}>
      <span className="badge__dot" aria-hidden="true" />
      {label}
    </div>
  );
}
