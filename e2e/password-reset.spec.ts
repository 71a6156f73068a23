import { test, expect } from './fixtures';

test('[issue 14.1] forgot password without outbound mail: the page says so; an owner makes a reset link on Members; it sets a new password and signs the member out', async ({
  team,
  browser,
  baseURL,
}) => {
  const { a: owner, b: member } = team;

  // Signed out, the sign-in page leads to "Forgot password?".
  const stranger = await browser.newContext({ baseURL });
  const page = await stranger.newPage();
  await page.goto('/login');
  await page.getByRole('link', { name: 'Forgot password?' }).click();
  await expect(page.getByRole('heading', { name: 'Reset your password' })).toBeVisible();
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(page.getByText('must be an email address')).toBeVisible();
  await page.getByLabel('Email').fill(member.person.email);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  // The e2e server has no SMTP_URL.
  await expect(page.getByRole('status')).toContainText('This server sends no email');
  await expect(page.getByRole('status')).toContainText('Members');

  // The owner makes a link for the member.
  await owner.page.goto('/settings/members');
  await owner.page.getByRole('button', { name: `Password reset link for ${member.person.name}` }).click();
  await owner.page.getByRole('dialog').getByRole('button', { name: 'Make link' }).click();
  const shown = owner.page.getByRole('region', { name: 'Reset link' });
  const url = await shown.getByLabel('Reset link').inputValue();
  expect(url).toMatch(/\/reset-password\/rst_/);
  await shown.getByRole('button', { name: 'Done' }).click();

  // The member opens it (signed out of nothing yet) and sets a new password.
  await page.goto(new URL(url).pathname);
  await expect(page.getByRole('heading', { name: 'Set a new password' })).toBeVisible();
  await page.getByLabel('New password', { exact: true }).fill('a whole new passphrase');
  await page.getByLabel('Repeat the new password').fill('a different passphrase');
  await page.getByRole('button', { name: 'Set password' }).click();
  await expect(page.getByText('The two passwords differ')).toBeVisible();
  await page.getByLabel('Repeat the new password').fill('a whole new passphrase');
  await page.getByRole('button', { name: 'Set password' }).click();
  await expect(page.getByRole('status')).toContainText('Your password is set');

  // Their open session ended; the new password signs them in.
  const me = await member.page.request.get('/api/me');
  expect(me.status()).toBe(401);
  await page.getByRole('link', { name: 'Sign in' }).click();
  await page.getByLabel('Email').fill(member.person.email);
  await page.getByLabel('Password').fill('a whole new passphrase');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).not.toHaveURL(/\/login/);

  // The link worked once.
  await page.goto(new URL(url).pathname);
  await page.getByLabel('New password', { exact: true }).fill('one more passphrase');
  await page.getByLabel('Repeat the new password').fill('one more passphrase');
  await page.getByRole('button', { name: 'Set password' }).click();
  await expect(page.getByRole('alert')).toContainText('used already');
  await expect(page.getByRole('link', { name: 'Ask for a new link' })).toBeVisible();
  await stranger.close();
});
