import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, spawnServer, waitHealthy } from '../apps/server/test/process.js';
import { testSmtp } from '../apps/server/test/smtp.js';
import { test, expect, makePerson } from './fixtures';

/** The reset link in a mail's source (quoted-printable soft breaks and `=3D` undone). */
function linkIn(raw: string): string | null {
  const text = raw.replace(/=\r?\n/g, '').replace(/=3D/gi, '=');
  return /https?:\/\/\S+?\/reset-password\/[\w-]+/.exec(text)?.[0] ?? null;
}

/**
 * The e2e server sends no mail (other specs rely on that), so this one starts
 * a second server of its own whose SMTP_URL is a local sink, and reads the
 * link from the mail the sink caught.
 */
test('[issue 14.1] forgot password → the mail → a new password → signed in', async ({ browser }) => {
  const sink = await testSmtp();
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'casehub-e2e-reset-'));
  const origin = `http://localhost:${port}`;
  const server = spawnServer({
    PORT: String(port),
    PUBLIC_URL: origin,
    DATA_DIR: dataDir,
    SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
    MAIL_DOMAIN: 'reset.test',
  });
  try {
    await waitHealthy(`http://127.0.0.1:${port}`);
    const person = makePerson('Rhea');
    const context = await browser.newContext({ baseURL: origin });
    const signup = await context.request.post('/api/auth/signup', { data: { ...person, workspaceName: 'Mail Co' }, headers: { origin } });
    expect(signup.ok()).toBe(true);
    await context.clearCookies();

    const page = await context.newPage();
    await page.goto('/login');
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.getByLabel('Email').fill(person.email);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await expect(page.getByRole('status')).toContainText(`If ${person.email} has an account, a link to set a new password is on its way`);

    await expect.poll(() => sink.received.some((m) => m.to.includes(person.email)), { timeout: 15_000 }).toBe(true);
    const mail = sink.received.find((m) => m.to.includes(person.email));
    const link = linkIn(mail?.raw.toString('utf8') ?? '');
    expect(link, 'a reset link in the mail').not.toBeNull();
    await page.goto(new URL(link ?? '').pathname);
    await page.getByLabel('New password', { exact: true }).fill('a passphrase from the mail');
    await page.getByLabel('Repeat the new password').fill('a passphrase from the mail');
    await page.getByRole('button', { name: 'Set password' }).click();
    await expect(page.getByRole('status')).toContainText('Your password is set');

    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.getByLabel('Email').fill(person.email);
    await page.getByLabel('Password').fill('a passphrase from the mail');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('workspace-name')).toHaveText('Mail Co');
    await context.close();
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
    await sink.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
