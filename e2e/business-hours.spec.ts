import { test, expect } from './fixtures';
import { BusinessHoursPage } from './pages/BusinessHoursPage';
import { seriousInBothThemes } from './support/axe';

const weekdays = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'];

test('[issue 17.6] the owner sets the time zone, office hours and a holiday; they stay after a reload; a member reads them and cannot change them', async ({
  team,
}) => {
  const { a: owner, b: member } = team;
  const hours = new BusinessHoursPage(owner.page);

  // Reached from the workspace menu.
  await owner.page.goto('/cases');
  await owner.page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Workspace' }).click();
  await owner.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Business hours' }).click();
  await expect(hours.heading).toBeVisible();

  // Until set: UTC, every day around the clock, both clocks on wall-clock time.
  await expect(hours.timeZone).toHaveValue('UTC');
  await expect(hours.from('Sunday')).toHaveValue('00:00');
  await expect(hours.until('Sunday')).toHaveValue('24:00');
  await expect(hours.countFor('The first-response clock')).not.toBeChecked();

  await hours.timeZone.fill('Europe/Berlin');
  await hours.form.getByRole('button', { name: 'Weekdays 09:00–17:00' }).click();
  for (const day of ['Saturday', 'Sunday']) await expect(hours.day(day)).toContainText('Closed');
  // A lunch break on Friday: two stretches, the second overlapping the first at first.
  await hours.from('Friday').fill('09:00');
  await hours.until('Friday').fill('12:30');
  await hours.form.getByRole('button', { name: 'Add hours on Friday' }).click();
  await hours.from('Friday', 1).fill('12:00');
  await hours.until('Friday', 1).fill('16:00');
  await hours.form.getByRole('button', { name: 'Add holiday' }).click();
  await hours.holidayDate(1).fill('2026-12-25');
  await hours.holidayName(1).fill('Christmas Day');
  await hours.countFor('The first-response clock').check();
  await hours.save.click();
  await expect(hours.form.getByRole('alert')).toHaveText('Friday: 12:00–16:00 overlaps 09:00–12:30');
  await expect(hours.saved).toHaveCount(0);
  await hours.from('Friday', 1).fill('13:00');
  // A time zone the server does not know is refused with a clear message, by the keyboard too.
  await hours.timeZone.fill('Mars/Olympus');
  await hours.timeZone.press('Enter');
  await expect(hours.form.getByRole('alert')).toContainText('Time zone: is not a time zone this server knows');
  await hours.timeZone.fill('Europe/Berlin');
  await hours.save.click();
  await expect(hours.saved).toBeVisible();
  await owner.page.screenshot({ path: 'e2e/artifacts/business-hours-owner.png', fullPage: true });

  // What the server kept, after a reload.
  await owner.page.reload();
  await expect(hours.timeZone).toHaveValue('Europe/Berlin');
  for (const day of weekdays.slice(0, 4)) {
    await expect(hours.from(day)).toHaveValue('09:00');
    await expect(hours.until(day)).toHaveValue('17:00');
  }
  await expect(hours.until('Friday', 0)).toHaveValue('12:30');
  await expect(hours.from('Friday', 1)).toHaveValue('13:00');
  await expect(hours.until('Friday', 1)).toHaveValue('16:00');
  await expect(hours.day('Sunday')).toContainText('Closed');
  await expect(hours.holidayDate(1)).toHaveValue('2026-12-25');
  await expect(hours.holidayName(1)).toHaveValue('Christmas Day');
  await expect(hours.countFor('The first-response clock')).toBeChecked();
  await expect(hours.countFor('The promise warning')).not.toBeChecked();

  // The member sees the same, read-only: no field to change, no button to save.
  const read = new BusinessHoursPage(member.page);
  await read.goto();
  await expect(member.page.getByRole('note')).toHaveText('Only owners and admins change business hours.');
  await expect(read.timeZone).toHaveValue('Europe/Berlin');
  await expect(read.timeZone).toBeDisabled();
  await expect(read.from('Monday')).toBeDisabled();
  await expect(read.holidayName(1)).toHaveValue('Christmas Day');
  await expect(read.countFor('The first-response clock')).toBeDisabled();
  await expect(read.save).toHaveCount(0);
  await expect(read.form.getByRole('button', { name: /Add|Remove|Weekdays/ })).toHaveCount(0);
  await member.page.screenshot({ path: 'e2e/artifacts/business-hours-member.png', fullPage: true });
  // Nor can the member's browser change them by calling the API.
  const put = await member.context.request.put('/api/settings/business-hours', {
    data: {
      timeZone: 'UTC',
      week: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ start: '00:00', end: '24:00' }]])),
      holidays: [],
      countWorkingTime: { firstResponse: false, promiseAtRisk: false },
    },
    headers: { origin: new URL(member.page.url()).origin },
  });
  expect(put.status()).toBe(403);
  await owner.page.reload();
  await expect(hours.timeZone).toHaveValue('Europe/Berlin');
});

test('[issue 17.7] the business hours page: nothing serious for axe in either theme, and it fits a phone', async ({ team }) => {
  const page = team.a.page;
  const hours = new BusinessHoursPage(page);
  await hours.goto();
  await hours.form.getByRole('button', { name: 'Add holiday' }).click();
  expect(await seriousInBothThemes(page)).toEqual({});
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(hours.from('Monday')).toBeVisible();
  const widths = await page.evaluate(() => ({ content: document.documentElement.scrollWidth, screen: window.innerWidth }));
  expect(widths.content).toBeLessThanOrEqual(widths.screen);
  await page.screenshot({ path: 'e2e/artifacts/business-hours-phone.png', fullPage: true });
});
