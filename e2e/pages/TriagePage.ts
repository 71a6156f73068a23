import { expect, type Locator, type Page } from '@playwright/test';

/** Triage (issue 21.6): mail that matched no case, its preview, and what to do with it. */
export class TriagePage {
  readonly heading: Locator;
  readonly list: Locator;
  readonly preview: Locator;
  readonly empty: Locator;
  readonly navLink: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Triage', level: 1 });
    this.list = page.getByRole('list', { name: 'Messages in triage' });
    this.preview = page.getByRole('article').filter({ has: page.getByRole('group', { name: 'What to do with this message' }) });
    this.empty = page.getByTestId('triage-empty');
    this.navLink = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Triage/ });
  }

  async goto(): Promise<void> {
    await this.page.goto('/triage');
    await expect(this.heading).toBeVisible();
  }

  item(text: string | RegExp): Locator {
    return this.list.getByRole('listitem').filter({ hasText: text });
  }

  /** The sanitized HTML of the selected message, inside its sandboxed frame. */
  messageFrame(subject: string) {
    return this.preview.frameLocator(`iframe[title="Message: ${subject}"]`);
  }

  async fileOn(caseTitle: string): Promise<void> {
    await this.preview.getByRole('button', { name: 'File on a case…' }).click();
    const dialog = this.page.getByRole('dialog');
    await dialog.getByLabel('Find a case (by title)').fill(caseTitle);
    await dialog.getByRole('button', { name: `File on ${caseTitle}` }).click();
    await expect(dialog).toBeHidden();
  }
}
