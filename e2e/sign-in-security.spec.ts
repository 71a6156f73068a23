import { generate } from 'otplib';
import { test, expect, makePerson, uniqueTag } from './fixtures';

/** The code an authenticator app shows `steps` periods of 30 s from now. */
const codeAt = (secret: string, steps = 0): Promise<string> => generate({ secret, epoch: Math.floor(Date.now() / 1000) + steps * 30 });

test('[issue 14.2] enrol two-factor sign-in in Your settings, keep the recovery codes, then sign in with a code', async ({ browser, baseURL }) => {
  const person = makePerson('Tess');
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  const signup = await context.request.post('/api/auth/signup', { data: { ...person, workspaceName: 'Secure Co' }, headers: { origin: baseURL ?? '' } });
  expect(signup.ok()).toBe(true);

  await page.goto('/settings/account');
  const section = page.getByRole('region', { name: 'Two-factor sign-in' });
  await expect(section).toContainText('Off.');
  await section.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
  await expect(section.getByRole('img', { name: 'QR code to scan with your authenticator app' })).toBeVisible();
  await section.getByRole('button', { name: 'Can’t scan it? Show the secret key' }).click();
  const secret = await section.getByLabel(/Secret key/).inputValue();
  await section.getByLabel('Code from the app').fill('123');
  await section.getByRole('button', { name: 'Turn on' }).click();
  await expect(section.getByRole('alert')).toHaveText('Type the 6 digits your authenticator app shows.');
  await section.getByLabel('Code from the app').fill(await codeAt(secret));
  await section.getByRole('button', { name: 'Turn on' }).click();
  const codes = page.getByRole('list', { name: 'Your recovery codes' }).getByRole('listitem');
  await expect(codes).toHaveCount(10);
  await page.getByRole('region', { name: 'Recovery codes' }).getByRole('button', { name: 'Done' }).click();
  await expect(section).toContainText('On. 10 of 10 recovery codes left.');

  // Another browser: the password, then the code.
  const other = await browser.newContext({ baseURL });
  const signIn = await other.newPage();
  await signIn.goto('/login');
  await signIn.getByLabel('Email').fill(person.email);
  await signIn.getByLabel('Password').fill(person.password);
  await signIn.getByRole('button', { name: 'Sign in' }).click();
  await expect(signIn.getByRole('heading', { name: 'Two-factor sign-in' })).toBeVisible();
  await signIn.getByLabel('Code').fill('000000');
  await signIn.getByRole('button', { name: 'Sign in' }).click();
  await expect(signIn.getByRole('alert')).toContainText('That code is not right');
  await signIn.getByLabel('Code').fill(await codeAt(secret, 1));
  await signIn.getByRole('button', { name: 'Sign in' }).click();
  await expect(signIn.getByTestId('workspace-name')).toHaveText('Secure Co');

  // Both sessions are listed; the first signs the other out.
  await page.reload();
  const sessions = page.getByRole('table', { name: 'Your sessions' });
  await expect(sessions.getByRole('row')).toHaveCount(3);
  await page.getByRole('button', { name: 'Sign out everywhere else' }).click();
  await expect(sessions.getByRole('row')).toHaveCount(2);
  expect((await signIn.request.get('/api/me')).status()).toBe(401);
  await context.close();
  await other.close();
});

test('[issue 14.3] an owner admits a domain in Settings → Security; a newcomer signs in with the identity provider and joins', async ({
  team,
  browser,
  baseURL,
}) => {
  const owner = team.a.page;
  const domain = `sso-${uniqueTag()}.test`;
  await owner.goto('/settings/security');
  await expect(owner.getByRole('heading', { name: 'Sign-in security' })).toBeVisible();
  await expect(owner.getByText('This server signs people in with Test IdP.')).toBeVisible();
  await owner.getByLabel('Email domains that may join by single sign-on').fill(`not a domain`);
  await owner.getByRole('button', { name: 'Save' }).click();
  await expect(owner.getByRole('alert')).toContainText('must be a domain name');
  await owner.getByLabel('Email domains that may join by single sign-on').fill(domain);
  await owner.getByRole('button', { name: 'Save' }).click();
  await expect(owner.getByText('Saved.', { exact: true })).toBeVisible();

  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByRole('link', { name: 'Sign in with Test IdP' }).click();
  // The identity provider's own page.
  await expect(page.getByRole('heading', { name: 'Test IdP' })).toBeVisible();
  await page.getByLabel('Work email').fill(`newcomer@${domain}`);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByTestId('workspace-name')).toHaveText(team.workspaceName);

  // Someone the provider vouches for but no workspace admits: back on the sign-in page, told why.
  const stranger = await browser.newContext({ baseURL });
  const strangerPage = await stranger.newPage();
  await strangerPage.goto('/login');
  await strangerPage.getByRole('link', { name: 'Sign in with Test IdP' }).click();
  await strangerPage.getByLabel('Work email').fill(`someone@elsewhere-${uniqueTag()}.test`);
  await strangerPage.getByRole('button', { name: 'Continue' }).click();
  await expect(strangerPage.getByRole('alert')).toContainText('No workspace on this server admits');
  await context.close();
  await stranger.close();
});
