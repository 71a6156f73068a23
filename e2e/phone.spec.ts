import type { Page } from '@playwright/test';
import { test, expect, uniqueTag, createCase } from './fixtures';
import { CasePage } from './pages/CasePage';

/** Nothing on the page is wider than the screen: no sideways scrolling. */
async function fitsTheScreen(page: Page): Promise<void> {
  const widths = await page.evaluate(() => ({ content: document.documentElement.scrollWidth, screen: window.innerWidth }));
  expect(widths.content, 'page width on a 390 px screen').toBeLessThanOrEqual(widths.screen);
}

test.use({ viewport: { width: 390, height: 844 } });

test('[issue 17.7] on a phone the navigation folds behind Menu (the workspace pages inside), nothing runs off the screen, and a case stacks', async ({
  team,
}) => {
  const { a } = team;
  const tag = uniqueTag();
  const caseId = await createCase(a, { title: `Phone case ${tag}` });

  await a.page.goto('/cases');
  const nav = a.page.getByRole('navigation', { name: 'Main' });
  await expect(nav).toBeHidden();
  await fitsTheScreen(a.page);
  const menu = a.page.getByRole('button', { name: 'Menu', exact: true });
  await menu.click();
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
  await nav.getByRole('button', { name: 'Workspace' }).click();
  await nav.getByRole('link', { name: 'Saved replies' }).click();
  await expect(a.page).toHaveURL(/\/settings\/saved-replies$/);
  await expect(a.page.getByRole('heading', { name: 'Saved replies', level: 1 })).toBeVisible();
  // Following a link folds the menu again.
  await expect(nav).toBeHidden();
  await fitsTheScreen(a.page);

  await menu.click();
  await nav.getByRole('link', { name: 'Contacts' }).click();
  await expect(a.page).toHaveURL(/\/contacts$/);
  await fitsTheScreen(a.page);

  await new CasePage(a.page).goto(caseId);
  await expect(a.page.getByRole('heading', { name: `Phone case ${tag}` })).toBeVisible();
  await fitsTheScreen(a.page);
  await a.page.screenshot({ path: 'e2e/artifacts/phone-case.png', fullPage: false });
});
