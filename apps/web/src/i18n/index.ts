import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { useSyncExternalStore } from 'react';
import { en } from './en';
import { de } from './de';

/**
 * The one translation layer of the web app (issue 17.7). Keys are the English text itself
 * (`t('Send reset link')`), so the code stays readable and English is complete by construction:
 * a key missing from a locale falls back to the key. The English resource only holds the plural
 * forms (`…_one`, `…_other`) of keys used with `count`. Resources are bundled and i18next is
 * initialised synchronously on import, before the first render, so no text changes after paint.
 */
export const languages = ['en', 'de'] as const;
export type Language = (typeof languages)[number];
/** Each language in its own words: the switch must be readable whatever language is showing. */
export const languageNames: Record<Language, string> = { en: 'English', de: 'Deutsch' };
/** 'browser' follows navigator.languages; a language is a choice kept in this browser. */
export type LanguageChoice = Language | 'browser';

const storageKey = 'casehub.language';
const changed = 'casehub:language';

/** Marks a text for translation where it is defined (module constants); `t()` translates it where it is shown. */
export const msg = <T extends string>(text: T): T => text;

function isLanguage(value: string | null | undefined): value is Language {
  return (languages as readonly string[]).includes(value ?? '');
}

/** The first of the browser's languages the app has, by its base language ('de-AT' → 'de'); English otherwise. */
export function pickLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return 'en';
}

export function readLanguageChoice(): LanguageChoice {
  try {
    const stored = globalThis.localStorage?.getItem(storageKey);
    return isLanguage(stored) ? stored : 'browser';
  } catch {
    return 'browser';
  }
}

function browserLanguages(): readonly string[] {
  return typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]);
}

function languageOf(choice: LanguageChoice): Language {
  return choice === 'browser' ? pickLanguage(browserLanguages()) : choice;
}

export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, de: { translation: de } },
  lng: languageOf(readLanguageChoice()),
  fallbackLng: 'en',
  supportedLngs: languages,
  // Keys are English sentences: their dots and colons are text, not paths or namespaces.
  keySeparator: false,
  nsSeparator: false,
  // React escapes what it renders; escaping here too would show '&amp;' for '&'.
  interpolation: { escapeValue: false },
  returnEmptyString: false,
  initAsync: false,
  react: { useSuspense: false },
});

function markDocument(language: string): void {
  if (typeof document !== 'undefined') document.documentElement.lang = language;
}
markDocument(i18n.language);
i18n.on('languageChanged', markDocument);

export function setLanguageChoice(choice: LanguageChoice): void {
  try {
    if (choice === 'browser') globalThis.localStorage?.removeItem(storageKey);
    else globalThis.localStorage?.setItem(storageKey, choice);
  } catch {
    // Storage switched off: the choice holds for this page only.
  }
  void i18n.changeLanguage(languageOf(choice));
  if (typeof window !== 'undefined') window.dispatchEvent(new Event(changed));
}

function subscribe(onChange: () => void): () => void {
  const fromOtherTab = (e: StorageEvent): void => {
    if (e.key !== storageKey) return;
    void i18n.changeLanguage(languageOf(readLanguageChoice()));
    onChange();
  };
  window.addEventListener(changed, onChange);
  window.addEventListener('storage', fromOtherTab);
  return () => {
    window.removeEventListener(changed, onChange);
    window.removeEventListener('storage', fromOtherTab);
  };
}

/** The choice in the settings, kept in step with the other tabs of this browser. */
export function useLanguageChoice(): LanguageChoice {
  return useSyncExternalStore(subscribe, readLanguageChoice, () => 'browser');
}

/**
 * The locale for Intl dates and numbers: the browser's own tag for the active language when it has
 * one (an 'en-GB' browser keeps day-month dates in English), else the language itself.
 */
export function formatLocale(): string {
  const active = i18n.language;
  return browserLanguages().find((tag) => tag.toLowerCase().split('-')[0] === active) ?? active;
}
