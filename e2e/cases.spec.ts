import { test, expect } from './fixtures';
import { makePerson } from './fixtures';
import { SignInPage, SignupPage } from './pages/SignupPage';
import { CaseListPage } from './pages/CaseListPage';
import { CasePage } from './pages/CasePage';

test('sign up, create cases, then search and filter the list', async ({ page }) => {
  const me = makePerson('Carol');
  const signup = new SignupPage(page);
  await signup.goto();
  await signup.signUp({ ...me, workspaceName: 'Initech' });

  const list = new CaseListPage(page);
  await expect(list.heading).toBeVisible();
  await expect(page.getByTestId('workspace-name')).toHaveText('Initech');
  await expect(page.getByRole('heading', { name: 'No cases yet' })).toBeVisible();

  const casePage = new CasePage(page);
  await list.createCase('Umbrella expansion', 'deal');
  await casePage.waitUntilLive();
  await expect(casePage.title).toHaveText('Umbrella expansion');

  await list.goto();
  await list.createCase('Printer keeps jamming', 'support');
  await casePage.waitUntilLive();

  await list.goto();
  await list.createCase('Umbrella support contract', 'deal');
  await casePage.waitUntilLive();

  await list.goto();
  await expect(list.titles()).toHaveCount(3);
  await expect(list.row('Umbrella expansion')).toContainText('Deal');
  await expect(list.row('Printer keeps jamming')).toContainText('Support');

  // Title search filters (debounced) and lands in the URL.
  await list.search.fill('umbrella');
  await expect(list.titles()).toHaveCount(2);
  await expect(list.row('Printer keeps jamming')).toHaveCount(0);
  await expect(page).toHaveURL(/[?&]q=umbrella/);

  await list.search.fill('');
  await expect(list.titles()).toHaveCount(3);

  // Kind filter.
  await list.kindFilter.selectOption('support');
  await expect(list.titles()).toHaveCount(1);
  await expect(list.titles()).toHaveText(['Printer keeps jamming']);
  await expect(page).toHaveURL(/[?&]kind=support/);

  // Filters survive a reload (they live in the URL).
  await page.reload();
  await expect(list.kindFilter).toHaveValue('support');
  await expect(list.titles()).toHaveText(['Printer keeps jamming']);

  // Search and kind together; then sort by title both ways.
  await list.kindFilter.selectOption('deal');
  await expect(list.titles()).toHaveCount(2);
  await list.table.getByRole('button', { name: 'Title' }).click();
  await expect(list.titles()).toHaveText(['Umbrella expansion', 'Umbrella support contract']);
  await list.table.getByRole('button', { name: 'Title' }).click();
  await expect(list.titles()).toHaveText(['Umbrella support contract', 'Umbrella expansion']);

  // '/' focuses the search box.
  await page.locator('body').click();
  await page.keyboard.press('/');
  await expect(list.search).toBeFocused();

  await page.screenshot({ path: 'e2e/artifacts/case-list.png', fullPage: true });
});

test('signed-out visitors are sent to sign in; wrong passwords, then too many, say so', async ({ page }) => {
  await page.goto('/cases');
  await expect(page).toHaveURL(/\/login\?next=%2Fcases/);
  const signIn = new SignInPage(page);
  const alert = page.getByRole('alert');
  await signIn.signIn(makePerson('Nobody').email, 'not the password');
  await expect(alert).toHaveText('Wrong email or password.');

  // The server allows a few failures per account per minute, then answers 429.
  for (let attempt = 0; attempt < 5; attempt++) {
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/auth/login'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await answered;
  }
  await expect(alert).toHaveText('Too many attempts, wait a minute and try again.');
});
