import { expect, type Locator, type Page } from '@playwright/test';

export class CasePage {
  readonly title: Locator;
  readonly connection: Locator;
  readonly plan: Locator;
  readonly fields: Locator;
  readonly presence: Locator;

  constructor(readonly page: Page) {
    this.title = page.getByTestId('case-title');
    this.connection = page.getByTestId('connection-status');
    this.plan = page.getByRole('textbox', { name: 'Account plan' });
    this.fields = page.getByRole('form', { name: 'Case fields' });
    this.presence = page.getByRole('list', { name: 'People on this case now' });
  }

  async goto(caseId: string): Promise<void> {
    await this.page.goto(`/cases/${encodeURIComponent(caseId)}`);
    await this.waitUntilLive();
  }

  /** Connected and holding the server's state (the loading hint is gone). */
  async waitUntilLive(): Promise<void> {
    await expect(this.connection).toHaveText('Live');
    await expect(this.page.getByRole('status').filter({ hasText: 'Loading…' })).toHaveCount(0);
  }

  field(label: string): Locator {
    return this.fields.getByLabel(label, { exact: true });
  }

  /** Types at the end of the plan, as a person would. */
  async typeInPlan(text: string): Promise<void> {
    await this.plan.click();
    await this.page.keyboard.press('Control+End');
    await this.page.keyboard.type(text);
  }

  /** Caret name label another person's cursor shows in this page's editor. */
  caretLabel(name: string): Locator {
    return this.page.locator('.collaboration-carets__label', { hasText: name });
  }

  person(name: string): Locator {
    return this.presence.getByRole('listitem', { name, exact: true });
  }

  async screenshot(path: string): Promise<void> {
    await this.page.screenshot({ path, fullPage: true });
  }
}
