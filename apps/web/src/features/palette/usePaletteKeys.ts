import { useEffect } from 'react';

const typing = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement &&
  (target.isContentEditable || target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement);

/** Ctrl/⌘+K anywhere opens the palette; `?` outside a text field opens the shortcut sheet (not over another dialog). */
export function usePaletteKeys(open: { palette: () => void; shortcuts: () => void }): void {
  const { palette, shortcuts } = open;
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (document.querySelector('[role="dialog"]')) return;
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        palette();
      } else if (e.key === '?' && !e.ctrlKey && !e.metaKey && !e.altKey && !typing(e.target)) {
        e.preventDefault();
        shortcuts();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [palette, shortcuts]);
}
