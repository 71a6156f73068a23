import { useEffect, useId, useRef, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';

interface DialogProps {
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** Optional id for a description element inside the dialog. */
  describedBy?: string;
  /** `drawer`: a wide panel on the right, for viewers (an email, a file, a note). */
  variant?: 'dialog' | 'drawer';
  /** A selector inside the dialog to focus on open, instead of the first field. */
  initialFocus?: string;
  /** Extra header content (actions) next to the title. */
  actions?: ReactNode;
}

const focusable = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * A modal dialog: focus moves in on open (to the first field, or the first
 * control), stays inside while open, Escape closes, and focus goes back to
 * whatever opened it.
 */
export function Dialog({ title, onClose, children, describedBy, variant = 'dialog', initialFocus, actions }: DialogProps) {
  const { t } = useTranslation();
  const titleId = useId();
  const ref = useRef<HTMLDivElement>(null);
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  }, [onClose]);

  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const root = ref.current;
    const first =
      (initialFocus ? root?.querySelector<HTMLElement>(initialFocus) : null) ??
      root?.querySelector<HTMLElement>('input:not([disabled]), select, textarea') ??
      root?.querySelector<HTMLElement>(focusable);
    first?.focus();

    const onKey = (e: KeyboardEvent): void => {
      // A dialog opened from this one (a form from a viewer) handles the keys while it is open.
      const dialogs = document.querySelectorAll('[role="dialog"][aria-modal="true"]');
      if (root && dialogs.length > 1 && dialogs[dialogs.length - 1] !== root) return;
      // A popup inside (the mention list) stops its own Escape from reaching here.
      if (e.key === 'Escape') {
        e.preventDefault();
        onCloseRef.current();
        return;
      }
      // A Tab someone inside used already (the editor's mention list, accepting a name) is not a
      // focus move: wrapping focus then would carry it out of the editor mid-sentence (issue 21.3).
      if (e.key !== 'Tab' || !root || e.defaultPrevented) return;
      const items = [...root.querySelectorAll<HTMLElement>(focusable)];
      const head = items[0];
      const tail = items[items.length - 1];
      if (!head || !tail) return;
      if (e.shiftKey && document.activeElement === head) {
        e.preventDefault();
        tail.focus();
      } else if (!e.shiftKey && document.activeElement === tail) {
        e.preventDefault();
        head.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      opener?.focus();
    };
    // Runs once per opening: `initialFocus` is a fixed selector of each dialog.
  }, [initialFocus]);

  // Portalled to <body>, so no sticky or transformed ancestor can stack it under the header.
  return createPortal(
    <div
      className={`dialog-backdrop dialog-backdrop--${variant}`}
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
    >
      <div ref={ref} className={`dialog dialog--${variant}`} role="dialog" aria-modal="true" aria-labelledby={titleId} aria-describedby={describedBy}>
        <div className="dialog__header">
          <h2 id={titleId}>{title}</h2>
          {actions}
          <button type="button" className="icon-button" aria-label={t('Close')} onClick={onClose}>
            ×
          </button>
        </div>
        {children}
      </div>
    </div>,
    document.body,
  );
}
