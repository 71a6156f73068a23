import { expect, type Locator, type Page } from '@playwright/test';

/** `/dashboard`: totals and four charts, each a figure with a caption and a hidden data table. */
export class DashboardPage {
  readonly heading: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Dashboard', level: 1 });
  }

  async goto(): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
    await expect(this.heading).toBeVisible();
  }

  total(name: 'open' | 'closed' | 'kept' | 'moments'): Locator {
    return this.page.getByTestId(`total-${name}`);
  }

  figure(caption: string | RegExp): Locator {
    return this.page.getByRole('figure', { name: caption });
  }

  /** The chart's picture, labelled with a one-sentence summary (the outer role="img"; recharts' own SVG sits inside). */
  picture(caption: string | RegExp): Locator {
    return this.figure(caption).getByRole('img').first();
  }

  /** The drawn bars of a chart (SVG paths recharts gives this class). */
  bars(caption: string | RegExp): Locator {
    return this.figure(caption).locator('.recharts-bar-rectangle path, path.recharts-rectangle');
  }

  /** A row of a chart's data table (hidden from the eye, read by assistive technology). */
  tableRow(caption: string | RegExp, header: string): Locator {
    return this.figure(caption)
      .locator('table tbody tr')
      .filter({ has: this.page.locator('th', { hasText: header }) });
  }
}
