import { test, expect, caseOpenForBoth } from './fixtures';

test('[S9.4] made a viewer while the case is open: the page reopens under the new right and says so, not that access was lost', async ({ team, baseURL }) => {
  const { a, b } = team;
  const { caseId, caseA, caseB } = await caseOpenForBoth(team, 'Stark upgrade');
  await expect(caseB.plan).toHaveAttribute('contenteditable', 'true');
  await caseB.typeInPlan('Written while an editor.');
  await expect(caseA.plan).toContainText('Written while an editor.');

  const me = (await (await b.context.request.get('/api/me')).json()) as { user: { id: string } };
  const res = await a.context.request.post(`/api/cases/${caseId}/members`, {
    data: { userId: me.user.id, access: 'viewer' },
    headers: { origin: baseURL ?? '' },
  });
  expect(res.ok(), await res.text()).toBe(true);

  // No reload: the server closed B's sockets with 4000, the page reopened them and read the case again.
  await expect(b.page.getByRole('note')).toHaveText('You can view this case but not change it.');
  await expect(caseB.plan).toHaveAttribute('contenteditable', 'false');
  await expect(caseB.field('Title')).toBeDisabled();
  await expect(b.page.getByTestId('access-ended')).toHaveCount(0);
  await caseB.waitUntilLive();
  await expect(caseB.plan).toContainText('Written while an editor.');
  await caseA.typeInPlan('Read as a viewer.');
  await expect(caseB.plan).toContainText('Read as a viewer.');
  await b.page.screenshot({ path: 'e2e/artifacts/access-change-viewer.png' });
});
