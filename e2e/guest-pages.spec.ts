import { test, expect, makePerson } from './fixtures';
import { CaseListPage } from './pages/CaseListPage';
import { CasePage } from './pages/CasePage';
import { TeamPanel } from './pages/TeamPanel';
import { InviteAcceptPage } from './pages/InvitePages';

test('[issue 21.10] a guest is told the case on the invite, lands in it, and never gets a workspace page', async ({ team, browser, baseURL }) => {
  const member = team.b;
  const guest = makePerson('Gus');
  const list = new CaseListPage(member.page);
  await list.goto();
  const caseId = await list.createCase('Stark pilot');
  await new CasePage(member.page).waitUntilLive();
  const url = await new TeamPanel(member.page).inviteGuest(guest.email, 'Commenter');

  // The invite page says which case it is for.
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  const accept = new InviteAcceptPage(page);
  await accept.goto(url);
  await expect(page.getByTestId('invite-case-title')).toHaveText('Stark pilot');
  await page.screenshot({ path: 'e2e/artifacts/guest-pages-invite-names-case.png' });

  // Joining opens the case itself.
  await accept.accept({ name: guest.name, password: guest.password });
  await expect(page).toHaveURL(new RegExp(`/cases/${caseId}$`));
  const casePage = new CasePage(page);
  await expect(casePage.title).toHaveText('Stark pilot');

  // No workspace navigation for a guest.
  const nav = page.getByRole('navigation', { name: 'Main' });
  for (const name of ['Dashboard', 'Promises', 'Contacts', 'Accounts', 'Members', 'Routing', 'Audit log']) {
    await expect(nav.getByRole('link', { name })).toHaveCount(0);
  }
  await expect(nav.getByRole('button', { name: 'Workspace' })).toHaveCount(0);

  // Typed in by hand, workspace pages say they are not for guests: no server error, no buttons that fail.
  for (const path of ['/dashboard', '/contacts', '/accounts', '/expectations', '/settings/members', '/settings/routing', '/settings/audit']) {
    await page.goto(path);
    await expect(page.getByRole('heading', { name: 'Not available to guests', level: 1 })).toBeVisible();
    await expect(page.getByText(/No route/)).toHaveCount(0);
    await expect(page.getByRole('main').getByRole('button')).toHaveCount(0);
  }
  await page.screenshot({ path: 'e2e/artifacts/guest-pages-not-available.png' });
  await page.getByRole('link', { name: 'Go to your cases' }).click();
  await expect(page.getByRole('list', { name: 'Your cases' }).getByRole('link', { name: 'Stark pilot' })).toBeVisible();

  // Signing in again, a guest with one case goes straight to it.
  await page.getByRole('button', { name: `Account menu for ${guest.name}` }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto('/login');
  await page.getByLabel('Email').fill(guest.email);
  await page.getByLabel('Password').fill(guest.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(new RegExp(`/cases/${caseId}$`));
  await expect(casePage.title).toHaveText('Stark pilot');
  await context.close();
});
