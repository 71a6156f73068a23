import { test, expect, uniqueTag, createCase } from './fixtures';

test('[issue 15.7] on a moment of truth, "Who can help?" suggests Bob, who worked on the account, with the reason; asking puts him on the team and rings his bell live', async ({
  team,
  baseURL,
}) => {
  const { a, b } = team;
  const origin = baseURL ?? '';
  const tag = uniqueTag();
  const account = `Initech ${tag}`;
  await createCase(b, { title: `${account} 2025`, account });
  const caseId = await createCase(a, { title: `${account} renewal`, kind: 'support', account });
  const raw = [
    `From: Bill Lumbergh <bill-${tag}@initech.example>`,
    'To: support@us.example',
    'Subject: This is unacceptable',
    `Message-ID: <${tag}@initech.example>`,
    '',
    'Your product has been down for three days. This is the worst service I have ever had and I am furious. Fix it or we cancel.',
    '',
  ].join('\r\n');
  expect((await a.context.request.post(`/api/cases/${caseId}/emails`, { data: raw, headers: { origin, 'content-type': 'message/rfc822' } })).status()).toBe(
    201,
  );

  await b.page.goto('/cases');
  await expect(b.page.getByRole('button', { name: 'Notifications', exact: true })).toBeVisible();

  await a.page.goto(`/cases/${caseId}`);
  const row = a.page.locator('article[data-kind="email"]').filter({ hasText: 'This is unacceptable' });
  await expect(row.getByText('Moment of truth')).toBeVisible();
  await row.getByRole('button', { name: 'Who can help?' }).click();
  const dialog = a.page.getByRole('dialog', { name: 'Who can help?' });
  const bob = dialog.getByRole('checkbox', { name: new RegExp(team.b.person.name) });
  await expect(bob).toBeVisible();
  await expect(dialog.getByRole('list', { name: `Why ${team.b.person.name}` })).toHaveText(`Worked on 1 other case of ${account}`);
  await a.page.screenshot({ path: 'e2e/artifacts/swarm-dialog.png' });
  // Asking nobody says so.
  await dialog.getByRole('button', { name: 'Ask them to help' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('Tick at least one person to ask.');
  await bob.check();
  await dialog.getByRole('button', { name: 'Ask them to help' }).click();
  await expect(dialog).toBeHidden();
  await expect(a.page.getByRole('status').filter({ hasText: `Asked ${team.b.person.name} to help` })).toBeVisible();
  await expect(a.page.getByRole('region', { name: 'Case team' })).toContainText(team.b.person.name);

  // Bob's bell rings without a reload, and the notice says who asks and why.
  await expect(b.page.getByRole('button', { name: 'Notifications, 1 unread' })).toBeVisible({ timeout: 15_000 });
  await b.page.getByRole('button', { name: 'Notifications, 1 unread' }).click();
  await expect(b.page.getByText(`${team.a.person.name} asks for your help on "${account} renewal"`)).toBeVisible();
});
