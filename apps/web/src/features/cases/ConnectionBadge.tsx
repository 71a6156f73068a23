import type { ConnectionStatus } from '../../lib/sync';

const labels: Record<ConnectionStatus, string> = {
  connecting: 'Connecting…',
  connected: 'Live',
  offline: 'Offline — your edits are kept and will sync when the connection returns',
  closed: 'Disconnected — reload the page to reconnect',
};

export function ConnectionBadge({ status }: { status: ConnectionStatus }) {
  return (
    <div className={`badge badge--${status}`} role="status" aria-live="polite" data-testid="connection-status">
      <span className="badge__dot" aria-hidden="true" />
      {labels[status]}
    </div>
  );
}
