import { useSyncExternalStore } from 'react';
import { msg } from '../i18n';

/**
 * The colour theme a person picks for this browser (issue 17.7). The rule that turns the
 * choice into light or dark, and its application before the first paint, live in
 * public/theme.js (a classic script in index.html's <head>); this module only stores the
 * choice under the same key and tells that script to apply it again.
 */
export const themeChoices = ['system', 'light', 'dark'] as const;
export type ThemeChoice = (typeof themeChoices)[number];

/** English; shown through `t()`. */
export const themeLabels: Record<ThemeChoice, string> = { system: msg('System'), light: msg('Light'), dark: msg('Dark') };

const storageKey = 'casehub.theme';
const changed = 'casehub:theme';

export function readThemeChoice(): ThemeChoice {
  try {
    const stored = window.localStorage.getItem(storageKey);
    return stored === 'light' || stored === 'dark' ? stored : 'system';
  } catch {
    return 'system';
  }
}

export function setThemeChoice(choice: ThemeChoice): void {
  try {
    if (choice === 'system') window.localStorage.removeItem(storageKey);
    else window.localStorage.setItem(storageKey, choice);
  } catch {
    // Storage switched off (a browser setting): there is nowhere to keep a choice, the system's setting applies.
  }
  window.dispatchEvent(new Event(changed));
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener(changed, onChange);
  window.addEventListener('storage', onChange);
  return () => {
    window.removeEventListener(changed, onChange);
    window.removeEventListener('storage', onChange);
  };
}

/** The current choice, kept in step with the other tabs of this browser. */
export function useThemeChoice(): ThemeChoice {
  return useSyncExternalStore(subscribe, readThemeChoice);
}
