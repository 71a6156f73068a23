import { test, expect, uniqueTag, createCase } from './fixtures';
import { DashboardPage } from './pages/DashboardPage';

const angryEmail = (tag: string): string =>
  [
    'From: Angry Customer <angry@initech.example>',
    'To: support@acme.example',
    `Subject: UNACCEPTABLE - still down!! ${tag}`,
    `Date: ${new Date().toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <angry-${tag}@initech.example>`,
    '',
    'Your service has been down for two days. This is the worst support we have ever had.',
    'Fix it immediately or we cancel the contract and talk to our lawyer.',
    '',
  ].join('\r\n');

test('the dashboard draws cases, promises and moments of truth from real data, with accessible tables; owners land on it', async ({ team, baseURL }) => {
  const { a, b } = team;
  // Promises count in the week they are due (UTC), up to the current one. Near Monday 00:00 UTC
  // the kept promise below (due in a minute) would land in next week: wait the boundary out.
  const now = new Date();
  const nextMonday = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + ((8 - now.getUTCDay()) % 7 || 7));
  if (nextMonday - now.getTime() < 120_000) {
    test.setTimeout(240_000);
    await a.page.waitForTimeout(nextMonday - now.getTime() + 1000);
  }
  const tag = uniqueTag();
  const headers = { origin: baseURL ?? '' };
  const post = async (path: string, data: unknown): Promise<{ id?: string; expectationId?: string }> => {
    const res = await a.context.request.post(path, { data, headers });
    expect(res.ok(), `${path}: ${await res.text()}`).toBe(true);
    return (await res.json()) as { id?: string; expectationId?: string };
  };
  const won = await post('/api/cases', { title: `Won ${tag}`, kind: 'deal', stage: 'won' });
  await post('/api/cases', { title: `Proposal ${tag}`, kind: 'deal', stage: 'proposal' });
  const support = await post('/api/cases', { title: `Outage ${tag}`, kind: 'support', stage: 'open' });
  // One promise kept, one missed (the e2e server ticks every second).
  const kept = await post(`/api/cases/${support.id}/expectations`, { text: 'Send the logs', dueAt: new Date(Date.now() + 60_000).toISOString() });
  const patched = await a.context.request.patch(`/api/cases/${support.id}/expectations/${kept.expectationId}`, { data: { status: 'met' }, headers });
  expect(patched.status()).toBe(204);
  await post(`/api/cases/${won.id}/expectations`, { text: 'Call back', dueAt: new Date(Date.now() - 1000).toISOString() });
  const mail = await a.context.request.post(`/api/cases/${support.id}/emails`, {
    data: Buffer.from(angryEmail(tag)),
    headers: { ...headers, 'content-type': 'message/rfc822' },
  });
  expect(mail.status(), await mail.text()).toBe(201);

  // The owner lands on the dashboard; a member lands on the cases.
  const dash = new DashboardPage(a.page);
  await a.page.goto('/');
  await expect(a.page).toHaveURL(/\/dashboard$/);
  await expect(dash.heading).toBeVisible();
  await b.page.goto('/');
  await expect(b.page).toHaveURL(/\/cases$/);

  await expect(dash.total('open')).toHaveText('2');
  await expect(dash.total('closed')).toHaveText('1');
  await expect(dash.total('kept')).toHaveText('1 of 2', { timeout: 15_000 });
  await expect(dash.total('moments')).toHaveText('1');

  const stages = 'Cases by stage';
  await expect(dash.bars(stages)).toHaveCount(3);
  await expect(dash.tableRow(stages, 'Deal: won')).toContainText('closed');
  await expect(dash.picture(stages)).toHaveAttribute('aria-label', /2 open and 1 closed cases/);

  const promises = /^Promises met and missed/;
  await expect(dash.bars(promises)).toHaveCount(2);
  const thisWeek = dash.figure(promises).locator('table tbody tr').last();
  await expect(thisWeek.locator('td')).toHaveText(['1', '1']);
  await expect(dash.picture(promises)).toHaveAttribute('aria-label', 'Promises met: 1, missed: 1, over 12 weeks.');

  const moments = /^Moments of truth/;
  await expect(dash.bars(moments)).toHaveCount(1);
  await expect(dash.figure(moments).locator('table tbody tr').last().locator('td')).toHaveText('1');

  // No reply has been measured yet: an empty state, and the table still lists the weeks.
  const responses = /^First-response time/;
  await expect(dash.figure(responses)).toContainText('No first responses measured in these weeks.');
  await expect(dash.figure(responses).locator('table tbody tr')).toHaveCount(12);
  await a.page.screenshot({ path: 'e2e/artifacts/dashboard.png', fullPage: true });

  // A shorter window, and the same figures after a reload.
  await a.page.getByLabel('Show').selectOption({ label: 'last 4 weeks' });
  await expect(dash.figure(responses).locator('table tbody tr')).toHaveCount(4);
  await a.page.reload();
  await expect(dash.total('moments')).toHaveText('1');
  await expect(dash.bars(promises)).toHaveCount(2);
});

test('the bell counts a new notification live, with no reload or focus; the digest is chosen on the settings page', async ({ team, baseURL }) => {
  const { a, b } = team;
  const headers = { origin: baseURL ?? '' };
  await b.page.goto('/cases');
  const bell = b.page.locator('.notifications__button');
  await expect(bell).toHaveAttribute('data-live', 'true');
  await expect(b.page.getByRole('button', { name: 'Notifications', exact: true })).toBeVisible();

  // A gives B a promise that is already due: the server marks it missed and notifies B.
  const caseId = await createCase(a, { title: `Bell ${uniqueTag()}`, kind: 'support' });
  const members = (await (await a.context.request.get('/api/workspace/members')).json()) as { members: Array<{ userId: string; email: string }> };
  const bId = members.members.find((m) => m.email === b.person.email)?.userId;
  const made = await a.context.request.post(`/api/cases/${caseId}/expectations`, {
    data: { text: 'Late already', ownerId: bId, dueAt: new Date(Date.now() - 1000).toISOString() },
    headers,
  });
  expect(made.status()).toBe(201);
  // Well within the 15 s fallback poll: the stream carried it.
  await expect(b.page.getByRole('button', { name: 'Notifications, 1 unread' })).toBeVisible({ timeout: 8000 });
  await b.page.screenshot({ path: 'e2e/artifacts/bell-live.png' });

  // Settings: choose a weekly digest; it stays chosen after a reload.
  await b.page.getByRole('button', { name: /^Account menu/ }).click();
  await b.page.getByRole('menuitem', { name: 'Settings' }).click();
  await expect(b.page.getByRole('heading', { name: 'Your settings' })).toBeVisible();
  const weekly = b.page.getByRole('radio', { name: /Weekly/ });
  await expect(b.page.getByRole('radio', { name: /Off/ })).toBeChecked();
  await weekly.check();
  await expect(b.page.getByRole('status').filter({ hasText: 'Saved: a weekly digest' })).toBeVisible();
  await b.page.reload();
  await expect(b.page.getByRole('radio', { name: /Weekly/ })).toBeChecked();
  await b.page.screenshot({ path: 'e2e/artifacts/settings-digest.png' });
});
