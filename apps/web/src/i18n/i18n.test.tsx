import { afterEach, describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { i18n, pickLanguage } from './index';
import { en } from './en';
import { de } from './de';
import { keysIn, untranslatedIn, type KeyUse } from './scan';
import { Pager } from '../components/Pager';

// The app's own source, as text (this folder's code and the tests excepted).
const sources = import.meta.glob<string>(['../**/*.{ts,tsx}', '!../**/*.test.{ts,tsx}', '!./**'], { query: '?raw', import: 'default', eager: true });
const uses: KeyUse[] = Object.entries(sources).flatMap(([file, text]) => keysIn(file, text));
const used = new Set(uses.map((u) => u.key));
const counted = new Set(uses.filter((u) => u.plural).map((u) => u.key));

const pluralSuffix = /_(zero|one|two|few|many|other)$/;
/** A resource key as the code writes it: 'x_one' is the key 'x' when 'x' is counted. */
const keyOf = (resourceKey: string): string => {
  const base = resourceKey.replace(pluralSuffix, '');
  return base !== resourceKey && counted.has(base) ? base : resourceKey;
};
const placeholders = (text: string): string[] => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1] ?? '').sort();

afterEach(async () => {
  await i18n.changeLanguage('en');
});

describe('the translation layer (issue 17.7)', () => {
  it('finds the texts of the app in its source', () => {
    expect(uses.length).toBeGreaterThan(300);
    expect(used).toContain('Send reset link');
  });

  it('shows no JSX text or shown attribute (label, title, placeholder, alt) outside t(), anywhere in the app', () => {
    const untranslated = Object.entries(sources).flatMap(([file, text]) => untranslatedIn(file, text).map((u) => `${file}:${u.line}: ${u.text}`));
    expect(untranslated).toEqual([]);
  });

  it('has no German text for a key the app does not use', () => {
    const orphans = Object.keys(de).filter((k) => !used.has(keyOf(k)));
    expect(orphans).toEqual([]);
  });

  it('has English plural forms only for counted keys, and both forms for each of them', () => {
    expect(Object.keys(en).filter((k) => !counted.has(keyOf(k)))).toEqual([]);
    const missing = [...counted].flatMap((k) => [`${k}_one`, `${k}_other`]).filter((k) => en[k] === undefined);
    expect(missing).toEqual([]);
  });

  it('has both German plural forms of every counted key German translates, and a counted key only in plural forms', () => {
    const translated = [...counted].filter((k) => Object.keys(de).some((d) => keyOf(d) === k));
    const missing = translated.flatMap((k) => [`${k}_one`, `${k}_other`]).filter((k) => de[k] === undefined);
    expect(missing).toEqual([]);
    expect(Object.keys(de).filter((k) => counted.has(k))).toEqual([]);
  });

  it('keeps the placeholders of each text in its translations (a plural form may leave out the count)', () => {
    const withoutCount = (text: string): string =>
      placeholders(text)
        .filter((p) => p !== 'count')
        .join();
    const differing = Object.entries({ ...de, ...en }).filter(([k, v]) => withoutCount(keyOf(k)) !== withoutCount(v));
    expect(differing).toEqual([]);
  });

  it('follows the first of the browser languages it has, by base language, and English otherwise', () => {
    expect(pickLanguage(['fr-FR', 'de-AT', 'en'])).toBe('de');
    expect(pickLanguage(['en-GB', 'de'])).toBe('en');
    expect(pickLanguage(['fr', 'es'])).toBe('en');
    expect(pickLanguage([])).toBe('en');
  });

  it('renders a component in the language chosen, and again in English when switched back', async () => {
    const pager = () =>
      renderToStaticMarkup(
        <I18nextProvider i18n={i18n}>
          <Pager total={30} offset={10} limit={10} onOffset={() => undefined} />
        </I18nextProvider>,
      );
    expect(pager()).toContain('11–20 of 30');
    expect(pager()).toContain('>Previous<');
    await i18n.changeLanguage('de');
    expect(pager()).toContain('11–20 von 30');
    expect(pager()).toContain('>Zurück<');
    expect(pager()).not.toContain('Previous');
    await i18n.changeLanguage('en');
    expect(pager()).toContain('>Next<');
  });

  it('uses the English plural forms for counts', async () => {
    const key = [...counted][0];
    expect(key).toBeDefined();
    if (!key) return;
    expect(i18n.t(key, { count: 1 })).toBe(en[`${key}_one`]?.replace('{{count}}', '1'));
    expect(i18n.t(key, { count: 2 })).toBe(en[`${key}_other`]?.replace('{{count}}', '2'));
  });
});
