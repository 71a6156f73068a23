import { expect, type Locator, type Page } from '@playwright/test';

/** The case list's Board view (issue 17.1): a board per kind, a column per stage, a card per case. */
export class BoardPage {
  readonly viewSwitch: Locator;

  constructor(readonly page: Page) {
    this.viewSwitch = page.getByRole('group', { name: 'Show cases as' });
  }

  async open(query = ''): Promise<void> {
    await this.page.goto(`/cases${query}`);
    await expect(this.page.getByRole('heading', { name: 'Cases', level: 1 })).toBeVisible();
    const board = this.viewSwitch.getByRole('button', { name: 'Board' });
    if ((await board.getAttribute('aria-pressed')) !== 'true') await board.click();
    await expect(board).toHaveAttribute('aria-pressed', 'true');
  }

  kind(name: 'Deals' | 'Support'): Locator {
    return this.page.getByRole('region', { name, exact: true });
  }

  column(stage: string, kind: 'Deals' | 'Support' = 'Deals'): Locator {
    return this.kind(kind).getByRole('region', { name: stage, exact: true });
  }

  card(title: string, within: Locator = this.page.locator('.board')): Locator {
    return within.getByRole('listitem').filter({ has: this.page.getByRole('link', { name: title, exact: true }) });
  }

  totals(stage: string, kind: 'Deals' | 'Support' = 'Deals'): Locator {
    return this.column(stage, kind).getByTestId('column-totals');
  }

  /** A pointer drag of the card onto the column, in small steps (the drag starts after 5 px, as a person's does). */
  async drag(title: string, toStage: string): Promise<void> {
    const from = await this.card(title).getByRole('link', { name: title, exact: true }).boundingBox();
    const to = await this.column(toStage).boundingBox();
    if (!from || !to) throw new Error('card or column not on screen');
    const mouse = this.page.mouse;
    await mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await mouse.down();
    await mouse.move(from.x + from.width / 2 + 10, from.y + from.height / 2 + 10, { steps: 5 });
    await mouse.move(to.x + to.width / 2, to.y + Math.min(to.height / 2, 60), { steps: 15 });
    await expect(this.column(toStage)).toHaveClass(/board__column--over/);
    await mouse.up();
  }

  get toast(): Locator {
    return this.page.locator('.board__toast');
  }
}
