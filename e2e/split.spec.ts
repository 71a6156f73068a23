import type { BrowserContext } from '@playwright/test';
import { test, expect, uniqueTag, createCase, appOrigin } from './fixtures';
import { ActivityPanel } from './pages/ActivityPanel';
import { CasePage } from './pages/CasePage';
import { CaseListPage } from './pages/CaseListPage';
import { seriousViolations } from './support/axe';

async function addNote(who: { context: BrowserContext }, caseId: string, text: string): Promise<void> {
  const res = await who.context.request.post(`/api/cases/${caseId}/notes`, { data: { text }, headers: { origin: appOrigin() } });
  expect(res.status(), `POST notes answered ${res.status()}: ${await res.text()}`).toBe(201);
}

async function addEmail(
  who: { context: BrowserContext },
  caseId: string,
  mail: { subject: string; id: string; inReplyTo?: string; body: string },
): Promise<{ threadId: string }> {
  const raw = [
    'From: Pat Customer <pat@initech.example>',
    'To: support@acme.example',
    `Subject: ${mail.subject}`,
    `Message-ID: ${mail.id}`,
    ...(mail.inReplyTo ? [`In-Reply-To: ${mail.inReplyTo}`, `References: ${mail.inReplyTo}`] : []),
    '',
    mail.body,
    '',
  ].join('\r\n');
  const res = await who.context.request.post(`/api/cases/${caseId}/emails`, {
    data: raw,
    headers: { origin: appOrigin(), 'content-type': 'message/rfc822' },
  });
  expect(res.status(), `POST emails answered ${res.status()}: ${await res.text()}`).toBe(201);
  return (await res.json()) as { threadId: string };
}

test('[issue 17.5] split chosen entries into a new case from the stream: they show there, leave this case (for a second person too), and the dialog passes axe', async ({
  team,
}) => {
  const { a, b } = team;
  const tag = uniqueTag();
  const caseId = await createCase(a, { title: `Globex rollout ${tag}`, kind: 'support' });
  await addNote(a, caseId, `Rollout timeline ${tag}`);
  await addNote(a, caseId, `Billing dispute raised ${tag}`);
  await addNote(a, caseId, `Billing refund agreed ${tag}`);

  const casePage = new CasePage(a.page);
  const stream = new ActivityPanel(a.page);
  await casePage.goto(caseId);
  const streamB = new ActivityPanel(b.page);
  await new CasePage(b.page).goto(caseId);
  await expect(streamB.entry(`Billing refund agreed ${tag}`)).toBeVisible();

  // "Split…" turns on the checkboxes; focus goes to the first one.
  await stream.panel.getByRole('button', { name: 'Split…' }).click();
  const bar = stream.panel.getByRole('toolbar', { name: 'Split entries into a new case' });
  await expect(bar.getByRole('status')).toHaveText('Tick the entries to move');
  await expect(bar.getByRole('button', { name: 'Split into a new case…' })).toBeDisabled();
  await expect(stream.feed.getByRole('checkbox').first()).toBeFocused();
  // From the keyboard: Space ticks the focused box.
  await stream.entry(`Billing refund agreed ${tag}`).getByRole('checkbox').focus();
  await a.page.keyboard.press('Space');
  await stream
    .entry(`Billing dispute raised ${tag}`)
    .getByRole('checkbox', { name: `Select “Billing dispute raised ${tag}”` })
    .check();
  await expect(bar.getByRole('status')).toHaveText('2 selected');
  // Escape leaves the selection (focus back on Split…); the ticks are gone when it comes back.
  await a.page.keyboard.press('Escape');
  await expect(bar).toHaveCount(0);
  await expect(stream.panel.getByRole('button', { name: 'Split…' })).toBeFocused();
  await a.page.keyboard.press('Enter');
  await expect(bar.getByRole('status')).toHaveText('Tick the entries to move');
  await stream.entry(`Billing refund agreed ${tag}`).getByRole('checkbox').check();
  await stream.entry(`Billing dispute raised ${tag}`).getByRole('checkbox').check();
  await expect(bar.getByRole('status')).toHaveText('2 selected');
  expect(await seriousViolations(a.page)).toEqual([]);
  await bar.getByRole('button', { name: 'Split into a new case…' }).click();

  // The dialog names the new case after the oldest entry chosen.
  const dialog = a.page.getByRole('dialog', { name: 'Split into a new case' });
  const title = dialog.getByLabel('Title of the new case');
  await expect(title).toHaveValue(`Billing dispute raised ${tag}`);
  await expect(title).toBeFocused();
  expect(await seriousViolations(a.page)).toEqual([]);
  // An empty title is refused before anything is sent.
  await title.fill('');
  await dialog.getByRole('button', { name: 'Split into new case' }).click();
  await expect(dialog.getByText('Give the new case a title.')).toBeVisible();
  await title.fill(`Globex billing ${tag}`);
  await dialog.getByRole('button', { name: 'Split into new case' }).click();

  const done = a.page.getByRole('dialog', { name: 'Split done' });
  await expect(done.getByRole('status')).toHaveText(`Moved 2 entries to the new case “Globex billing ${tag}”.`);
  const open = done.getByRole('link', { name: `Open “Globex billing ${tag}”` });
  await expect(open).toBeFocused();
  // The entries left this case, here and in the other person's browser; the rest stays.
  await expect(stream.entry(`Billing dispute raised ${tag}`)).toHaveCount(0);
  await expect(streamB.entry(`Billing refund agreed ${tag}`)).toHaveCount(0);
  await expect(streamB.entry(`Rollout timeline ${tag}`)).toBeVisible();
  await expect(streamB.entry(`split 2 entries into "Globex billing ${tag}"`)).toBeVisible();

  await open.click();
  await expect(casePage.title).toHaveText(`Globex billing ${tag}`);
  await casePage.waitUntilLive();
  await expect(stream.entry(`Billing dispute raised ${tag}`)).toBeVisible();
  await expect(stream.entry(`Billing refund agreed ${tag}`)).toBeVisible();
  await expect(stream.entry(`split this case off "Globex rollout ${tag}"`)).toBeVisible();
  await expect(stream.entry(`Rollout timeline ${tag}`)).toHaveCount(0);

  // After a reload of the old case, the split stays.
  await casePage.goto(caseId);
  await expect(stream.entry(`Rollout timeline ${tag}`)).toBeVisible();
  await expect(stream.entry(/Billing (dispute raised|refund agreed)/)).toHaveCount(0);
});

