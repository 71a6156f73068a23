import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useDismiss } from '../../lib/useDismiss';
import { useNavigate } from 'react-router';
import { usePolled } from '../../lib/usePolled';
import { useSubmit } from '../../lib/useSubmit';
import { formatDateTime } from '../activity/format';
import { expectationsApi, type Notification } from '../expectations/expectationsApi';
import { useNotificationStream } from './useNotificationStream';
import { FormError } from '../../components/FormError';
import { useTranslation } from 'react-i18next';

/**
 * While the live stream is down, the unread count is asked for this often
 * (and whenever the window gets focus back); while it is up, the stream says
 * when to ask, and a slow poll is only a safety net.
 */
const pollMs = 15_000;
const livePollMs = 5 * 60_000;

function BellIcon() {
  return (
    <svg
      width="18"
      height="18"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
    >
      <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    </svg>
  );
}

/** The header bell: a live unread count and the in-app inbox (click one to go to it; mark read). */
export function NotificationBell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const refreshRef = useRef<() => void>(() => {});
  const live = useNotificationStream(useCallback(() => refreshRef.current(), []));
  const inbox = usePolled('notifications', (signal) => expectationsApi.notifications(signal), live ? livePollMs : pollMs);
  const [open, setOpen] = useState(false);
  const closeMenu = useCallback(() => setOpen(false), []);
  const markingAll = useSubmit(() => expectationsApi.markAllRead());
  const panelId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const unread = inbox.data?.unread ?? 0;
  const { reload } = inbox;
  useEffect(() => {
    refreshRef.current = reload;
  }, [reload]);

  useEffect(() => {
    if (open) reload();
  }, [open, reload]);
  useDismiss(open, closeMenu, buttonRef, panelRef);

  const go = async (n: Notification): Promise<void> => {
    setOpen(false);
    if (!n.readAt) {
      try {
        await expectationsApi.markRead(n.id);
      } catch {
        // Going to the case matters more; it stays unread.
      }
      reload();
    }
    if (n.caseId) {
      const entry = n.activityId ? `?entry=${encodeURIComponent(n.activityId)}` : '';
      void navigate(`/cases/${encodeURIComponent(n.caseId)}${entry}`);
    } else if (n.kind === 'triage') void navigate('/triage');
  };

  const markAll = async (): Promise<void> => {
    await markingAll.run();
    // Refused too: the count shows what the server has.
    reload();
  };

  const list = inbox.data?.notifications ?? [];
  return (
    <div className="notifications">
      <button
        ref={buttonRef}
        type="button"
        className="icon-button notifications__button"
        data-live={live ? 'true' : 'false'}
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={unread > 0 ? t('Notifications, {{count}} unread', { count: unread }) : t('Notifications')}
        onClick={() => setOpen((o) => !o)}
      >
        <BellIcon />
        {unread > 0 ? (
          <span className="notifications__count" data-testid="notification-count" aria-hidden="true">
            {unread > 99 ? '99+' : unread}
          </span>
        ) : null}
      </button>
      {open ? (
        <div ref={panelRef} id={panelId} className="menu notifications__panel" role="region" aria-label={t('Notifications')}>
          <div className="notifications__header">
            <strong>{t('Notifications')}</strong>
            <button type="button" className="link-button" disabled={unread === 0} onClick={() => void markAll()}>
              {t('Mark all read')}
            </button>
          </div>
          <FormError message={markingAll.error} />
          {list.length === 0 ? (
            <p className="muted notifications__empty">{t('Nothing yet.')}</p>
          ) : (
            <ul className="notifications__list" aria-label={t('Your notifications')}>
              {list.map((n) => (
                <li key={n.id}>
                  <button
                    type="button"
                    className={`menu__item notifications__item${n.readAt ? '' : ' notifications__item--unread'}`}
                    onClick={() => void go(n)}
                  >
                    <span className="notifications__text">
                      {n.readAt ? null : <span className="visually-hidden">{t('Unread: ')}</span>}
                      {n.text}
                    </span>
                    <span className="muted notifications__time">{formatDateTime(n.createdAt)}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      ) : null}
    </div>
  );
}
