import { Outlet } from 'react-router';
import { useMe } from '../features/auth/session';
import { GuestsNotHere } from '../components/GuestsNotHere';

/**
 * Workspace pages (dashboard, promises, contacts, accounts, settings): a guest
 * gets a plain "not available" page instead of a screen whose every call the
 * server refuses (A6, D1).
 */
export function MembersOnly() {
  const me = useMe();
  return me.role === 'guest' ? <GuestsNotHere /> : <Outlet />;
}
