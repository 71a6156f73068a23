import { expect, type Locator, type Page } from '@playwright/test';

/** The global search: the box in the header and the results page. */
export class SearchPage {
  readonly box: Locator;
  readonly results: Locator;

  constructor(readonly page: Page) {
    this.box = page.getByRole('banner').getByRole('searchbox', { name: 'Search all cases' });
    this.results = page.getByRole('list', { name: /^Search results for / });
  }

  /** Searches from the header, as a person would, and waits for the answer (results or "nothing matches"). */
  async search(q: string): Promise<void> {
    await this.box.fill(q);
    await this.box.press('Enter');
    await expect(this.page.getByRole('heading', { name: `Search: ${q}`, level: 1 })).toBeVisible();
    await expect(this.page.getByText('Searching…')).toHaveCount(0);
  }

  /** A result in the given case (optionally of one kind: note, email, file, ...). */
  hit(caseTitle: string, kind?: string): Locator {
    const items = this.results.getByRole('listitem').filter({ hasText: caseTitle });
    return kind ? items.and(this.page.locator(`[data-kind="${kind}"]`)) : items;
  }
}
