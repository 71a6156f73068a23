import { test, expect, uniqueTag, createCase } from './fixtures';
import { ActivityPanel } from './pages/ActivityPanel';
import { TriagePage } from './pages/TriagePage';
import { sendSmtp } from './support/smtp';

/** The e2e server's built-in SMTP server listens here (playwright.config.ts). */
const smtpPort = Number(process.env.E2E_PORT ?? 4319) + 1000;

function htmlEmail(tag: string, to: string, subject: string): string {
  return [
    'From: Hank Prospect <hank@globex.example>',
    `To: ${to}`,
    `Subject: ${subject}`,
    `Date: ${new Date().toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${tag}@globex.example>`,
    'MIME-Version: 1.0',
    'Content-Type: text/html; charset=utf-8',
    '',
    `<p>We would like <b>40 seats</b> for the Globex rollout (${tag}).</p><script>alert(1)</script>`,
    '',
  ].join('\r\n');
}

test('[issue 21.6] mail to the workspace inbox shows in the navigation count and in triage; a member previews it and files it on a case, where it joins the stream', async ({
  team,
}) => {
  const { a, b } = team;
  const tag = uniqueTag();
  const caseTitle = `Globex rollout ${tag}`;
  const subject = `Seats for Globex ${tag}`;
  const caseId = await createCase(a, { title: caseTitle });

  // The address is on the Routing page, with a copy button.
  const page = b.page;
  await b.context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/settings/routing');
  const addressCode = page.getByTestId('inbox-address');
  await expect(addressCode).toHaveText(/^inbox-.+@/);
  const address = (await addressCode.textContent()) ?? '';
  await page.getByRole('button', { name: 'Copy the inbox address' }).click();
  await expect(page.getByRole('button', { name: 'Copy the inbox address' })).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(address);

  // Nothing waits yet: the empty state says where mail comes from.
  const triage = new TriagePage(page);
  await triage.goto();
  await expect(triage.empty).toHaveText(`Nothing in triage: mail to ${address} that matches no case lands here.`);
  await expect(triage.navLink).toHaveAccessibleName('Triage');
  await page.screenshot({ path: 'e2e/artifacts/triage-empty.png' });

  // A prospect writes to the inbox over SMTP; nothing places it.
  const answer = await sendSmtp(smtpPort, { from: 'hank@globex.example', to: address, raw: htmlEmail(tag, address, subject) });
  expect(answer).toMatch(/^250 .*Stored as/);

  // Coming back to the tab asks again: the count and the list show it.
  await page.evaluate(() => window.dispatchEvent(new Event('focus')));
  await expect(triage.navLink).toHaveAccessibleName('Triage, 1 waiting');
  await expect(page.getByTestId('triage-count')).toHaveText('1');
  const item = triage.item(subject);
  await expect(item).toContainText('Hank Prospect');
  await expect(item).toContainText('We would like 40 seats');

  // Keyboard: the selected message is the list's tab stop; the preview is the sanitized HTML in its frame.
  await item.getByRole('button').focus();
  await page.keyboard.press('Enter');
  await expect(triage.preview.getByRole('heading', { name: subject })).toBeVisible();
  await expect(triage.messageFrame(subject).getByText('40 seats')).toBeVisible();
  // The message's own script was sanitized away (the head holds only the frame's selection reporter).
  await expect(triage.messageFrame(subject).locator('body script')).toHaveCount(0);
  await page.screenshot({ path: 'e2e/artifacts/triage-preview.png' });

  // The owner was told.
  await a.page.goto('/cases');
  await expect(a.page.getByRole('button', { name: /Notifications, \d+ unread/ })).toBeVisible();
  await a.page.getByRole('button', { name: /Notifications/ }).click();
  await a.page.getByRole('button', { name: new RegExp(`New mail in triage: "${subject}"`) }).click();
  await expect(a.page).toHaveURL(/\/triage$/);

  // Filed on the case: gone from triage and from the count, and in the case's stream.
  await triage.fileOn(caseTitle);
  await expect(page.getByRole('status').filter({ hasText: `Filed on ${caseTitle}.` })).toBeVisible();
  await expect(triage.empty).toBeVisible();
  await expect(triage.navLink).toHaveAccessibleName('Triage');
  await page.getByRole('link', { name: 'Open the case' }).click();
  await expect(page).toHaveURL(new RegExp(`/cases/${caseId}`));
  const stream = new ActivityPanel(page);
  await expect(stream.entry(`${subject} — Hank Prospect`)).toBeVisible();
  await expect(stream.entry(`${subject} — Hank Prospect`)).toContainText('Filed from triage by Bob Tester');
  await page.screenshot({ path: 'e2e/artifacts/triage-filed.png' });
});

