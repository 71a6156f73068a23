import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useDismiss } from '../../lib/useDismiss';
import { useNavigate } from 'react-router';
import { useMe, useSession } from '../auth/session';
import { Avatar } from '../../components/Avatar';
import { ChangePasswordDialog } from './ChangePasswordDialog';
import { setThemeChoice, themeChoices, themeLabels, useThemeChoice } from '../../lib/theme';
import { useTranslation } from 'react-i18next';
import { roleNames } from './pages';

export function UserMenu() {
  const { t } = useTranslation();
  const me = useMe();
  const { signOut } = useSession();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const closeMenu = useCallback(() => setOpen(false), []);
  const [changingPassword, setChangingPassword] = useState(false);
  const menuId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const theme = useThemeChoice();

  useEffect(() => {
    if (open) menuRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
  }, [open]);
  useDismiss(open, closeMenu, buttonRef, menuRef);
  // ↑/↓ move through the items (and the theme choices), Home/End to the first and last; Tab works too.
  const onMenuKey = (e: KeyboardEvent<HTMLDivElement>): void => {
    const items = [...(menuRef.current?.querySelectorAll<HTMLElement>('[role^="menuitem"]') ?? [])];
    const at = items.findIndex((item) => item === document.activeElement);
    const to = { ArrowDown: at + 1, ArrowUp: at - 1 + items.length, Home: 0, End: items.length - 1 }[e.key];
    if (to === undefined || items.length === 0) return;
    e.preventDefault();
    items[to % items.length]?.focus();
  };

  return (
    <div className="user-menu">
      <button
        ref={buttonRef}
        type="button"
        className="user-menu__button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={menuId}
        aria-label={t('Account menu for {{name}}', { name: me.user.name })}
        onClick={() => setOpen((o) => !o)}
      >
        <Avatar id={me.user.id} name={me.user.name} size="sm" />
        <span className="user-menu__name" data-testid="user-name" title={me.user.name}>
          {me.user.name}
        </span>
      </button>
      {open ? (
        <div ref={menuRef} id={menuId} className="menu" role="menu" aria-label={t('Account')} onKeyDown={onMenuKey}>
          <div className="menu__info">
            <strong>{me.user.name}</strong>
            <span className="muted">{me.user.email}</span>
            <span className="muted">
              {me.workspace.name} · {t(roleNames[me.role])}
            </span>
          </div>
          <button
            type="button"
            role="menuitem"
            className="menu__item"
            onClick={() => {
              setOpen(false);
              void navigate('/settings/account');
            }}
          >
            {t('Settings')}
          </button>
          <button
            type="button"
            role="menuitem"
            className="menu__item"
            onClick={() => {
              setOpen(false);
              setChangingPassword(true);
            }}
          >
            {t('Change password')}
          </button>
          {/* The colour theme of this browser (issue 17.7); the menu stays open to show the choice. */}
          <div role="group" aria-labelledby={`${menuId}-theme`} className="menu__group">
            <span id={`${menuId}-theme`} className="menu__label">
              {t('Theme')}
            </span>
            <div className="menu__choices">
              {themeChoices.map((choice) => (
                <button
                  key={choice}
                  type="button"
                  role="menuitemradio"
                  aria-checked={theme === choice}
                  className="menu__choice"
                  onClick={() => setThemeChoice(choice)}
                >
                  {t(themeLabels[choice])}
                </button>
              ))}
            </div>
          </div>
          <button
            type="button"
            role="menuitem"
            className="menu__item"
            onClick={async () => {
              setOpen(false);
              await signOut();
              void navigate('/login', { replace: true });
            }}
          >
            {t('Sign out')}
          </button>
        </div>
      ) : null}
      {changingPassword ? <ChangePasswordDialog onClose={() => setChangingPassword(false)} /> : null}
    </div>
  );
}
