import { readFile } from 'node:fs/promises';
import { test, expect, makePerson } from './fixtures';
import { CaseListPage } from './pages/CaseListPage';
import { CasePage } from './pages/CasePage';
import { ActivityPanel } from './pages/ActivityPanel';

/**
 * [issue 15.3, 15.4] A seller writes a plan template, starts a case from it
 * (the form asks for the close date its dates count from), and a buyer
 * invited as a guest sees the plan and uploads a signed document, which the
 * seller sees arrive, marked as the guest's, without a reload.
 */
test('a seller builds a plan from a template and a guest uploads a document the seller sees live', async ({ team, browser, baseURL }) => {
  const seller = team.a;
  const page = seller.page;

  // --- Settings → Plan templates: a template with a milestone 30 days before the close date and the buyer's promise under it.
  await page.goto('/settings/plan-templates');
  await expect(page.getByRole('heading', { name: 'Plan templates', level: 1 })).toBeVisible();
  await expect(page.getByText('No plan templates yet.')).toBeVisible();
  const form = page.getByRole('form', { name: 'New plan template' });
  await form.getByLabel('Name').fill('Enterprise deal');
  await form.getByLabel('Mutual plan text').fill('Goal: live by the close date.');
  await form.getByRole('button', { name: 'Add a milestone' }).click();
  await form.getByLabel('Milestone 1', { exact: true }).fill('Security review');
  await form.getByLabel('Milestone 1 due: how many (negative: before)', { exact: true }).fill('-30');
  await expect(form.getByText('close date − 30 days')).toBeVisible();
  await form.getByRole('button', { name: 'Add a promise to milestone 1' }).click();
  await form.getByLabel('Who promises').selectOption('customer');
  await form.getByLabel('Promise 1 of milestone 1', { exact: true }).fill('Return the security questionnaire');
  await form.getByLabel('Promise 1 of milestone 1 due: how many (negative: before)', { exact: true }).fill('-35');
  // A bad number is refused here, with the place named.
  await form.getByLabel('Milestone 1 due: how many (negative: before)', { exact: true }).fill('');
  await form.getByRole('button', { name: 'Add template' }).click();
  await expect(form.getByRole('alert')).toContainText('Milestone 1 (due)');
  await form.getByLabel('Milestone 1 due: how many (negative: before)', { exact: true }).fill('-30');
  await form.getByRole('button', { name: 'Add template' }).click();
  const templates = page.getByRole('list', { name: 'Plan templates' });
  await expect(templates.getByRole('listitem').filter({ hasText: 'Enterprise deal' })).toContainText('Security review · close date − 30 days');
  await page.screenshot({ path: 'e2e/artifacts/plan-templates-settings.png', fullPage: true });

  // --- New case from the template: it needs the close date.
  const list = new CaseListPage(page);
  await list.goto();
  await page.getByRole('button', { name: 'New case' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'New case' });
  await dialog.getByLabel('Title').fill('Globex security');
  await dialog.getByLabel('Plan template').selectOption({ label: 'Enterprise deal' });
  await dialog.getByRole('button', { name: 'Create case' }).click();
  await expect(dialog.getByRole('alert')).toContainText('counts its dates from the close date');
  await dialog.getByLabel('Close date').fill('2031-03-31');
  await dialog.getByRole('button', { name: 'Create case' }).click();
  await page.waitForURL(/\/cases\/[^/?#]+$/);
  const caseId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
  const sellerCase = new CasePage(page);
  await sellerCase.waitUntilLive();
  await page.getByRole('tab', { name: /Mutual plan/ }).click();
  const milestones = page.getByRole('list', { name: 'Milestones' });
  await expect(milestones.getByRole('listitem').filter({ hasText: 'Security review' })).toContainText(new Date('2031-03-01T00:00:00').toLocaleDateString());
  await expect(milestones).toContainText('0 of 1 promises met');
  await expect(page.getByRole('textbox', { name: 'Mutual plan' })).toContainText('Goal: live by the close date.');

  // --- The buyer joins as a guest editor (through the API: the invite flow has its own spec).
  const buyer = makePerson('Bea');
  const invite = await seller.context.request.post('/api/invites', {
    data: { email: buyer.email, role: 'guest', caseId, access: 'editor' },
    headers: { origin: baseURL ?? '' },
  });
  expect(invite.ok()).toBe(true);
  const { token } = (await invite.json()) as { token: string };
  const buyerContext = await browser.newContext({ baseURL });
  const accepted = await buyerContext.request.post(`/api/invites/${token}/accept`, {
    data: { name: buyer.name, password: buyer.password },
    headers: { origin: baseURL ?? '' },
  });
  expect(accepted.ok()).toBe(true);
  const buyerPage = await buyerContext.newPage();
  const buyerCase = new CasePage(buyerPage);
  await buyerCase.goto(caseId);
  await expect(buyerPage.getByRole('list', { name: 'Milestones' })).toContainText('Security review');

  // --- The buyer uploads a signed document; the seller's open page shows it, marked as the guest's, with no reload.
  const sellerStream = new ActivityPanel(page);
  await expect(sellerStream.entry('signed-dpa.pdf')).toHaveCount(0);
  const pdf = await readFile('fixtures/corpus/pdf/pdflib-signature-field-unsigned.pdf');
  await buyerPage.getByLabel('Add a document for the team').setInputFiles({ name: 'signed-dpa.pdf', mimeType: 'application/pdf', buffer: pdf });
  await expect(new ActivityPanel(buyerPage).entry('signed-dpa.pdf')).toBeVisible();
  const arrived = sellerStream.entry('signed-dpa.pdf');
  await expect(arrived).toBeVisible();
  await expect(arrived.getByText('Guest', { exact: true })).toBeVisible();
  await expect(arrived).toContainText(buyer.name);
  // And the seller is told.
  await expect(page.getByRole('button', { name: 'Notifications, 1 unread' })).toBeVisible();
  await page.screenshot({ path: 'e2e/artifacts/plan-templates-guest-upload.png', fullPage: true });
  await buyerContext.close();
});
