import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { buildShowcase, showcaseNames, type Showcase } from './support/showcase';
import { seriousInBothThemes } from './support/axe';
import { guestCasePage, memberPages, signInPage, type MainPage } from './support/mainPages';

/**
 * Issue 17.7: no axe-core violation of serious or critical impact on the main pages, in the
 * light and the dark theme; every control reachable by keyboard with a visible focus; the theme
 * switch. Issue 17.8: the workspace and person names stay on one line in the header.
 */

/** axe on the page as it is, in each theme, noted under `where` when it finds anything. */
async function check(page: Page, where: string, found: Record<string, string[]>): Promise<void> {
  for (const [theme, violations] of Object.entries(await seriousInBothThemes(page))) found[`${where} (${theme})`] = violations;
}

async function visit(page: Page, main: MainPage): Promise<void> {
  await page.goto(main.path);
  await main.ready(page);
}

// The checks are split in three tests, each on a showcase of its own (made through the API in a few
// seconds), and this file's tests run in parallel: as one test, the axe pass held one worker for
// three minutes at the end of the suite. Each visit checks both themes.
test.describe.configure({ mode: 'parallel' });

const pagesHalf = (s: Showcase, half: 0 | 1): MainPage[] => {
  const all = memberPages(s);
  const middle = Math.ceil(all.length / 2);
  return half === 0 ? all.slice(0, middle) : all.slice(middle);
};

for (const half of [0, 1] as const) {
  test(`[issue 17.7] axe finds nothing serious or critical on the main pages (part ${half + 1} of 2), in the light and the dark theme`, async ({
    browser,
    baseURL,
  }) => {
    test.setTimeout(180_000);
    const s = await buildShowcase(browser, baseURL ?? '');
    const found: Record<string, string[]> = {};
    // No choice made: the theme follows the system's setting, which check() sets to each in turn.
    for (const main of pagesHalf(s, half)) {
      await visit(s.owner.page, main);
      await check(s.owner.page, main.name, found);
    }
    expect(found).toEqual({});
    await s.owner.context.close();
    await s.guest.context.close();
  });
}

test("[issue 17.7] axe finds nothing serious or critical in the menus, the palette, a dialog, the email viewer, a guest's case and the sign-in page, in both themes", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const s = await buildShowcase(browser, baseURL ?? '');
  const found: Record<string, string[]> = {};
  const owner = s.owner.page;

  // Open states: the account menu (with the theme switch), the workspace menu, the palette, a dialog.
  await visit(owner, memberPages(s)[0] as MainPage);
  await owner.getByRole('button', { name: `Account menu for ${showcaseNames.owner}` }).click();
  await expect(owner.getByRole('menu', { name: 'Account' })).toBeVisible();
  await check(owner, 'account menu', found);
  await owner.keyboard.press('Escape');
  await owner.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Workspace' }).click();
  await expect(owner.getByRole('link', { name: 'Members' })).toBeVisible();
  await check(owner, 'workspace menu', found);
  await owner.keyboard.press('Escape');
  await owner.keyboard.press('Control+k');
  const palette = owner.getByRole('dialog', { name: 'Go to' });
  await palette.getByRole('combobox').fill('glob');
  await expect(palette.getByRole('option', { name: /Globex renewal 2031/ })).toBeVisible();
  await check(owner, 'command palette', found);
  await owner.keyboard.press('Escape');
  await owner.getByRole('button', { name: 'New case' }).first().click();
  await expect(owner.getByRole('dialog')).toBeVisible();
  await check(owner, 'new case dialog', found);
  await owner.keyboard.press('Escape');

  // A case's email, opened from the stream.
  await visit(owner, memberPages(s)[1] as MainPage);
  await owner
    .getByRole('button', { name: /Renewal for next year/ })
    .first()
    .click();
  await expect(owner.getByRole('dialog').getByText('We would like to renew').first()).toBeVisible();
  await check(owner, 'email viewer', found);

  const guest = guestCasePage(s);
  await visit(s.guest.page, guest);
  await check(s.guest.page, guest.name, found);

  // Signed out: the sign-in page.
  const signedOut = await browser.newContext({ baseURL });
  const visitor = await signedOut.newPage();
  await visit(visitor, signInPage);
  await check(visitor, signInPage.name, found);
  await signedOut.close();

  expect(found).toEqual({});
  await s.owner.context.close();
  await s.guest.context.close();
});

