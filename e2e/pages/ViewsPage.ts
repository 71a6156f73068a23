import { expect, type Locator, type Page } from '@playwright/test';

/** The case page's saved views (issue 17.4): the navigation beside the list, the open view's bar and the Save view dialog. */
export class ViewsPage {
  readonly nav: Locator;

  constructor(readonly page: Page) {
    this.nav = page.getByRole('navigation', { name: 'Saved views' });
  }

  link(name: string): Locator {
    return this.nav.getByRole('link', { name, exact: true });
  }

  /** A view's link (its name, and "by <creator>" for someone else's shared view). */
  entry(name: string): Locator {
    return this.nav.getByRole('link').filter({ hasText: name });
  }

  bar(name: string): Locator {
    return this.page.getByRole('region', { name: `View: ${name}` });
  }

  async save(name: string, { shared = false } = {}): Promise<void> {
    await this.nav.getByRole('button', { name: 'Save current view…' }).click();
    const dialog = this.page.getByRole('dialog', { name: 'Save view' });
    await dialog.getByLabel('Name').fill(name);
    if (shared) await dialog.getByLabel('Share with everyone in the workspace').check();
    await dialog.getByRole('button', { name: 'Save view' }).click();
    await expect(dialog).toBeHidden();
    await expect(this.bar(name)).toBeVisible();
  }

  async showColumn(label: string, on: boolean): Promise<void> {
    const button = this.page.getByRole('button', { name: 'Columns' });
    await button.click();
    const box = this.page.getByRole('checkbox', { name: label, exact: true });
    if (on) await box.check();
    else await box.uncheck();
    await this.page.keyboard.press('Escape');
    await expect(button).toHaveAttribute('aria-expanded', 'false');
  }
}
