import { expect, type Locator, type Page } from '@playwright/test';

export class CaseListPage {
  readonly heading: Locator;
  readonly search: Locator;
  readonly kindFilter: Locator;
  readonly table: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Cases', level: 1 });
    this.search = page.getByRole('searchbox', { name: 'Search cases by title' });
    this.kindFilter = page.getByRole('search').getByLabel('Kind');
    this.table = page.getByRole('table', { name: 'Cases' });
  }

  async goto(query = ''): Promise<void> {
    await this.page.goto(`/cases${query}`);
    await expect(this.heading).toBeVisible();
  }

  /** Title links in the table, in display order. */
  titles(): Locator {
    return this.table.getByRole('row').getByRole('link');
  }

  row(title: string): Locator {
    return this.table.getByRole('row').filter({ has: this.page.getByRole('link', { name: title, exact: true }) });
  }

  /** Creates a case through the dialog and waits for its page; returns the case id from the URL. */
  async createCase(title: string, kind: 'deal' | 'support' = 'deal'): Promise<string> {
    await this.page.getByRole('button', { name: 'New case' }).first().click();
    const dialog = this.page.getByRole('dialog', { name: 'New case' });
    await expect(dialog).toBeVisible();
    await dialog.getByLabel('Title').fill(title);
    await dialog.getByLabel('Kind').selectOption(kind);
    await dialog.getByRole('button', { name: 'Create case' }).click();
    await this.page.waitForURL(/\/cases\/[^/?#]+$/);
    const id = new URL(this.page.url()).pathname.split('/').pop();
    if (!id) throw new Error(`no case id in ${this.page.url()}`);
    return decodeURIComponent(id);
  }
}
