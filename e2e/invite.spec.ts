import { test, expect } from './fixtures';
import { makePerson, uniqueTag } from './fixtures';
import { SignupPage } from './pages/SignupPage';
import { CaseListPage } from './pages/CaseListPage';
import { InviteAcceptPage, InviteDialog } from './pages/InvitePages';

test('an owner invites a colleague, who joins the workspace through the link', async ({ page, browser, baseURL }) => {
  const tag = uniqueTag();
  const owner = makePerson('Dana', tag);
  const colleague = makePerson('Erin', tag);
  const workspaceName = `Vandelay ${tag}`;

  const signup = new SignupPage(page);
  await signup.goto();
  await signup.signUp({ ...owner, workspaceName });
  const list = new CaseListPage(page);
  await expect(list.heading).toBeVisible();
  await list.createCase('Latex import deal');

  const inviteDialog = new InviteDialog(page);
  await inviteDialog.open();
  const url = await inviteDialog.invite(colleague.email);
  expect(url).toMatch(/^http:\/\/localhost:\d+\/invite\//);
  await page.screenshot({ path: 'e2e/artifacts/invite-dialog.png' });
  await page.keyboard.press('Escape');
  await expect(inviteDialog.dialog).toHaveCount(0);

  const context = await browser.newContext({ baseURL });
  const guestPage = await context.newPage();
  const accept = new InviteAcceptPage(guestPage);
  await accept.goto(url);
  await expect(guestPage.getByRole('heading', { name: `Join ${workspaceName}` })).toBeVisible();
  await expect(guestPage.getByText(colleague.email)).toBeVisible();
  await guestPage.screenshot({ path: 'e2e/artifacts/invite-accept.png' });

  await accept.accept({ name: colleague.name, password: colleague.password });
  const colleagueList = new CaseListPage(guestPage);
  await expect(colleagueList.heading).toBeVisible();
  await expect(guestPage.getByTestId('workspace-name')).toHaveText(workspaceName);
  await expect(colleagueList.row('Latex import deal')).toBeVisible();

  // The link works once.
  const again = await context.newPage();
  await again.goto(url);
  await expect(again.getByRole('heading', { name: 'This invite is no longer valid' })).toBeVisible();

  // Sign out from the user menu, then back in with the new password.
  await guestPage.getByRole('button', { name: `Account menu for ${colleague.name}` }).click();
  await guestPage.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(guestPage).toHaveURL(/\/login/);
  await guestPage.getByLabel('Email').fill(colleague.email);
  await guestPage.getByLabel('Password').fill(colleague.password);
  await guestPage.getByRole('button', { name: 'Sign in' }).click();
  await expect(colleagueList.row('Latex import deal')).toBeVisible();
  await context.close();
});

test('an unknown invite link says it is not valid', async ({ page }) => {
  await page.goto('/invite/not-a-real-token');
  await expect(page.getByRole('heading', { name: 'This invite is no longer valid' })).toBeVisible();
});
