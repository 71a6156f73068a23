import { test, expect, createCase } from './fixtures';

test('[issue 17.7] the app follows the browser’s language, and Your settings switches it for this browser', async ({ team, browser, baseURL }) => {
  const { page } = team.a;

  // English by default (the browser asks for English), with <html lang> saying so.
  await page.goto('/settings/account');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Cases' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  // German, chosen here: the page and the navigation change at once, and a reload keeps it.
  await page.getByLabel('Language of Casehub in this browser').selectOption('de');
  await expect(page.getByRole('heading', { name: 'Ihre Einstellungen' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Fälle' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Ihre Einstellungen' })).toBeVisible();
  await page.goto('/cases');
  await expect(page.getByRole('heading', { name: 'Fälle', level: 1 })).toBeVisible();

  // The case page under German: its fields, plans and connection state say it in German; what people typed stays.
  const caseId = await createCase(team.a, { title: 'Globex renewal' });
  await page.goto(`/cases/${caseId}`);
  await expect(page.getByTestId('case-title')).toHaveText('Globex renewal');
  const fields = page.getByRole('form', { name: 'Fallfelder' });
  await expect(fields.getByLabel('Abschlussdatum')).toBeVisible();
  await expect(fields.getByLabel('Priorität')).toHaveValue('normal');
  await expect(page.getByRole('tab', { name: 'Account-Plan' })).toBeVisible();
  await expect(page.getByRole('toolbar', { name: 'Formatierung' }).first()).toBeVisible();
  await expect(page.getByTestId('connection-status')).toHaveText('Live');

  // Back to the browser's language.
  await page.goto('/settings/account');
  await page.getByLabel('Sprache von Casehub in diesem Browser').selectOption('browser');
  await expect(page.getByRole('heading', { name: 'Your settings' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  // A browser that asks for German gets the sign-in page in German, with no choice made.
  const german = await browser.newContext({ baseURL, locale: 'de-DE' });
  const visitor = await german.newPage();
  await visitor.goto('/login');
  await expect(visitor.getByRole('heading', { name: 'Bei Casehub anmelden' })).toBeVisible();
  await expect(visitor.getByRole('button', { name: 'Anmelden', exact: true })).toBeVisible();
  await expect(visitor.locator('html')).toHaveAttribute('lang', 'de');
  await german.close();
});
