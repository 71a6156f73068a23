import { Link, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { AccessEnd } from './useAccessWatch';

/** What a case page turns into when the server cut it off: said plainly, with the way out. */
export function AccessEnded({ reason }: { reason: AccessEnd }) {
  const { t } = useTranslation();
  const location = useLocation();
  const next = encodeURIComponent(location.pathname + location.search);
  return (
    <main className="page">
      <div className="empty" data-testid="access-ended">
        {reason === 'revoked' ? (
          <>
            <h1>{t('Your access to this case was removed')}</h1>
            <p className="muted" role="alert">
              {t(
                'Someone on the team removed you from this case, so it is no longer shown and your changes are not sent. Ask them if you think this is a mistake.',
              )}
            </p>
            <Link to="/cases" className="button">
              {t('Back to cases')}
            </Link>
          </>
        ) : (
          <>
            <h1>{t('You were signed out')}</h1>
            <p className="muted" role="alert">
              {t('Your session ended (signed out elsewhere, or your password changed). Sign in again to keep working.')}
            </p>
            <a href={`/login?next=${next}`} className="button button--primary">
              {t('Sign in again')}
            </a>
          </>
        )}
      </div>
    </main>
  );
}
