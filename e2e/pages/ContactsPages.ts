import { expect, type Locator, type Page } from '@playwright/test';

/** `/accounts` and `/contacts` lists, the account and contact pages, and their dialogs. */
export class ContactsPages {
  constructor(readonly page: Page) {}

  dialog(name: string): Locator {
    return this.page.getByRole('dialog', { name });
  }

  async createAccount(name: string, opts: { domains?: string; tags?: string } = {}): Promise<void> {
    await this.page.goto('/accounts');
    await this.page.getByRole('button', { name: 'New account' }).click();
    const form = this.dialog('New account');
    await form.getByLabel('Name', { exact: true }).fill(name);
    if (opts.domains) await form.getByLabel('Email domains').fill(opts.domains);
    if (opts.tags) await form.getByLabel('Tags').fill(opts.tags);
    await form.getByRole('button', { name: 'Create account' }).click();
    await expect(this.page.getByTestId('account-name')).toHaveText(name);
  }

  /** Fills the contact form that is open (New contact, from a list or an account). */
  async fillContact(name: string, emails: string, opts: { tags?: string; title?: string } = {}): Promise<void> {
    const form = this.dialog('New contact');
    await form.getByLabel('Name', { exact: true }).fill(name);
    if (opts.title) await form.getByLabel('Title').fill(opts.title);
    await form.getByLabel('Email addresses').fill(emails);
    if (opts.tags) await form.getByLabel('Tags').fill(opts.tags);
    await form.getByRole('button', { name: 'Create contact' }).click();
    await expect(form).toHaveCount(0);
  }

  contactRows(): Locator {
    return this.page
      .getByRole('table', { name: 'Contacts' })
      .getByRole('row')
      .filter({ has: this.page.getByRole('link') });
  }
}

/** The Stakeholder map panel on a case page. */
export class StakeholderPanel {
  readonly panel: Locator;
  readonly add: Locator;

  constructor(readonly page: Page) {
    this.panel = page.getByRole('region', { name: 'Stakeholder map' });
    this.add = this.panel.getByRole('form', { name: 'Add a stakeholder' });
  }

  group(role: string): Locator {
    return this.panel.getByRole('list', { name: role, exact: true });
  }

  async addContact(search: string, contact: string, role: string, influence: string): Promise<void> {
    await this.add.getByLabel('Find a contact').fill(search);
    const select = this.add.getByLabel('Contact', { exact: true });
    // Options read "Name (Account)".
    const option = select.locator('option', { hasText: contact });
    await expect(option).toHaveCount(1);
    await select.selectOption((await option.getAttribute('value')) ?? '');
    await this.add.getByLabel('Role').selectOption({ label: role });
    await this.add.getByLabel('Influence').selectOption({ label: influence });
    await this.add.getByRole('button', { name: 'Add to map' }).click();
  }
}
