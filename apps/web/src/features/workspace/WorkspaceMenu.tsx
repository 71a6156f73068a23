import { useCallback, useId, useRef, useState } from 'react';
import { Link, useLocation } from 'react-router';
import type { WorkspaceRole } from '@casehub/contract';
import { settingsPages } from './pages';
import { useDismiss } from '../../lib/useDismiss';
import { useTranslation } from 'react-i18next';

/**
 * The workspace's settings pages, behind one "Workspace" button in the main
 * navigation (a disclosure of links): members, routing, saved replies for
 * everyone; the audit log, webhooks, mailboxes and security for owners and
 * admins. Escape or a click elsewhere closes it, as does following a link.
 */
export function WorkspaceMenu({ role }: { role: WorkspaceRole }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const close = useCallback(() => setOpen(false), []);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLUListElement>(null);
  const id = useId();
  const { pathname } = useLocation();
  useDismiss(open, close, button, panel);
  const links = settingsPages(role);
  const here = links.some(([to]) => pathname.startsWith(to));
  return (
    <div className="workspace-menu">
      <button
        ref={button}
        type="button"
        className={here ? 'workspace-menu__button workspace-menu__button--here' : 'workspace-menu__button'}
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((o) => !o)}
      >
        {t('Workspace')} <span aria-hidden="true">▾</span>
      </button>
      {open ? (
        <ul ref={panel} id={id} className="workspace-menu__list">
          {links.map(([to, label]) => (
            <li key={to}>
              <Link to={to} onClick={close} aria-current={pathname.startsWith(to) ? 'page' : undefined}>
                {t(label)}
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
