import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useDismiss } from '../../lib/useDismiss';
import { useNavigate } from 'react-router';
import { useMe, useSession } from '../auth/session';
import { Avatar } from '../../components/Avatar';
import { ChangePasswordDialog } from './ChangePasswordDialog';

export function UserMenu() {
  const me = useMe();
  const { signOut } = useSession();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const closeMenu = useCallback(() => setOpen(false), []);
  const [changingPassword, setChangingPassword] = useState(false);
  const menuId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (open) menuRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
  }, [open]);
  useDismiss(open, closeMenu, buttonRef, menuRef);

  return (
    <div className="user-menu">
      <button
        ref={buttonRef}
        type="button"
        className="user-menu__button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={menuId}
        aria-label={`Account menu for ${me.user.name}`}
        onClick={() => setOpen((o) => !o)}
      >
        <Avatar id={me.user.id} name={me.user.name} size="sm" />
        <span className="user-menu__name">{me.user.name}</span>
      </button>
      {open ? (
        <div ref={menuRef} id={menuId} className="menu" role="menu" aria-label="Account">
          <div className="menu__info">
            <strong>{me.user.name}</strong>
            <span className="muted">{me.user.email}</span>
            <span className="muted">
              {me.workspace.name} · {me.role}
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
            Settings
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
            Change password
          </button>
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
            Sign out
          </button>
        </div>
      ) : null}
      {changingPassword ? <ChangePasswordDialog onClose={() => setChangingPassword(false)} /> : null}
    </div>
  );
}
