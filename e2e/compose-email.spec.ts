import { test, expect, uniqueTag, createCase, uploadTextFile } from './fixtures';
import { ActivityPanel } from './pages/ActivityPanel';
import { CasePage } from './pages/CasePage';

test('[issue 13] a new email from the case: a bad address is named, the sent one joins the stream with its attachment, and says it was not sent without outbound mail', async ({
  team,
}) => {
  const { a } = team;
  const tag = uniqueTag();
  const caseId = await createCase(a, { title: `Globex renewal ${tag}` });
  await uploadTextFile(a, caseId, `Quote ${tag}.txt`, '40 seats, 12 months');

  await new CasePage(a.page).goto(caseId);
  const stream = new ActivityPanel(a.page);
  await a.page.getByRole('toolbar', { name: 'Add to the stream' }).getByRole('button', { name: 'New email' }).click();
  const dialog = a.page.getByRole('dialog', { name: 'New email' });
  await dialog.getByLabel('To', { exact: true }).fill('Hank <hank@globex.example>, not-an-address');
  await dialog.getByLabel('Subject').fill(`Renewal quote ${tag}`);
  await dialog.getByLabel('Message').fill('Here is the quote for the renewal.');
  await dialog.getByRole('checkbox', { name: `Quote ${tag}.txt` }).check();
  // A file from this computer: uploaded onto the case and attached.
  await dialog.getByLabel('Upload and attach files').setInputFiles({ name: `Terms ${tag}.txt`, mimeType: 'text/plain', buffer: Buffer.from('net 30') });
  await expect(dialog.getByRole('checkbox', { name: `Terms ${tag}.txt` })).toBeChecked();
  await dialog.getByRole('button', { name: 'Send' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('to: "not-an-address" is not an email address');

  await dialog.getByLabel('To', { exact: true }).fill('Hank <hank@globex.example>');
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
  expect(raw).toContain(`filename="Terms ${tag}.txt"`);
});

test('[M7.1] [M7.2] two people write one reply together; one closes the tab, the other inserts a saved reply and sends it; the draft goes with the send', async ({
  team,
  baseURL,
}) => {
  const { a, b } = team;
  const origin = baseURL ?? '';
  const tag = uniqueTag();
  const caseId = await createCase(a, { title: `Initech pilot ${tag}` });
  const contact = await a.context.request.post('/api/contacts', {
    data: { name: 'Peter Gibbons', emails: [`peter-${tag}@initech.example`] },
    headers: { origin },
  });
  expect(contact.status()).toBe(201);
  const contactId = ((await contact.json()) as { id: string }).id;
  expect((await a.context.request.put(`/api/cases/${caseId}/contacts/${contactId}`, { data: { role: 'champion' }, headers: { origin } })).ok()).toBe(true);
  const saved = await a.context.request.post('/api/saved-replies', {
    data: { name: `Pilot thanks ${tag}`, html: '<p>Thanks {{contact.firstName}}, talk soon about {{case.title}}.</p>' },
    headers: { origin },
  });
  expect(saved.status()).toBe(201);
  const raw = `From: Peter Gibbons <peter-${tag}@initech.example>\r\nTo: sales@us.example\r\nSubject: Pilot scope ${tag}\r\nMessage-ID: <pilot-${tag}@initech.example>\r\n\r\nCan we start on Monday?\r\n`;
  const ingested = await a.context.request.post(`/api/cases/${caseId}/emails`, { data: raw, headers: { origin, 'content-type': 'message/rfc822' } });
  expect(ingested.status()).toBe(201);

  // A starts the reply: it is addressed to the sender, and B sees the draft in the stream at once.
  await new CasePage(a.page).goto(caseId);
  const streamA = new ActivityPanel(a.page);
  await streamA.open(`Pilot scope ${tag}`);
  await streamA.viewer.getByRole('button', { name: 'Reply', exact: true }).click();
  const replyA = streamA.viewer.getByRole('form', { name: 'Reply' });
  await expect(replyA.getByLabel('To', { exact: true })).toHaveValue(`Peter Gibbons <peter-${tag}@initech.example>`);
  await replyA.getByRole('textbox', { name: 'Reply' }).pressSequentially('Monday works. ');

  const b2 = await b.context.newPage();
  await new CasePage(b2).goto(caseId);
  const streamB = new ActivityPanel(b2);
  const drafts = streamB.panel.getByRole('region', { name: 'Drafts' });
  await expect(drafts).toContainText(`Reply: Re: Pilot scope ${tag}`);
  // Opening the conversation, B joins A's draft instead of starting another, and each sees the other in it.
  await streamB.open(`Pilot scope ${tag}`);
  const replyB = streamB.viewer.getByRole('form', { name: 'Reply' });
  const bodyB = replyB.getByRole('textbox', { name: 'Reply' });
  await expect(bodyB).toContainText('Monday works.');
  await expect(replyB.getByRole('status')).toContainText(`Also writing: ${a.person.name}`);
  await expect(replyA.getByRole('status')).toContainText(`Also writing: ${b.person.name}`);

  // A closes the tab; B finishes: a saved reply by Ctrl+/, its fields filled, then Cc by autocomplete.
  await a.page.close();
  await bodyB.click();
  await b2.keyboard.press('End');
  await b2.keyboard.press('Control+/');
  const picker = b2.getByRole('dialog', { name: 'Saved replies' });
  await picker.getByLabel('Find a saved reply').fill(`Pilot thanks ${tag}`);
  await expect(picker.getByRole('option', { name: new RegExp(`Pilot thanks ${tag}`) })).toHaveAttribute('aria-selected', 'true');
  await picker.getByLabel('Find a saved reply').press('Enter');
  await expect(bodyB).toContainText(`Thanks Peter, talk soon about Initech pilot ${tag}.`);
  await replyB.getByRole('button', { name: 'Add Cc or Bcc' }).click();
  await replyB.getByLabel('Cc', { exact: true }).fill('peter');
  await replyB.getByRole('option', { name: /Peter Gibbons/ }).click();
  await expect(replyB.getByLabel('Cc', { exact: true })).toHaveValue(`Peter Gibbons <peter-${tag}@initech.example>, `);
  await bodyB.press('Control+Enter');

  // Sent: the draft is gone for everyone, the stream has the outbound message.
  await expect(drafts).toBeHidden();
  await expect(streamB.viewer.getByRole('button', { name: 'Reply', exact: true })).toBeVisible();
  const outbox = (await (await b.context.request.get(`/api/cases/${caseId}/outbox`)).json()) as { emails: Array<{ emailId: string; subject: string }> };
  const sent = outbox.emails.find((e) => e.subject === `Re: Pilot scope ${tag}`);
  expect(sent).toBeDefined();
  const rawSent = await (await b.context.request.get(`/api/emails/${sent?.emailId ?? ''}/raw`)).text();
  expect(rawSent).toContain(`In-Reply-To: <pilot-${tag}@initech.example>`);
  expect(rawSent).toMatch(/^Cc: Peter Gibbons/m);
  expect(rawSent).toContain('Monday works.');
  expect(rawSent).toContain(`Thanks Peter, talk soon about Initech pilot ${tag}.`);
});