test('[issue 17.5] split an email thread into a new case from an email entry’s menu; a refusal shows the server’s sentence in the dialog', async ({ team }) => {
  const { a } = team;
  const tag = uniqueTag();
  const caseId = await createCase(a, { title: `Initech support ${tag}`, kind: 'support' });
  const first = `<printer-${tag}@initech.example>`;
  await addEmail(a, caseId, { subject: `Printer jams ${tag}`, id: first, body: 'The printer jams.' });
  await addEmail(a, caseId, { subject: `Re: Printer jams ${tag}`, id: `<printer-2-${tag}@initech.example>`, inReplyTo: first, body: 'Still jams.' });
  const vpn = await addEmail(a, caseId, { subject: `VPN is down ${tag}`, id: `<vpn-${tag}@initech.example>`, body: 'No VPN.' });

  const casePage = new CasePage(a.page);
  const stream = new ActivityPanel(a.page);
  await casePage.goto(caseId);
  await expect(stream.entry(`VPN is down ${tag}`)).toBeVisible();
  await expect(stream.entry(`Printer jams ${tag} — Pat Customer`)).toHaveCount(2);

  // From the keyboard: the newest reply's menu offers to split its thread.
  await stream.entry(`Re: Printer jams ${tag}`).getByRole('button', { name: 'Entry actions' }).focus();
  await a.page.keyboard.press('Enter');
  const menu = a.page.getByRole('menu', { name: 'Entry actions' });
  await menu.getByRole('menuitem', { name: 'Split thread into a new case…' }).press('Enter');
  const dialog = a.page.getByRole('dialog', { name: 'Split into a new case' });
  await expect(dialog).toContainText(`The email thread “Printer jams ${tag}”`);
  const title = dialog.getByLabel('Title of the new case');
  await expect(title).toHaveValue(`Printer jams ${tag}`);

  await a.page.keyboard.press('Enter');
  const done = a.page.getByRole('dialog', { name: 'Split done' });
  await expect(done.getByRole('status')).toHaveText(`Moved 2 entries, 2 emails to the new case “Printer jams ${tag}”.`);
  await expect(stream.entry(`Printer jams ${tag} — Pat Customer`)).toHaveCount(0);
  await expect(stream.entry(`VPN is down ${tag}`)).toBeVisible();
  await done.getByRole('button', { name: 'Stay on this case' }).click();
  await expect(done).toBeHidden();
  // Its ⋯ button left with the thread: focus goes to the stream, not nowhere.
  await expect(stream.entries().first().getByRole('button').first()).toBeFocused();

  // Someone splits the other thread off while this dialog is open: confirming gets the server's sentence, in the dialog.
  await stream.entry(`VPN is down ${tag}`).getByRole('button', { name: 'Entry actions' }).click();
  await menu.getByRole('menuitem', { name: 'Split thread into a new case…' }).click();
  await expect(title).toHaveValue(`VPN is down ${tag}`);
  const meanwhile = await a.context.request.post(`/api/cases/${caseId}/split`, {
    data: { title: 'VPN', threadId: vpn.threadId },
    headers: { origin: appOrigin() },
  });
  expect(meanwhile.status()).toBe(201);
  await dialog.getByRole('button', { name: 'Split into new case' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('No such email thread on this case');
  await expect(dialog.getByRole('button', { name: 'Split into new case' })).toBeEnabled();
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  // The new case holds the thread.
  const list = new CaseListPage(a.page);
  await list.goto();
  await list.row(`Printer jams ${tag}`).getByRole('link').first().click();
  await casePage.waitUntilLive();
  await expect(stream.entry(`Printer jams ${tag} — Pat Customer`)).toHaveCount(2);
});