test('[issue 21.6] keyboard through triage: arrows pick a message, spam is undone, a new case is made from one', async ({ team, baseURL }) => {
  const { b } = team;
  const tag = uniqueTag();
  const page = b.page;
  const send = async (n: number) => {
    const raw = [
      `From: Pat ${n} <pat${n}@initech.example>`,
      'To: inbox@acme.example',
      `Subject: Re: Question ${n} ${tag}`,
      `Message-ID: <q${n}-${tag}@initech.example>`,
      '',
      `Question number ${n}.`,
      '',
    ].join('\r\n');
    const res = await page.request.post('/api/triage/emails', { data: raw, headers: { origin: baseURL ?? '', 'content-type': 'message/rfc822' } });
    expect(res.status()).toBe(201);
  };
  await send(1);
  await send(2);
  const triage = new TriagePage(page);
  await triage.goto();
  await expect(triage.navLink).toHaveAccessibleName('Triage, 2 waiting');
  // Newest first; the first is selected and is the list's tab stop.
  await expect(triage.list.getByRole('listitem').first()).toContainText(`Question 2 ${tag}`);
  await triage.list.getByRole('button', { name: new RegExp(`Question 2 ${tag}`) }).focus();
  await page.keyboard.press('ArrowDown');
  await expect(triage.list.getByRole('button', { name: new RegExp(`Question 1 ${tag}`) })).toBeFocused();
  await expect(triage.preview.getByRole('heading', { name: `Re: Question 1 ${tag}` })).toBeVisible();

  // Spam, then Undo: it comes back.
  await triage.preview.getByRole('button', { name: 'Mark as spam' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'marked as spam' })).toBeVisible();
  await expect(triage.item(`Question 1 ${tag}`)).toHaveCount(0);
  await expect(triage.navLink).toHaveAccessibleName('Triage, 1 waiting');
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(triage.item(`Question 1 ${tag}`)).toBeVisible();
  await expect(triage.navLink).toHaveAccessibleName('Triage, 2 waiting');

  // A new case from the selected message: the title is its subject without "Re:".
  await triage.item(`Question 1 ${tag}`).getByRole('button').click();
  await triage.preview.getByRole('button', { name: 'New case from it…' }).click();
  const dialog = page.getByRole('dialog', { name: 'New case from this message' });
  await expect(dialog.getByLabel('Title')).toHaveValue(`Question 1 ${tag}`);
  await dialog.getByLabel('Title').press('Enter');
  await expect(page.getByRole('status').filter({ hasText: `Filed on Question 1 ${tag}.` })).toBeVisible();
  // Focus moves on to the message left, for the next decision.
  await expect(triage.list.getByRole('button', { name: new RegExp(`Question 2 ${tag}`) })).toBeFocused();
  await expect(triage.navLink).toHaveAccessibleName('Triage, 1 waiting');
  await page.screenshot({ path: 'e2e/artifacts/triage-keyboard.png' });
  await page.getByRole('link', { name: 'Open the case' }).click();
  await expect(page.getByRole('heading', { name: `Question 1 ${tag}` })).toBeVisible();
  await expect(new ActivityPanel(page).entry(`Re: Question 1 ${tag} — Pat 1`)).toBeVisible();
});

test('[issue 21.6] a guest never sees Triage: not in the navigation, and the page is not theirs', async ({ team, browser, baseURL }) => {
  const { a } = team;
  const origin = { origin: baseURL ?? '' };
  const caseId = await createCase(a, { title: `Guest case ${uniqueTag()}` });
  const invite = await a.context.request.post('/api/invites', {
    data: { email: `guest-${uniqueTag()}@example.test`, role: 'guest', caseId, access: 'editor' },
    headers: origin,
  });
  const token = ((await invite.json()) as { token: string }).token;
  const guest = await browser.newContext({ baseURL });
  const accepted = await guest.request.post(`/api/invites/${token}/accept`, {
    data: { name: 'Gus Guest', password: 'a long guest password' },
    headers: origin,
  });
  expect(accepted.status()).toBe(200);
  const page = await guest.newPage();
  await page.goto('/cases');
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /Triage/ })).toHaveCount(0);
  expect((await guest.request.get('/api/triage/count')).status()).toBe(404);
  await page.goto('/triage');
  await expect(page.getByRole('heading', { name: 'Not available to guests' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Triage', level: 1 })).toHaveCount(0);
  await guest.close();
});
