import { test, expect } from './fixtures';
import { makePerson } from './fixtures';
import { SignupPage } from './pages/SignupPage';
import { CaseListPage } from './pages/CaseListPage';
import { CasePage } from './pages/CasePage';

test('merge two cases: the duplicate goes into the other, redirects to it, and the merge can be undone (issue 17.5)', async ({ page }) => {
  const signup = new SignupPage(page);
  await signup.goto();
  await signup.signUp({ ...makePerson('Mira'), workspaceName: 'Merge Co' });
  const list = new CaseListPage(page);
  const casePage = new CasePage(page);

  await list.createCase('Acme renewal', 'deal');
  await casePage.waitUntilLive();
  await list.goto();
  await list.createCase('Acme renewal duplicate', 'deal');
  await casePage.waitUntilLive();
  const dupUrl = page.url();

  await page.getByRole('button', { name: 'Merge into…' }).click();
  await page.getByRole('combobox', { name: 'Merge into', exact: true }).selectOption({ label: 'Acme renewal' });
  await page.getByRole('button', { name: 'Merge', exact: true }).click();

  // The surviving case opens, and offers to undo.
  await expect(casePage.title).toHaveText('Acme renewal');
  await expect(page.getByRole('button', { name: 'Undo merge of “Acme renewal duplicate”' })).toBeVisible();
  await expect(page.getByText('merged "Acme renewal duplicate" into this case')).toBeVisible();

  // The duplicate's address now leads to the surviving case; the list shows one case.
  await page.goto(dupUrl);
  await expect(casePage.title).toHaveText('Acme renewal');
  await list.goto();
  await expect(list.titles()).toHaveCount(1);

  // Undo brings the duplicate back.
  await list.row('Acme renewal').getByRole('link').first().click();
  await page.getByRole('button', { name: 'Undo merge of “Acme renewal duplicate”' }).click();
  await expect(page.getByRole('button', { name: /Undo merge/ })).toHaveCount(0);
  await list.goto();
  await expect(list.titles()).toHaveCount(2);
});
