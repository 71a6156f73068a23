import { useEffect, type RefObject } from 'react';

/**
 * Closes an open popup (menu, dropdown) on Escape, returning focus to the
 * button that opened it, and on a click outside both the popup and that button.
 */
export function useDismiss(open: boolean, close: () => void, button: RefObject<HTMLElement | null>, popup: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') {
        close();
        button.current?.focus();
      }
    };
    const onClick = (e: MouseEvent): void => {
      const target = e.target;
      if (target instanceof Node && !popup.current?.contains(target) && !button.current?.contains(target)) close();
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onClick);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', onClick);
    };
  }, [open, close, button, popup]);
}
