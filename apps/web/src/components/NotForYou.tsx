import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';

/** A settings page someone opened whose role may not use it: what it is, why not, and the way back. */
export function NotForYou({ title, reason }: { title: string; reason: string }) {
  const { t } = useTranslation();
  return (
    <main className="page">
      <div className="empty">
        <h1>{title}</h1>
        <p className="muted" role="alert">
          {reason}
        </p>
        <Link to="/cases" className="button">
          {t('Back to cases')}
        </Link>
      </div>
    </main>
  );
}
