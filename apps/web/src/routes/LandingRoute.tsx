import { Navigate } from 'react-router';
import { api } from '../lib/api';
import { useApi } from '../lib/useApi';
import { useMe } from '../features/auth/session';
import { useTranslation } from 'react-i18next';

/** `/`: owners and admins start on the dashboard; members on their cases; a guest with one case in it. */
export function LandingRoute() {
  const me = useMe();
  if (me.role === 'guest') return <GuestLanding />;
  return <Navigate to={me.role === 'owner' || me.role === 'admin' ? '/dashboard' : '/cases'} replace />;
}

/** A guest invited to one case has nothing to choose: straight into it. With several (or none), their list. */
function GuestLanding() {
  const { t } = useTranslation();
  const list = useApi('guest-landing', (signal) => api.listCases({ limit: 2 }, signal));
  if (list.state === 'loading') {
    return (
      <div className="page-center muted" role="status">
        {t('Loading…')}
      </div>
    );
  }
  const cases = list.data?.cases ?? [];
  const only = cases.length === 1 ? cases[0] : undefined;
  // A failed load goes to the list, which says what went wrong and offers a retry.
  return <Navigate to={only ? `/cases/${encodeURIComponent(only.id)}` : '/cases'} replace />;
}
