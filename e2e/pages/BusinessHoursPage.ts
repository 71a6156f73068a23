import { expect, type Locator, type Page } from '@playwright/test';

/** /settings/business-hours: the workspace time zone, working hours per weekday, holidays and which clocks count them. */
export class BusinessHoursPage {
  readonly heading: Locator;
  readonly form: Locator;
  readonly timeZone: Locator;
  readonly save: Locator;
  readonly saved: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Business hours', level: 1 });
    this.form = page.getByRole('form', { name: 'Business hours' });
    this.timeZone = this.form.getByLabel('Time zone');
    this.save = this.form.getByRole('button', { name: 'Save business hours' });
    this.saved = page.getByRole('status').filter({ hasText: 'Business hours saved.' });
  }

  async goto(): Promise<void> {
    await this.page.goto('/settings/business-hours');
    await expect(this.heading).toBeVisible();
    await expect(this.timeZone).toBeVisible();
  }

  day(name: string): Locator {
    return this.form.getByRole('group', { name });
  }

  from(day: string, nth = 0): Locator {
    return this.form.getByLabel(`${day} from`).nth(nth);
  }

  until(day: string, nth = 0): Locator {
    return this.form.getByLabel(`${day} until`).nth(nth);
  }

  holidayDate(n: number): Locator {
    return this.form.getByLabel(`Holiday ${n} date`);
  }

  holidayName(n: number): Locator {
    return this.form.getByLabel(`Holiday ${n} name`);
  }

  countFor(clock: 'The first-response clock' | 'The promise warning'): Locator {
    return this.form.getByRole('checkbox', { name: new RegExp(`^${clock}`) });
  }
}
