import { startDovecot, dovecotAvailable, type Dovecot } from '../apps/server/test/dovecot';
import { testSmtp } from '../apps/server/test/smtp';
import { test, expect, uniqueTag, createCase, uploadTextFile } from './fixtures';
import { ActivityPanel } from './pages/ActivityPanel';
import { CasePage } from './pages/CasePage';

const imapPassword = 'e2e-imap-secret';
const smtpUser = 'e2e-smtp';
const smtpPassword = 'e2e-smtp-secret';
let dovecot: Dovecot;
let smtp: Awaited<ReturnType<typeof testSmtp>>;

// .ci/run installs Debian's Dovecot; a machine without it says so instead of failing.
test.skip(!dovecotAvailable, 'Dovecot (dovecot-imapd) is not installed');
test.beforeAll(async () => {
  dovecot = await startDovecot({ 'e2e-support': imapPassword });
  smtp = await testSmtp(0, { auth: { user: smtpUser, password: smtpPassword } });
});
test.afterAll(async () => {
  await dovecot?.stop();
  await smtp?.close();
});

test('[issue 13] connect a mailbox in settings and watch it go idle; mail appended to it appears in the case live; a new email with a Cc and a file goes out through it', async ({
  team,
}) => {
  const { a } = team;
  const tag = uniqueTag();
  const address = `support-${tag}@us.example`;

  await a.page.goto('/settings/mailboxes');
  const form = a.page.getByRole('form', { name: 'Connect a mailbox' });
  await form.getByLabel('Name', { exact: true }).fill('Support');
  await form.getByLabel('Email address').fill(address);
  const imap = form.getByRole('group', { name: 'Incoming mail (IMAP)' });
  await imap.getByLabel('Server', { exact: true }).fill('127.0.0.1');
  await imap.getByLabel('Port', { exact: true }).fill(String(dovecot.port));
  await imap.getByLabel(/TLS from the start/).uncheck();
  await imap.getByLabel('User name').fill('e2e-support');
  await imap.getByLabel('Password or app password').fill(imapPassword);
  const out = form.getByRole('group', { name: 'Outgoing mail (SMTP)' });
  await out.getByLabel('Server', { exact: true }).fill('127.0.0.1');
  await out.getByLabel('Port', { exact: true }).fill(String(smtp.port));
  await out.getByLabel(/TLS from the start/).uncheck();
  await out.getByLabel('User name').fill(smtpUser);
  await out.getByLabel('Password or app password').fill(smtpPassword);
  await form.getByRole('button', { name: 'Test connection' }).click();
  await expect(form.getByRole('status')).toContainText('Connection works.');
  await form.getByRole('button', { name: 'Connect mailbox' }).click();
  const listed = a.page.getByRole('region', { name: 'Connected mailboxes' }).getByRole('listitem').filter({ hasText: address });
  await expect(listed).toContainText('Up to date, listening for new mail', { timeout: 20_000 });

  // Mail to the case address arriving in the mailbox shows in the case, live, without a reload.
  const caseId = await createCase(a, { title: `Umbrella rollout ${tag}`, kind: 'support' });
  const caseAddress = ((await (await a.context.request.get(`/api/cases/${caseId}/address`)).json()) as { address: string }).address;
  await uploadTextFile(a, caseId, `Runbook ${tag}.txt`, 'step 1, step 2');
  await new CasePage(a.page).goto(caseId);
  const stream = new ActivityPanel(a.page);
  await dovecot.append(
    'e2e-support',
    imapPassword,
    'INBOX',
    [
      'From: Ursula <ursula@umbrella.example>',
      `To: ${address}`,
      `Cc: ${caseAddress}`,
      `Subject: Rollout window ${tag}`,
      `Message-ID: <rollout-${tag}@umbrella.example>`,
      `Date: ${new Date().toUTCString()}`,
      '',
      'Can we roll out on Thursday?',
      '',
    ].join('\r\n'),
  );
  await expect(stream.entry(`Rollout window ${tag}`)).toHaveCount(1, { timeout: 20_000 });

  // A new email through the mailbox: From its address, a Cc, the runbook attached.
  await a.page.getByRole('toolbar', { name: 'Add to the stream' }).getByRole('button', { name: 'New email' }).click();
  const dialog = a.page.getByRole('dialog', { name: 'New email' });
  await dialog.getByLabel('From', { exact: true }).selectOption({ label: `Support <${address}>` });
  await dialog.getByLabel('To', { exact: true }).fill('Ursula <ursula@umbrella.example>');
  await dialog.getByRole('button', { name: 'Add Cc or Bcc' }).click();
  await dialog.getByLabel('Cc', { exact: true }).fill('ops@umbrella.example');
  await dialog.getByLabel('Subject').fill(`Thursday it is ${tag}`);
  await dialog.getByRole('textbox', { name: 'Message' }).fill('Thursday works; the runbook is attached.');
  await dialog.getByRole('checkbox', { name: `Runbook ${tag}.txt` }).check();
  await dialog.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(dialog).toBeHidden();
  const sent = stream.entry(`Thursday it is ${tag}`);
  await expect(sent).toHaveCount(1);
  await expect.poll(() => smtp.received.filter((m) => m.raw.toString('latin1').includes(`Thursday it is ${tag}`)).length, { timeout: 20_000 }).toBe(1);
  const got = smtp.received.find((m) => m.raw.toString('latin1').includes(`Thursday it is ${tag}`));
  expect(got?.user).toBe(smtpUser);
  expect(got?.from).toBe(address);
  expect(got?.to.sort()).toEqual(['ops@umbrella.example', 'ursula@umbrella.example']);
  expect(got?.raw.toString('latin1')).toContain(`filename="Runbook ${tag}.txt"`);
  await expect(sent).not.toContainText('Not sent');
});
