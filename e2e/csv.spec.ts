import { test, expect } from './fixtures';

test('[issue 16.2] contacts from a CSV file: the guessed mapping, a dry run that names a bad row, the import with progress, then Export CSV', async ({
  team,
}) => {
  const page = team.a.page;
  await page.goto('/contacts');
  await page.getByRole('button', { name: 'Import CSV' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import contacts from a CSV file' });
  const csv =
    '\ufeffFull name;Email;Job title\r\nAda Lovelace;ada@engine.test;"Analyst;\r\nfirst programmer"\r\nNo Address;not-an-address;\r\nCharles Babbage;charles@engine.test;Inventor\r\n';
  await dialog.getByLabel('CSV file').setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(dialog).toContainText('3 rows');
  await expect(dialog.getByLabel('Column for Name')).toHaveValue('Full name');
  await expect(dialog.getByLabel('Column for Job title')).toHaveValue('Job title');
  await dialog.getByRole('button', { name: 'Check (dry run)' }).click();
  const dry = dialog.getByRole('region', { name: 'Dry run' });
  await expect(dry).toContainText('Would create 2, update 0, refuse 1.');
  await expect(dry.getByRole('table', { name: 'Refused rows' })).toContainText('email: must be an email address (not-an-address)');
  await dialog.getByRole('button', { name: 'Import 2 rows' }).click();
  await expect(dialog.getByRole('status')).toContainText('Imported: 2 created, 0 updated, 1 refused.');
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByRole('table', { name: 'Contacts' })).toContainText('Ada Lovelace');
  await expect(page.getByRole('table', { name: 'Contacts' })).toContainText('Charles Babbage');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export CSV' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^contacts-\d{4}-\d{2}-\d{2}\.csv$/);
});
