import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';

/** What a guest sees on a workspace page (members, routing, the dashboard): that it is not theirs, and the way back. */
export function GuestsNotHere({ title }: { title?: string }) {
  const { t } = useTranslation();
  return (
    <main className="page">
      <div className="empty">
        <h1>{title ?? t('Not available to guests')}</h1>
        <p className="muted">{t('This page is not available to guests. Guests see only the cases they were invited to.')}</p>
        <Link to="/cases" className="button">
          {t('Go to your cases')}
        </Link>
      </div>
    </main>
  );
}