/** Presses Tab until focus comes round again, noting each element reached and whether its focus shows. */
async function tabThrough(page: Page, limit: number): Promise<{ reached: string[]; unseen: string[] }> {
  // Number every element the keyboard should reach, in the DOM order.
  const expected = await page.evaluate(() => {
    // Roving tab stops (tabindex -1: tabs, a list's other options) are reached with the arrow keys instead.
    const selector = [
      'a[href]',
      'button:not([disabled])',
      'input:not([disabled])',
      'select:not([disabled])',
      'textarea:not([disabled])',
      '[tabindex]',
      '[contenteditable="true"]',
    ]
      .map((s) => `${s}:not([tabindex="-1"])`)
      .join(', ');
    const all = Array.from(document.querySelectorAll<HTMLElement>(selector)).filter((el) => {
      const box = el.getBoundingClientRect();
      return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden' && !el.closest('[inert], [aria-hidden="true"]');
    });
    // A group of radio buttons is one stop (its choices are the arrow keys').
    all.forEach((el, i) => (el.dataset.tabStop = el instanceof HTMLInputElement && el.type === 'radio' ? `radio:${el.name}` : String(i)));
    return [...new Set(all.map((el) => el.dataset.tabStop ?? ''))];
  });
  await page.evaluate(() => (document.activeElement instanceof HTMLElement ? document.activeElement.blur() : undefined));
  const reached: string[] = [];
  const unseen: string[] = [];
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press('Tab');
    const at = await page.evaluate(() => {
      const el = document.activeElement;
      if (!(el instanceof HTMLElement) || el === document.body) return null;
      const style = getComputedStyle(el);
      const outlined = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
      const ringed = style.boxShadow !== 'none';
      const label = `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}"`;
      return { stop: el.dataset.tabStop ?? null, shows: outlined || ringed, label };
    });
    if (!at || (at.stop !== null && reached.includes(at.stop))) break;
    if (at.stop !== null) reached.push(at.stop);
    if (!at.shows) unseen.push(at.label);
  }
  const missed = expected.filter((stop) => !reached.includes(stop));
  const names = await page.evaluate(
    (stops) => stops.map((stop) => document.querySelector(`[data-tab-stop="${stop}"]`)?.outerHTML.slice(0, 120) ?? stop),
    missed,
  );
  expect(names, 'controls Tab never reached').toEqual([]);
  return { reached, unseen };
}

test('[issue 17.7] Tab reaches every control of the main pages, and each shows where the focus is', async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  const s = await buildShowcase(browser, baseURL ?? '');
  const page = s.owner.page;
  const pages = memberPages(s).filter((p) => ['cases', 'contacts', 'accounts', 'promises', 'members', 'your-settings'].includes(p.name));
  for (const main of pages) {
    await visit(page, main);
    const { reached, unseen } = await tabThrough(page, 200);
    expect(reached.length, `${main.name}: controls reached`).toBeGreaterThan(5);
    expect(unseen, `${main.name}: focus not shown on`).toEqual([]);
  }
  await s.owner.context.close();
  await s.guest.context.close();
});

