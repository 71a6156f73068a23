import { test, expect, makePerson, uniqueTag, createCase, uploadTextFile } from './fixtures';

test('[issue 15.6] [issue 15.5] Alice comes back to what Bob did: the unread dot, "since you were last here", Mark read; the team sees who opened the case', async ({
  team,
  browser,
  baseURL,
}) => {
  const { a, b } = team;
  const origin = baseURL ?? '';
  const tag = uniqueTag();
  const title = `Globex renewal ${tag}`;
  const caseId = await createCase(a, { title, stage: 'qualify' });

  // Alice's first visit: nothing is new yet. She goes back to the list, which marks the case read.
  await a.page.goto(`/cases/${caseId}`);
  await expect(a.page.getByTestId('case-title')).toHaveText(title);
  await expect(a.page.getByRole('region', { name: 'Seen by' })).toContainText(team.a.person.name);
  await expect(a.page.getByRole('region', { name: 'Since you were last here' })).toHaveCount(0);
  await a.page.getByRole('link', { name: '← Cases' }).click();
  const row = a.page.getByRole('row').filter({ hasText: title });
  await expect(row).toBeVisible();
  await expect(row.getByRole('img', { name: 'New since you last read it' })).toHaveCount(0);

  // While she is away, Bob writes a note and moves the stage, and a guest joins.
  expect((await b.context.request.post(`/api/cases/${caseId}/notes`, { data: { text: `Budget approved ${tag}` }, headers: { origin } })).status()).toBe(201);
  expect((await b.context.request.patch(`/api/cases/${caseId}`, { data: { stage: 'proposal' }, headers: { origin } })).status()).toBe(200);
  const gina = makePerson('Gina', tag);
  const invite = await a.context.request.post('/api/invites', { data: { email: gina.email, role: 'guest', caseId, access: 'viewer' }, headers: { origin } });
  const token = ((await invite.json()) as { token: string }).token;
  const guestContext = await browser.newContext({ baseURL });
  expect(
    (await guestContext.request.post(`/api/invites/${token}/accept`, { data: { name: gina.name, password: gina.password }, headers: { origin } })).status(),
  ).toBe(200);

  // Her list shows the dot; the case tells her what happened, by whom.
  await expect(async () => {
    await a.page.reload();
    await expect(row.getByRole('img', { name: 'New since you last read it' })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await row.getByRole('link', { name: title }).click();
  const since = a.page.getByRole('region', { name: 'Since you were last here' });
  await expect(since).toBeVisible();
  await expect(since.getByTestId('since-counts')).toHaveText('1 note');
  await expect(since.getByRole('list', { name: 'New in the stream' })).toContainText(`${team.b.person.name} note Budget approved ${tag}`);
  await expect(since.getByRole('list', { name: 'Changed fields' })).toContainText('Stage: qualify → proposal');
  await expect(since).toContainText(`Joined: ${gina.name} (guest)`);
  await a.page.screenshot({ path: 'e2e/artifacts/visits-since.png' });
  await since.getByRole('button', { name: 'Mark read' }).click();
  await expect(since).toHaveCount(0);

  // The guest opens the case; the team sees it in "Seen by" (guests never get that list).
  const guestPage = await guestContext.newPage();
  await guestPage.goto(`/cases/${caseId}`);
  await expect(guestPage.getByTestId('case-title')).toHaveText(title);
  await expect(guestPage.getByRole('region', { name: 'Seen by' })).toHaveCount(0);
  const seenBy = a.page.getByRole('region', { name: 'Seen by' });
  await expect(async () => {
    await seenBy.getByRole('button', { name: 'Refresh who has seen this case' }).click();
    await expect(seenBy.getByRole('listitem').filter({ hasText: gina.name })).toContainText('opened the case', { timeout: 1000 });
  }).toPass({ timeout: 15_000 });

  // A file the team shared: once the guest opens it, the team's stream says so on the entry.
  const file = await uploadTextFile(a, caseId, 'order-form.txt', 'Order form');
  expect((await a.context.request.post(`/api/cases/${caseId}/activity/${file.activityId}/share`, { data: {}, headers: { origin } })).status()).toBe(200);
  expect((await guestContext.request.get(`/api/files/${file.fileId}/content`)).status()).toBe(200);
  await seenBy.getByRole('button', { name: 'Refresh who has seen this case' }).click();
  await expect(seenBy.getByRole('list', { name: `What ${gina.name} opened` })).toContainText('File order-form.txt');
  await expect(a.page.locator(`article[data-entry-id="${file.activityId}"]`).getByText(`Viewed by ${gina.name}`)).toBeVisible();

  await a.page.getByRole('link', { name: '← Cases' }).click();
  await expect(row).toBeVisible();
  await expect(row.getByRole('img', { name: 'New since you last read it' })).toHaveCount(0);
  await guestContext.close();
});
