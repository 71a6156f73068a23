import { NavLink } from 'react-router';
import { useTriageCount } from './useTriageCount';
import { useTranslation } from 'react-i18next';

/** The navigation's way to triage, with how many messages wait there (members only: the caller decides). */
export function TriageLink() {
  const { t } = useTranslation();
  const count = useTriageCount();
  const waiting = count ?? 0;
  return (
    <NavLink to="/triage" aria-label={waiting > 0 ? t('Triage, {{count}} waiting', { count: waiting }) : t('Triage')} className="triage-link">
      {t('Triage')}{' '}
      {waiting > 0 ? (
        <span className="triage-link__count" data-testid="triage-count" aria-hidden="true">
          {waiting > 99 ? '99+' : waiting}
        </span>
      ) : null}
    </NavLink>
  );
}
