import { expect, type Locator, type Page } from '@playwright/test';

/** The "Case team" panel on a case page: team, guests, invites. */
export class TeamPanel {
  readonly panel: Locator;
  readonly team: Locator;
  readonly guests: Locator;
  readonly pendingInvites: Locator;

  constructor(readonly page: Page) {
    this.panel = page.getByRole('region', { name: 'Case team' });
    this.team = this.panel.getByRole('list', { name: 'Team members' });
    this.guests = this.panel.getByRole('list', { name: 'Guests' });
    this.pendingInvites = this.panel.getByRole('list', { name: 'Pending guest invites' });
  }

  person(name: string): Locator {
    return this.panel.getByRole('listitem').filter({ hasText: name });
  }

  /** Invites a guest to the case through the dialog and returns the link shown to copy. */
  async inviteGuest(email: string, access: 'Editor' | 'Commenter' | 'Viewer'): Promise<string> {
    await this.panel.getByRole('button', { name: 'Invite a guest' }).click();
    const dialog = this.page.getByRole('dialog', { name: 'Invite a guest' });
    await expect(dialog).toBeVisible();
    await dialog.getByLabel('Guest email').fill(email);
    await dialog.getByRole('radio', { name: new RegExp(`^${access}`) }).check();
    await dialog.getByRole('button', { name: 'Create guest link' }).click();
    const link = dialog.getByLabel('Guest invite link');
    await expect(link).toHaveValue(/\/invite\/.+/);
    return link.inputValue();
  }

  async closeInviteDialog(): Promise<void> {
    const dialog = this.page.getByRole('dialog', { name: 'Invite a guest' });
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect(dialog).toHaveCount(0);
  }

  /** Removes someone from the case, confirming in the dialog. */
  async remove(name: string): Promise<void> {
    await this.panel.getByRole('button', { name: `Remove ${name}` }).click();
    const dialog = this.page.getByRole('dialog', { name: new RegExp(`^Remove (guest )?${name}`) });
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Remove' }).click();
    await expect(dialog).toHaveCount(0);
  }
}
