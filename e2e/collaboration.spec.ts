import { test, expect, caseOpenForBoth } from './fixtures';
import { CaseListPage } from './pages/CaseListPage';
import { CasePage } from './pages/CasePage';

test('two people co-edit a case live, and it is all still there after a reload', async ({ team }) => {
  const { a, b } = team;
  const { listA, caseA, caseB } = await caseOpenForBoth(team, 'Globex renewal', 'deal');

  // Both are present on the case.
  await expect(caseA.person(b.person.name)).toBeVisible();
  await expect(caseB.person(a.person.name)).toBeVisible();
  await expect(caseA.person(`${a.person.name} (you)`)).toBeVisible();

  // A writes in the plan; B sees the text and A's caret with A's name.
  await caseA.typeInPlan('Kick-off with the CFO on Monday.');
  await expect(caseB.plan).toContainText('Kick-off with the CFO on Monday.');
  await expect(caseB.caretLabel(a.person.name)).toBeVisible();
  // Someone else's edits are not B's unsaved changes.
  await expect(caseB.connection).toHaveText('Live');

  // B answers; A sees it, and B's caret.
  await caseB.typeInPlan(' Bob brings the pricing sheet.');
  await expect(caseA.plan).toContainText('Bob brings the pricing sheet.');
  await expect(caseA.caretLabel(b.person.name)).toBeVisible();
  await caseA.screenshot('e2e/artifacts/collab-a-sees-b-caret.png');

  // A changes fields; B sees them while A types.
  await caseA.field('Stage').selectOption('negotiation');
  await expect(caseB.field('Stage')).toHaveValue('negotiation');
  const titleA = caseA.field('Title');
  await titleA.fill('');
  await titleA.pressSequentially('Globex renewal FY26');
  await expect(caseB.title).toHaveText('Globex renewal FY26');
  await expect(caseB.field('Title')).toHaveValue('Globex renewal FY26');

  await caseA.screenshot('e2e/artifacts/collab-a-before-reload.png');
  await caseB.screenshot('e2e/artifacts/collab-b-before-reload.png');

  // Everything survives a reload on both sides (it came back from the server).
  await Promise.all([a.page.reload(), b.page.reload()]);
  for (const page of [caseA, caseB]) {
    await page.waitUntilLive();
    await expect(page.title).toHaveText('Globex renewal FY26');
    await expect(page.field('Stage')).toHaveValue('negotiation');
    await expect(page.plan).toContainText('Kick-off with the CFO on Monday.');
    await expect(page.plan).toContainText('Bob brings the pricing sheet.');
  }

  await caseA.screenshot('e2e/artifacts/collab-a-after-reload.png');
  await caseB.screenshot('e2e/artifacts/collab-b-after-reload.png');

  // The list (server-side projection of the fields) has caught up too.
  await listA.goto();
  await expect(listA.row('Globex renewal FY26')).toContainText('negotiation');
});

test('a viewer sees the live case but cannot change it', async ({ team, baseURL }) => {
  const { a, b } = team;
  const listA = new CaseListPage(a.page);
  const caseA = new CasePage(a.page);
  const caseB = new CasePage(b.page);
  await listA.goto();
  const caseId = await listA.createCase('Wayne audit');
  await caseA.waitUntilLive();

  const me = (await (await b.context.request.get('/api/me')).json()) as { user: { id: string } };
  const res = await a.context.request.post(`/api/cases/${caseId}/members`, {
    data: { userId: me.user.id, access: 'viewer' },
    headers: { origin: baseURL ?? '' },
  });
  expect(res.ok(), await res.text()).toBe(true);

  await caseB.goto(caseId);
  await expect(b.page.getByRole('note')).toHaveText('You can view this case but not change it.');
  await expect(caseB.field('Title')).toBeDisabled();
  await expect(caseB.plan).toHaveAttribute('contenteditable', 'false');

  await caseA.typeInPlan('Visible to viewers.');
  await expect(caseB.plan).toContainText('Visible to viewers.');
});
