import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';

export function NotFoundRoute() {
  const { t } = useTranslation();
  return (
    <main className="page">
      <div className="empty">
        <h1>{t('Page not found')}</h1>
        <Link to="/cases" className="button">
          {t('Go to cases')}
        </Link>
      </div>
    </main>
  );
}
