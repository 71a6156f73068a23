import { expect, type Locator, type Page } from '@playwright/test';

/** /settings/webhooks: add (URL, events), the secret once, the list, the delivery log, delete. */
export class WebhooksPage {
  readonly heading: Locator;
  readonly form: Locator;
  readonly list: Locator;
  readonly secret: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Webhooks', level: 1 });
    this.form = page.getByRole('form', { name: 'Add a webhook' });
    this.list = page.getByRole('region', { name: 'Webhooks' });
    this.secret = page.getByRole('region', { name: 'Signing secret' });
  }

  async goto(): Promise<void> {
    await this.page.goto('/settings/webhooks');
    await expect(this.heading).toBeVisible();
  }

  async add(url: string, events: string[]): Promise<string> {
    await this.form.getByLabel('Receiver URL').fill(url);
    await this.form.getByLabel('All events, including ones added later').uncheck();
    for (const e of events) await this.form.getByRole('checkbox', { name: e }).check();
    await this.form.getByRole('button', { name: 'Add webhook' }).click();
    await expect(this.secret).toBeVisible();
    return this.secret.getByLabel('Signing secret').inputValue();
  }

  row(url: string): Locator {
    return this.list.getByRole('listitem').filter({ hasText: url });
  }
}
