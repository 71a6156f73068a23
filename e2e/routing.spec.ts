import { test, expect, uniqueTag } from './fixtures';
import { ActivityPanel } from './pages/ActivityPanel';
import { CaseListPage } from './pages/CaseListPage';
import { CasePage } from './pages/CasePage';

function rawEmail(tag: string, subject: string, body: string): string {
  return [
    'From: Carla Customer <carla@globex.example>',
    'To: support@acme.example',
    `Subject: ${subject}`,
    `Date: ${new Date().toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${tag}@globex.example>`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
    '',
  ].join('\r\n');
}

test('an admin sets up a team, a rule and a target; a matching email is routed to the team in turn and shows its clock', async ({ team, baseURL }) => {
  const { a, b } = team;
  const tag = uniqueTag();
  const page = a.page;

  await page.goto('/settings/routing');
  await expect(page.getByRole('heading', { name: 'Routing' })).toBeVisible();
  await expect(page.getByText('No rules yet')).toBeVisible();

  // A team of one: Bob takes every turn.
  await page.getByRole('button', { name: 'New team' }).click();
  const teamForm = page.getByRole('form', { name: 'New team' });
  await teamForm.getByLabel('Team name').fill(`Billing ${tag}`);
  await teamForm.getByLabel(b.person.name).check();
  await teamForm.getByRole('button', { name: 'Save team' }).click();
  await expect(page.getByRole('list', { name: 'Teams' })).toContainText(`Billing ${tag}: ${b.person.name}`);

  await page.getByRole('button', { name: 'New rule' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Save rule' }).click();
  await expect(dialog.getByText('Give the rule a name')).toBeVisible();
  await dialog.getByLabel('Name').fill('Refunds to billing');
  await dialog.getByLabel('Any of these words or phrases').fill('refund, chargeback');
  await dialog.getByLabel('Assign to').selectOption('round-robin');
  await dialog.getByRole('button', { name: 'Save rule' }).click();
  await expect(dialog).toBeHidden();
  const rules = page.getByRole('list', { name: /Routing rules/ });
  await expect(rules).toContainText('Refunds to billing');
  await expect(rules).toContainText(`When it mentions "refund" or "chargeback" → team Billing ${tag}, in turn`);

  await page.getByLabel('Support cases: first answer within (hours)').fill('2');
  await page.getByRole('button', { name: 'Save targets' }).click();
  await expect(page.getByText('Targets saved.')).toBeVisible();
  await page.screenshot({ path: 'e2e/artifacts/routing-settings.png', fullPage: true });

  // A support case gets a refund request.
  const list = new CaseListPage(page);
  await list.goto();
  const caseId = await list.createCase(`Globex billing ${tag}`, 'support');
  const casePage = new CasePage(page);
  await casePage.waitUntilLive();
  const ingest = await a.context.request.post(`/api/cases/${encodeURIComponent(caseId)}/emails`, {
    data: Buffer.from(rawEmail(tag, `Refund for invoice ${tag}`, 'Please refund the duplicate charge.')),
    headers: { origin: baseURL ?? '', 'content-type': 'message/rfc822' },
  });
  expect(ingest.status(), await ingest.text()).toBe(201);

  const stream = new ActivityPanel(page);
  const row = stream.entry(`Refund for invoice ${tag}`);
  await expect(row).toContainText(`Routed to ${b.person.name} by rule 'Refunds to billing' (added to the case)`);
  await expect(row).toContainText(/Answer due in (1 h \d+ min|2 h|1\d\d min)/);
  await page.screenshot({ path: 'e2e/artifacts/routing-entry.png', fullPage: true });

  // Bob, the owner, was told.
  await b.page.goto('/cases');
  await b.page.evaluate(() => window.dispatchEvent(new Event('focus')));
  await expect(b.page.getByRole('button', { name: /^Notifications, \d+ unread$/ })).toBeVisible({ timeout: 30_000 });
});
