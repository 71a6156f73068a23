import { Navigate } from 'react-router';
import { useMe } from '../features/auth/session';

/** `/`: owners and admins start on the dashboard; everyone else on their cases. */
export function LandingRoute() {
  const me = useMe();
  return <Navigate to={me.role === 'owner' || me.role === 'admin' ? '/dashboard' : '/cases'} replace />;
}
