import { useNow } from '../lib/useNow';
import { formatRelative } from '../features/cases/format';
import { formatDateTime } from '../features/activity/format';

/** "5 minutes ago", kept true as time passes; the exact time on hover. */
export function RelativeTime({ iso, className }: { iso: string; className?: string }) {
  // Read for the re-render only: formatting uses the real clock, so an entry made a second
  // after the last tick never reads "in 10 seconds".
  useNow();
  return (
    <time dateTime={iso} title={formatDateTime(iso)} className={className}>
      {formatRelative(iso)}
    </time>
  );
}
