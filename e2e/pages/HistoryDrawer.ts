import { expect, type Locator, type Page } from '@playwright/test';

/** The version history drawer of the account plan. */
export class HistoryDrawer {
  readonly dialog: Locator;
  readonly versions: Locator;
  readonly diff: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog', { name: /^History/ });
    this.versions = this.dialog.getByRole('list', { name: 'Versions' }).getByRole('button');
    this.diff = this.dialog.getByTestId('version-diff');
  }

  async openForPlan(): Promise<void> {
    await this.page.getByRole('button', { name: 'History of the account plan' }).click();
    await expect(this.dialog).toBeVisible();
  }

  async restoreSelected(): Promise<void> {
    await this.dialog.getByRole('button', { name: 'Restore this version' }).click();
    await expect(this.dialog.getByRole('status').filter({ hasText: 'Restored.' })).toBeVisible();
  }

  async close(): Promise<void> {
    await this.dialog.getByRole('button', { name: 'Close' }).click();
    await expect(this.dialog).toHaveCount(0);
  }
}
