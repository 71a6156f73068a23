import { test, expect, type SignedIn } from './fixtures';
import { CasePage } from './pages/CasePage';
import { seriousViolations } from './support/axe';

async function makeCase(who: SignedIn, data: Record<string, unknown>): Promise<string> {
  const origin = test.info().project.use.baseURL ?? '';
  const res = await who.context.request.post('/api/cases', { data: { kind: 'deal', ...data }, headers: { origin } });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

test('define a custom field, fill it on the case (live for a colleague), then filter the list by it and show it as a column', async ({ team }) => {
  const { a, b } = team;
  const initech = await makeCase(a, { title: 'Initech rollout' });
  await makeCase(a, { title: 'Umbrella pilot' });

  // Settings → Custom fields: a single select for deals, shared with guests, and a team-only text.
  await a.page.goto('/settings/custom-fields');
  const deals = a.page.getByRole('form', { name: 'Deals' });
  await expect(deals.getByText('No custom fields for deals yet.')).toBeVisible();
  await deals.getByRole('button', { name: 'Add a deal field' }).click();
  await deals.getByLabel('Label of field 1').fill('Tier');
  await deals.getByLabel('Type of Tier').selectOption('select');
  await deals.getByLabel('Options of Tier').fill('Gold, Silver, Bronze');
  await deals.getByRole('checkbox', { name: 'Shared with guests (Tier)' }).check();
  await deals.getByRole('button', { name: 'Add a deal field' }).click();
  await deals.getByLabel('Label of field 2').fill('Renewal notes');
  await deals.getByRole('button', { name: 'Save deals fields' }).click();
  await expect(deals.getByRole('status')).toHaveText('Saved.');
  // Saved: a field keeps its type from now on.
  await expect(deals.getByLabel('Type of Tier')).toBeDisabled();
  expect(await seriousViolations(a.page)).toEqual([]);

  // A fills it in on the case; B, on the same case, sees it arrive.
  const caseA = new CasePage(a.page);
  const caseB = new CasePage(b.page);
  await caseA.goto(initech);
  await caseB.goto(initech);
  await caseA.field('Tier').selectOption('Gold');
  await caseA.field('Renewal notes').fill('Renews with a 3-year term');
  await expect(caseB.field('Tier')).toHaveValue('Gold');
  await expect(caseB.field('Renewal notes')).toHaveValue('Renews with a 3-year term');
  // Still there after a reload (it is in the document).
  await a.page.reload();
  await caseA.waitUntilLive();
  await expect(caseA.field('Tier')).toHaveValue('Gold');

  // The list: filter by Tier = Gold, and show Tier as a column.
  await a.page.goto('/cases');
  const table = a.page.getByRole('table', { name: 'Cases' });
  await expect(table.getByRole('link', { name: 'Umbrella pilot' })).toBeVisible();
  await a.page.getByLabel('Field', { exact: true }).selectOption({ label: 'Tier (Deal)' });
  await a.page.getByLabel('Tier is').selectOption('Gold');
  await expect(table.getByRole('link', { name: 'Umbrella pilot' })).toHaveCount(0);
  await expect(table.getByRole('link', { name: 'Initech rollout' })).toBeVisible();
  await a.page.getByText('Columns', { exact: true }).click();
  await a.page.getByRole('checkbox', { name: 'Tier' }).check();
  await expect(table.getByRole('columnheader', { name: 'Tier' })).toBeVisible();
  await expect(table.getByRole('row', { name: /Initech rollout/ })).toContainText('Gold');
  // The filter and the columns are in the URL: a reload keeps them.
  await a.page.reload();
  await expect(table.getByRole('link', { name: 'Initech rollout' })).toBeVisible();
  await expect(table.getByRole('link', { name: 'Umbrella pilot' })).toHaveCount(0);
  await expect(table.getByRole('columnheader', { name: 'Tier' })).toBeVisible();
  await a.page.getByLabel('Tier is').selectOption('Silver');
  await expect(a.page.getByRole('heading', { name: 'No cases match these filters' })).toBeVisible();
  await a.page.screenshot({ path: 'e2e/artifacts/custom-fields-list.png', fullPage: true });
});
