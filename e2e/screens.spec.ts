import type { Browser, Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { buildShowcase, type Showcase } from './support/showcase';
import { guestCasePage, memberPages, signInPage, type MainPage } from './support/mainPages';

/**
 * Issue 17.7: the main pages in the dark theme and at phone width (390 px), compared with the
 * pictures committed beside this file (e2e/screens.spec.ts-snapshots/). A changed layout or a
 * colour gone wrong fails here; a change meant to look different is accepted by running
 * `E2E_PORT=… npx playwright test e2e/screens.spec.ts --update-snapshots` and committing the
 * new pictures after looking at them.
 *
 * Kept stable: the data is the showcase's (fixed names, values and dates), animations are off,
 * the caret hidden, and what changes from run to run is masked: times ("5 minutes ago"),
 * avatars (their colour comes from a random id), sign-in addresses (unique per run), the case's
 * mail address. The dashboard's weekly charts stay empty (the showcase's promises fall due in 2031).
 */

// Each test makes its own showcase: they run side by side.
test.describe.configure({ mode: 'parallel' });

function masks(page: Page): Locator[] {
  return [page.locator('time'), page.locator('.avatar'), page.getByText(/@example\.test/), page.getByTestId('case-address'), page.locator('.case-address')];
}

const options = (page: Page) => ({
  animations: 'disabled' as const,
  caret: 'hide' as const,
  mask: masks(page),
  // About 1% of the picture: text antialiasing may move a few pixels, a broken layout moves far more.
  maxDiffPixelRatio: 0.01,
});

async function shoot(page: Page, main: MainPage, name: string): Promise<void> {
  await page.goto(main.path);
  await main.ready(page);
  // Nothing keeps the focus from the page load (a focused field would draw its ring).
  await page.evaluate(() => (document.activeElement instanceof HTMLElement ? document.activeElement.blur() : undefined));
  await expect(page).toHaveScreenshot(`${name}.png`, options(page));
}

const pagesToShoot = (s: Showcase): MainPage[] =>
  memberPages(s).filter((p) =>
    ['cases', 'case', 'contacts', 'contact', 'accounts', 'dashboard', 'promises', 'triage', 'members', 'your-settings'].includes(p.name),
  );

async function signedOutPage(browser: Browser, baseURL: string, viewport: { width: number; height: number }, theme: 'light' | 'dark') {
  const context = await browser.newContext({ baseURL, viewport, colorScheme: theme });
  return { context, page: await context.newPage() };
}

test('[issue 17.7] the main pages in the dark theme look as committed', async ({ browser, baseURL }) => {
  test.setTimeout(240_000);
  const s = await buildShowcase(browser, baseURL ?? '');
  const viewport = { width: 1280, height: 800 };
  for (const page of [s.owner.page, s.guest.page]) {
    await page.setViewportSize(viewport);
    await page.emulateMedia({ colorScheme: 'dark' });
  }
  for (const main of pagesToShoot(s)) await shoot(s.owner.page, main, `dark-${main.name}`);
  await shoot(s.guest.page, guestCasePage(s), 'dark-guest-case');
  const visitor = await signedOutPage(browser, baseURL ?? '', viewport, 'dark');
  await shoot(visitor.page, signInPage, 'dark-sign-in');
  await visitor.context.close();
  await s.owner.context.close();
  await s.guest.context.close();
});

test('[issue 17.7] the main pages at phone width (390 px), light and dark, look as committed', async ({ browser, baseURL }) => {
  test.setTimeout(240_000);
  const s = await buildShowcase(browser, baseURL ?? '');
  const viewport = { width: 390, height: 844 };
  for (const page of [s.owner.page, s.guest.page]) {
    await page.setViewportSize(viewport);
    await page.emulateMedia({ colorScheme: 'light' });
  }
  for (const main of pagesToShoot(s)) await shoot(s.owner.page, main, `phone-${main.name}`);
  await shoot(s.guest.page, guestCasePage(s), 'phone-guest-case');

  // The menu open, light and dark.
  const owner = s.owner.page;
  const cases = memberPages(s)[0] as MainPage;
  await owner.goto(cases.path);
  await cases.ready(owner);
  await owner.getByRole('button', { name: 'Menu', exact: true }).click();
  await expect(owner.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expect(owner).toHaveScreenshot('phone-menu.png', options(owner));
  await owner.emulateMedia({ colorScheme: 'dark' });
  await expect(owner.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(owner).toHaveScreenshot('phone-dark-menu.png', options(owner));
  await owner.getByRole('button', { name: 'Menu', exact: true }).click();
  for (const main of memberPages(s).filter((p) => ['cases', 'case'].includes(p.name))) await shoot(owner, main, `phone-dark-${main.name}`);

  const visitor = await signedOutPage(browser, baseURL ?? '', viewport, 'light');
  await shoot(visitor.page, signInPage, 'phone-sign-in');
  await visitor.context.close();
  await s.owner.context.close();
  await s.guest.context.close();
});
