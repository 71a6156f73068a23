import { NavLink } from 'react-router';
import { useTriageCount } from './useTriageCount';

/** The navigation's way to triage, with how many messages wait there (members only: the caller decides). */
export function TriageLink() {
  const count = useTriageCount();
  const waiting = count ?? 0;
  return (
    <NavLink to="/triage" aria-label={waiting > 0 ? `Triage, ${waiting} waiting` : 'Triage'} className="triage-link">
      Triage{' '}
      {waiting > 0 ? (
        <span className="triage-link__count" data-testid="triage-count" aria-hidden="true">
          {waiting > 99 ? '99+' : waiting}
        </span>
      ) : null}
    </NavLink>
  );
}
