import { test, expect, uniqueTag } from './fixtures';
import { ActivityPanel } from './pages/ActivityPanel';
import { CasePage } from './pages/CasePage';

test('[issue 13] a new email from the case: a bad address is named, the sent one joins the stream with its attachment, and says it was not sent without outbound mail', async ({
  team,
  baseURL,
}) => {
  const { a } = team;
  const origin = baseURL ?? '';
  const tag = uniqueTag();
  const made = await a.context.request.post('/api/cases', { data: { title: `Globex renewal ${tag}`, kind: 'deal' }, headers: { origin } });
  const caseId = ((await made.json()) as { id: string }).id;
  const upload = await a.context.request.post(`/api/cases/${caseId}/files`, {
    multipart: { file: { name: `Quote ${tag}.txt`, mimeType: 'text/plain', buffer: Buffer.from('40 seats, 12 months') } },
    headers: { origin },
  });
  expect(upload.status()).toBe(201);

  await new CasePage(a.page).goto(caseId);
  const stream = new ActivityPanel(a.page);
  await a.page.getByRole('toolbar', { name: 'Add to the stream' }).getByRole('button', { name: 'New email' }).click();
  const dialog = a.page.getByRole('dialog', { name: 'New email' });
  await dialog.getByLabel('To').fill('Hank <hank@globex.example>, not-an-address');
  await dialog.getByLabel('Subject').fill(`Renewal quote ${tag}`);
  await dialog.getByLabel('Message').fill('Here is the quote for the renewal.');
  await dialog.getByRole('checkbox', { name: `Quote ${tag}.txt` }).check();
  await dialog.getByRole('button', { name: 'Send' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('to: "not-an-address" is not an email address');

  await dialog.getByLabel('To').fill('Hank <hank@globex.example>');
  await dialog.getByLabel('Message').press('Control+Enter');
  await expect(dialog).toBeHidden();
  const sent = stream.entries().filter({ hasText: `Renewal quote ${tag}` });
  await expect(sent).toHaveCount(1);
  // The e2e server has no SMTP_URL: it can never leave, and the stream says so.
  await expect(sent).toContainText('Not sent');
  const detail = await a.context.request.get(`/api/cases/${caseId}/outbox`);
  const outbox = (await detail.json()) as { emails: Array<{ emailId: string; subject: string; to: Array<{ address: string }> }> };
  const waiting = outbox.emails.find((e) => e.subject === `Renewal quote ${tag}`);
  expect(waiting?.to[0]?.address).toBe('hank@globex.example');
  // What would go out carries the case file.
  const raw = await (await a.context.request.get(`/api/emails/${waiting?.emailId ?? ''}/raw`)).text();
  expect(raw).toContain(`filename="Quote ${tag}.txt"`);
});
