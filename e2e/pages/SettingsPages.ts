import { expect, type Locator, type Page } from '@playwright/test';

/** /settings/members: workspace people, roles, removal, pending invites. */
export class MembersPage {
  readonly heading: Locator;
  readonly table: Locator;
  readonly invites: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Members', level: 1 });
    this.table = page.getByRole('table', { name: 'Workspace members' });
    this.invites = page.getByRole('table', { name: 'Pending invites' });
  }

  async goto(): Promise<void> {
    await this.page.goto('/settings/members');
    await expect(this.heading).toBeVisible();
    await expect(this.table).toBeVisible();
  }

  row(name: string): Locator {
    return this.table.getByRole('row').filter({ hasText: name });
  }

  role(name: string): Locator {
    return this.table.getByLabel(`Role of ${name}`);
  }

  async remove(name: string): Promise<void> {
    await this.table.getByRole('button', { name: `Remove ${name}` }).click();
    const dialog = this.page.getByRole('dialog', { name: `Remove ${name} from the workspace?` });
    await dialog.getByRole('button', { name: 'Remove' }).click();
    await expect(dialog).toHaveCount(0);
  }
}

/** /settings/audit: the audit log, its filters and the CSV export. */
export class AuditPage {
  readonly heading: Locator;
  readonly table: Locator;
  readonly filters: Locator;
  readonly exportLink: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Audit log', level: 1 });
    this.table = page.getByRole('table', { name: 'Audit log' });
    this.filters = page.getByRole('search', { name: 'Filter the audit log' });
    this.exportLink = page.getByRole('link', { name: 'Export CSV' });
  }

  rows(): Locator {
    return this.table.locator('tbody tr');
  }
}