test('[issue 17.7] the theme follows the system until one is chosen in the account menu or the palette; the choice is kept by the browser and applied before the first paint', async ({
  browser,
  baseURL,
}) => {
  const s = await buildShowcase(browser, baseURL ?? '');
  const page = s.owner.page;
  const html = page.locator('html');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/cases');
  await expect(html).toHaveAttribute('data-theme', 'light');
  // The system changes its mind while the page is open.
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(html).toHaveAttribute('data-theme', 'dark');
  const background = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  expect(await background()).toBe('rgb(17, 19, 24)');

  // Light, chosen in the account menu, by keyboard: it wins over the dark system.
  const accountMenu = page.getByRole('button', { name: `Account menu for ${showcaseNames.owner}` });
  await accountMenu.focus();
  await page.keyboard.press('Enter');
  const menu = page.getByRole('menu', { name: 'Account' });
  await expect(menu.getByRole('menuitemradio', { name: 'System' })).toHaveAttribute('aria-checked', 'true');
  await expect(menu.getByRole('menuitem', { name: 'Settings' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(menu.getByRole('menuitemradio', { name: 'Light' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(menu.getByRole('menuitemradio', { name: 'Light' })).toHaveAttribute('aria-checked', 'true');
  await expect(html).toHaveAttribute('data-theme', 'light');
  expect(await background()).toBe('rgb(249, 250, 251)');
  await page.screenshot({ path: 'e2e/artifacts/theme-menu.png' });

  // Dark from the palette; kept across a reload, and on the html element before the body exists.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Go to' });
  await palette.getByRole('combobox').fill('theme');
  await expect(palette.getByRole('option')).toHaveText([/Theme: System/, /Theme: Light/, /Theme: Dark/]);
  await palette.getByRole('option', { name: /Theme: Dark/ }).click();
  await expect(palette).toBeHidden();
  await expect(html).toHaveAttribute('data-theme', 'dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.addInitScript(() => {
    // Runs as the document is created: the first time data-theme is set, was there a body yet?
    new MutationObserver((records, observer) => {
      if (records.some((r) => r.attributeName === 'data-theme')) {
        sessionStorage.setItem('themeBeforeBody', String(document.body === null));
        observer.disconnect();
      }
    }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-theme'] });
  });
  await page.reload();
  await expect(html).toHaveAttribute('data-theme', 'dark');
  expect(await page.evaluate(() => sessionStorage.getItem('themeBeforeBody'))).toBe('true');
  await expect(page.getByRole('link', { name: showcaseNames.caseTitle })).toBeVisible();

  // Another tab of the same browser follows; System again goes back to the system's (light) setting.
  const other = await s.owner.context.newPage();
  await other.emulateMedia({ colorScheme: 'light' });
  await other.goto('/cases');
  await expect(other.locator('html')).toHaveAttribute('data-theme', 'dark');
  await accountMenu.click();
  await menu.getByRole('menuitemradio', { name: 'System' }).click();
  await expect(html).toHaveAttribute('data-theme', 'light');
  await expect(other.locator('html')).toHaveAttribute('data-theme', 'light');
  await s.owner.context.close();
  await s.guest.context.close();
});

for (const width of [1280, 1440]) {
  test(`[issue 17.8] at ${width} px the workspace and person names in the header are each one line, cut with an ellipsis, whole in the title`, async ({
    browser,
    baseURL,
  }) => {
    const s = await buildShowcase(browser, baseURL ?? '');
    const page = s.owner.page;
    await page.setViewportSize({ width, height: 800 });
    await page.goto('/cases');
    for (const [id, name] of [
      ['workspace-name', showcaseNames.workspace],
      ['user-name', showcaseNames.owner],
    ] as const) {
      const el = page.getByTestId(id);
      await expect(el).toBeVisible();
      await expect(el).toHaveAttribute('title', name);
      const lines = await el.evaluate((node) => {
        const range = document.createRange();
        range.selectNodeContents(node);
        // One rectangle per line box the text occupies.
        return new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top))).size;
      });
      expect(lines, `${id} lines`).toBe(1);
      const box = await el.boundingBox();
      const lineHeight = await el.evaluate((node) => parseFloat(getComputedStyle(node).lineHeight));
      expect(box?.height ?? 0).toBeLessThanOrEqual(lineHeight + 1);
    }
    // The header itself stays one row high, and the navigation has room for its links.
    expect((await page.locator('.app-header').boundingBox())?.height).toBe(56);
    // At 1440 every link shows without scrolling (at 1280 the links scroll sideways, as on any narrower window).
    if (width >= 1440) {
      const nav = await page.getByRole('navigation', { name: 'Main' }).evaluate((node) => ({ needs: node.scrollWidth, has: node.clientWidth }));
      expect(nav.needs, 'navigation width').toBeLessThanOrEqual(nav.has);
    }
    await page.locator('.app-header').screenshot({ path: `e2e/artifacts/header-${width}.png` });
    await s.owner.context.close();
    await s.guest.context.close();
  });
}
