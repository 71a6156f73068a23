import { readFile } from 'node:fs/promises';
import { test, expect, makePerson } from './fixtures';
import { ActivityPanel } from './pages/ActivityPanel';
import { CasePage } from './pages/CasePage';

/**
 * [issue 15] The deal room's story: a seller and a buyer (a guest editor) work
 * through a plan built from a template, each ticks off their own promise, the
 * buyer misses one and both see it go red without a reload; the seller comes
 * back the next day (the browser's clock moved a day on) and sees what the
 * buyer uploaded in "Since you were last here".
 */
test('a seller and a buyer work a plan from a template; each ticks off their own promise; a missed promise goes red for both without a reload; the seller comes back the next day to the buyer’s upload', async ({
  team,
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const seller = team.a;
  const page = seller.page;
  const headers = { origin: baseURL ?? '' };
  const week = { from: 'created', amount: 7, unit: 'days' } as const;
  const template = await seller.context.request.post('/api/plan-templates', {
    headers,
    data: {
      name: 'Mutual plan',
      planText: 'Goal: live next month.',
      milestones: [
        {
          title: 'Security review',
          due: week,
          promises: [
            { side: 'team', text: 'Send the security pack', due: week },
            { side: 'customer', text: 'Return the questionnaire', due: week },
            { side: 'customer', text: 'Sign the order form', due: week },
          ],
        },
      ],
    },
  });
  expect(template.status()).toBe(201);
  const { id: templateId } = (await template.json()) as { id: string };
  const created = await seller.context.request.post(`/api/plan-templates/${templateId}/cases`, { headers, data: { title: 'Globex deal room', kind: 'deal' } });
  expect(created.status()).toBe(201);
  const { id: caseId } = (await created.json()) as { id: string };

  const buyer = makePerson('Bea');
  const invite = await seller.context.request.post('/api/invites', { headers, data: { email: buyer.email, role: 'guest', caseId, access: 'editor' } });
  const { token } = (await invite.json()) as { token: string };
  const buyerContext = await browser.newContext({ baseURL });
  expect((await buyerContext.request.post(`/api/invites/${token}/accept`, { headers, data: { name: buyer.name, password: buyer.password } })).ok()).toBe(true);

  const sellerCase = new CasePage(page);
  await sellerCase.goto(caseId);
  await page.getByRole('tab', { name: /Mutual plan/ }).click();
  const sellerPlan = page.getByRole('list', { name: 'Promises of Security review' });
  const buyerPage = await buyerContext.newPage();
  await new CasePage(buyerPage).goto(caseId);
  const buyerPlan = buyerPage.getByRole('list', { name: 'Promises of Security review' });
  await expect(buyerPlan.getByRole('listitem')).toHaveCount(3);

  // Each ticks off their own: a guest has no Mark met on the team's promise.
  await expect(buyerPlan.getByRole('button', { name: 'Mark met: Send the security pack' })).toHaveCount(0);
  await sellerPlan.getByRole('button', { name: 'Mark met: Send the security pack' }).click();
  await buyerPlan.getByRole('button', { name: 'Mark met: Return the questionnaire' }).click();
  for (const plan of [sellerPlan, buyerPlan]) {
    await expect(plan.getByRole('listitem').filter({ hasText: 'Send the security pack' })).toContainText('Met');
    await expect(plan.getByRole('listitem').filter({ hasText: 'Return the questionnaire' })).toContainText('Met');
  }
  await expect(page.getByText('2 of 3 promises met')).toBeVisible();
  // Ticked in the plan, said in the team's stream, each by whoever ticked it.
  const stream = new ActivityPanel(page);
  await expect(stream.entries().filter({ hasText: 'Promise met: Return the questionnaire' })).toHaveCount(1);
  await expect(stream.entries().filter({ hasText: 'Promise met: Send the security pack' })).toHaveCount(1);

  // The order form is agreed for a few seconds from now; the buyer misses it, and the server's clock says so to both pages.
  const promises = (await (await seller.context.request.get(`/api/expectations?caseId=${caseId}&view=open`)).json()) as {
    expectations: Array<{ id: string; text: string }>;
  };
  const orderForm = promises.expectations.find((e) => e.text === 'Sign the order form');
  expect(orderForm).toBeDefined();
  const moved = await seller.context.request.patch(`/api/cases/${caseId}/expectations/${orderForm?.id}`, {
    headers,
    data: { dueAt: new Date(Date.now() + 3_000).toISOString() },
  });
  expect(moved.status()).toBe(204);
  for (const plan of [sellerPlan, buyerPlan]) {
    const missed = plan.getByRole('listitem').filter({ hasText: 'Sign the order form' });
    await expect(missed).toContainText('Missed', { timeout: 20_000 });
    await expect(missed).toHaveClass(/promise--missed/);
  }

  // A promise under no milestone is in the plan too, for the buyer to tick off.
  const loose = await seller.context.request.post(`/api/cases/${caseId}/expectations`, {
    headers,
    data: { text: 'Name a technical contact', dueAt: new Date(Date.now() + 7 * 86_400_000).toISOString(), shared: true, side: 'customer' },
  });
  expect(loose.status()).toBe(201);
  const buyerLoose = buyerPage.getByRole('list', { name: 'Promises not under a milestone' });
  await buyerLoose.getByRole('button', { name: 'Mark met: Name a technical contact' }).click();
  await expect(page.getByRole('list', { name: 'Promises not under a milestone' }).getByRole('listitem')).toContainText('Met');

  // The seller leaves; the buyer uploads a signed document.
  await page.goto('/cases');
  // Leaving marked the case read (a request the browser finishes after the page is gone): wait until the server has it.
  const unread = async () =>
    ((await (await seller.context.request.get('/api/cases')).json()) as { cases: Array<{ id: string; unread?: boolean }> }).cases.find((c) => c.id === caseId)
      ?.unread;
  await expect.poll(unread).toBe(false);
  const pdf = await readFile('fixtures/corpus/pdf/pdflib-signature-field-unsigned.pdf');
  await buyerPage.getByLabel('Add a document for the team').setInputFiles({ name: 'signed-dpa.pdf', mimeType: 'application/pdf', buffer: pdf });
  await expect(buyerPage.getByText('signed-dpa.pdf').first()).toBeVisible();

  // The next day, by the seller's clock: "since you were last here" names the buyer's upload.
  await page.clock.install({ time: new Date(Date.now() + 86_400_000) });
  await sellerCase.goto(caseId);
  const since = page.getByRole('region', { name: /Since you were last here/ });
  await expect(since).toBeVisible();
  await expect(since).toContainText('signed-dpa.pdf');
  await expect(since).toContainText(buyer.name);
  await page.screenshot({ path: 'e2e/artifacts/deal-room-next-day.png', fullPage: true });
  await buyerContext.close();
});
