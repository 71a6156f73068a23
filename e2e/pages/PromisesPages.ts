import { expect, type Locator, type Page } from '@playwright/test';

/** The Promises panel on a case page, and its Add promise form. */
export class PromisesPanel {
  readonly panel: Locator;
  readonly list: Locator;
  readonly form: Locator;
  readonly editForm: Locator;

  constructor(readonly page: Page) {
    this.panel = page.getByRole('region', { name: 'Promises' });
    this.list = this.panel.getByRole('list', { name: 'Promises on this case' });
    this.form = page.getByRole('dialog', { name: 'Add promise' });
    this.editForm = page.getByRole('dialog', { name: 'Edit promise' });
  }

  /** Opens the Edit form of a promise from the keyboard. */
  async openEdit(text: string): Promise<void> {
    await this.item(text)
      .getByRole('button', { name: `Edit: ${text}` })
      .focus();
    await this.page.keyboard.press('Enter');
    await expect(this.editForm).toBeVisible();
  }

  item(text: string): Locator {
    return this.list.getByRole('listitem').filter({ hasText: text });
  }

  /** The status chip of a promise ("Open", "At risk", "Met", "Missed"). */
  status(text: string): Locator {
    return this.item(text).locator('[data-status]');
  }

  /** Sets the form's due time in the browser's own time zone, `secondsFromNow` ahead. */
  async setDueIn(secondsFromNow: number, form: Locator = this.form): Promise<void> {
    const value = await this.page.evaluate((s) => {
      const d = new Date(Date.now() + s * 1000);
      const pad = (n: number): string => String(n).padStart(2, '0');
      return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
    }, secondsFromNow);
    await form.getByLabel('Due').fill(value);
  }
}

/** `/expectations`: the workspace's promises by view, and the kept-promise rate. */
export class ExpectationsPage {
  readonly heading: Locator;
  readonly tabs: Locator;
  readonly panel: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Promises', level: 1 });
    this.tabs = page.getByRole('tablist', { name: 'Promise views' });
    this.panel = page.getByRole('tabpanel');
  }

  async goto(): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Promises' }).click();
    await expect(this.heading).toBeVisible();
  }

  async view(name: 'Due this week' | 'At risk' | 'Missed' | 'Open' | 'All'): Promise<void> {
    await this.tabs.getByRole('tab', { name }).click();
    await expect(this.tabs.getByRole('tab', { name })).toHaveAttribute('aria-selected', 'true');
  }

  row(text: string): Locator {
    return this.panel.getByRole('row').filter({ hasText: text });
  }
}
