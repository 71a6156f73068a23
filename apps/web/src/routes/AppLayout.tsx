import { useCallback, useEffect, useId, useState } from 'react';
import { Link, Navigate, Outlet, useLocation, useNavigation } from 'react-router';
import { useSession } from '../features/auth/session';
import { UserMenu } from '../features/workspace/UserMenu';
import { InviteDialog } from '../features/invites/InviteDialog';
import { HeaderSearch } from '../features/search/HeaderSearch';
import { NotificationBell } from '../features/notifications/NotificationBell';
import { TriageLink } from '../features/triage/TriageLink';
import { WorkspaceMenu } from '../features/workspace/WorkspaceMenu';
import { CommandPalette } from '../features/palette/CommandPalette';
import { ShortcutSheet } from '../features/palette/ShortcutSheet';
import { usePaletteKeys } from '../features/palette/usePaletteKeys';
import { NewCaseDialog } from '../features/cases/NewCaseDialog';
import { OfflineNotice } from '../features/offline/OfflineNotice';
import { setThemeChoice, themeChoices, themeLabels } from '../lib/theme';
import { useTranslation } from 'react-i18next';

/** The signed-in shell: header with workspace, invite and account menu. Signed-out visitors go to sign in. */
export function AppLayout() {
  const { t } = useTranslation();
  const { session, retry } = useSession();
  const location = useLocation();
  // A page's code loads when first opened; meanwhile the old page stays, so say that one is coming.
  const opening = useNavigation().state === 'loading';
  const [inviting, setInviting] = useState(false);
  // On a phone the navigation folds behind Menu; following a link folds it again.
  const [menuOpen, setMenuOpen] = useState(false);
  const navId = useId();
  useEffect(() => setMenuOpen(false), [location.pathname]);
  // Ctrl/⌘+K: the command palette; `?`: the shortcut sheet; the palette's actions open the rest.
  const [overlay, setOverlay] = useState<'palette' | 'shortcuts' | 'new-case' | null>(null);
  const openPalette = useCallback(() => setOverlay('palette'), []);
  const openShortcuts = useCallback(() => setOverlay('shortcuts'), []);
  const closeOverlay = useCallback(() => setOverlay(null), []);
  usePaletteKeys({ palette: openPalette, shortcuts: openShortcuts });

  if (session.status === 'loading') {
    return (
      <div className="page-center muted" role="status">
        {t('Loading…')}
      </div>
    );
  }
  if (session.status === 'error') {
    return (
      <div className="page-center stack">
        <p role="alert">{session.message}</p>
        <button type="button" className="button" onClick={retry}>
          {t('Try again')}
        </button>
      </div>
    );
  }
  if (session.status === 'signed-out') {
    const next = location.pathname + location.search;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }

  const { me } = session;
  return (
    <div className="app">
      <header className="app-header">
        <Link to="/cases" className="brand" aria-label={t('Casehub — {{workspace}} cases', { workspace: me.workspace.name })}>
          <span className="brand__mark" aria-hidden="true" />
          <span className="brand__workspace" data-testid="workspace-name" title={me.workspace.name}>
            {me.workspace.name}
          </span>
        </Link>
        <button type="button" className="app-header__menu-button button" aria-expanded={menuOpen} aria-controls={navId} onClick={() => setMenuOpen((o) => !o)}>
          {t('Menu')}
        </button>
        <nav id={navId} aria-label={t('Main')} className={menuOpen ? 'app-header__nav app-header__nav--open' : 'app-header__nav'}>
          {me.role !== 'guest' ? <Link to="/dashboard">{t('Dashboard')}</Link> : null}
          <Link to="/cases">{t('Cases')}</Link>
          {me.role !== 'guest' ? <TriageLink /> : null}
          {me.role !== 'guest' ? <Link to="/expectations">{t('Promises')}</Link> : null}
          {me.role !== 'guest' ? <Link to="/contacts">{t('Contacts')}</Link> : null}
          {me.role !== 'guest' ? <Link to="/accounts">{t('Accounts')}</Link> : null}
          {me.role !== 'guest' ? <WorkspaceMenu role={me.role} /> : null}
          <Link to="/search" className="app-header__phone-only">
            {t('Search')}
          </Link>
        </nav>
        <HeaderSearch />
        <div className="app-header__actions">
          {me.role !== 'guest' ? (
            <button type="button" className="button" onClick={() => setInviting(true)}>
              {t('Invite')}
            </button>
          ) : null}
          <NotificationBell />
          <UserMenu />
        </div>
      </header>
      {opening ? <div className="page-progress" role="progressbar" aria-label={t('Opening the page')} /> : null}
      <OfflineNotice />
      <Outlet />
      {inviting ? <InviteDialog onClose={() => setInviting(false)} /> : null}
      {overlay === 'palette' ? (
        <CommandPalette
          role={me.role}
          actions={[
            ...(me.role !== 'guest'
              ? [
                  { id: 'action:new-case', group: 'Actions' as const, label: t('New case'), run: () => setOverlay('new-case') },
                  {
                    id: 'action:invite',
                    group: 'Actions' as const,
                    label: t('Invite someone'),
                    run: () => {
                      setOverlay(null);
                      setInviting(true);
                    },
                  },
                ]
              : []),
            { id: 'action:shortcuts', group: 'Actions' as const, label: t('Keyboard shortcuts'), run: openShortcuts },
            ...themeChoices.map((choice) => ({
              id: `action:theme-${choice}`,
              group: 'Actions' as const,
              label: t('Theme: {{theme}}', { theme: t(themeLabels[choice]) }),
              run: () => {
                setThemeChoice(choice);
                closeOverlay();
              },
            })),
          ]}
          onClose={closeOverlay}
        />
      ) : null}
      {overlay === 'shortcuts' ? <ShortcutSheet onClose={closeOverlay} /> : null}
      {overlay === 'new-case' ? <NewCaseDialog onClose={closeOverlay} /> : null}
    </div>
  );
}
