import { useServedFromCopy } from '../../lib/offlineCopy';
import { useTranslation } from 'react-i18next';

/**
 * Says so when the page was opened from the browser's copy because the server
 * could not be reached (a reload while offline, issue 17.7). It goes once the
 * server answers again.
 */
export function OfflineNotice() {
  const { t } = useTranslation();
  const fromCopy = useServedFromCopy();
  if (!fromCopy) return null;
  return (
    <p className="notice offline-notice" role="status" data-testid="offline-notice">
      {t('Offline: showing your local copy. Your edits are kept in this browser and sync when the connection returns.')}
    </p>
  );
}
