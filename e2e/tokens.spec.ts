import { test, expect } from './fixtures';

test('[issue 14] your settings → API tokens: create one (shown once), it works as Bearer, the owner sees it and revokes it', async ({ team, baseURL }) => {
  const { a: owner, b: member } = team;
  await member.page.goto('/settings/account');
  const section = member.page.getByRole('region', { name: 'API tokens' });
  await expect(section.getByText('No tokens yet.')).toBeVisible();

  const form = section.getByRole('form', { name: 'Create an API token' });
  await form.getByRole('button', { name: 'Create token' }).click();
  await expect(section.getByRole('alert')).toHaveText('Give the token a name, e.g. what will use it');
  await form.getByLabel('Name').fill('CRM sync');
  await form.getByRole('button', { name: 'Create token' }).click();
  const shown = section.getByRole('region', { name: 'API token' });
  const token = await shown.getByLabel('API token').inputValue();
  expect(token).toMatch(/^chp_/);
  await shown.getByRole('button', { name: 'Done' }).click();
  await expect(shown).toBeHidden();
  await expect(section.getByRole('table', { name: 'API tokens' })).toContainText('CRM sync');
  await expect(section.getByRole('table', { name: 'API tokens' })).not.toContainText(token);

  const me = await member.page.request.get(`${baseURL}/api/me`, { headers: { authorization: `Bearer ${token}` } });
  expect(me.status()).toBe(200);

  // The owner sees everyone's tokens, with whose they are, and revokes this one.
  await owner.page.goto('/settings/account');
  const ownerSection = owner.page.getByRole('region', { name: 'API tokens' });
  const row = ownerSection.getByRole('row').filter({ hasText: 'CRM sync' });
  await expect(row).toContainText('Bob');
  await row.getByRole('button', { name: 'Revoke token CRM sync' }).click();
  await owner.page.getByRole('dialog', { name: 'Revoke this token?' }).getByRole('button', { name: 'Revoke' }).click();
  await expect(ownerSection.getByText('No tokens yet.')).toBeVisible();
  const after = await owner.page.request.get(`${baseURL}/api/me`, { headers: { authorization: `Bearer ${token}` } });
  expect(after.status()).toBe(401);
});
