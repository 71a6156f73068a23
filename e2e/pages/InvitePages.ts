import { expect, type Locator, type Page } from '@playwright/test';

/** The "Invite a colleague" dialog opened from the header. */
export class InviteDialog {
  readonly dialog: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog', { name: 'Invite a colleague' });
  }

  async open(): Promise<void> {
    await this.page.getByRole('banner').getByRole('button', { name: 'Invite' }).click();
    await expect(this.dialog).toBeVisible();
  }

  /** Creates the invite and returns the link shown to copy. */
  async invite(email: string): Promise<string> {
    await this.dialog.getByLabel('Email address').fill(email);
    await this.dialog.getByRole('button', { name: 'Create invite link' }).click();
    const link = this.dialog.getByLabel('Invite link');
    await expect(link).toHaveValue(/\/invite\/.+/);
    return link.inputValue();
  }
}

export class InviteAcceptPage {
  constructor(readonly page: Page) {}

  async goto(url: string): Promise<void> {
    await this.page.goto(url);
  }

  async accept(details: { name?: string; password: string }): Promise<void> {
    if (details.name !== undefined) await this.page.getByLabel('Your name').fill(details.name);
    await this.page.getByLabel('Password').fill(details.password);
    await this.page.getByRole('button', { name: /^Join / }).click();
  }
}
