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

test('[issue 17.3] a required custom field: the New case dialog asks for it, refuses without it, creates with it, and shows the server’s refusal', async ({
  team,
}) => {
  const { a } = team;
  const origin = test.info().project.use.baseURL ?? '';

  // Settings → Custom fields: a required text field and an optional select for deals.
  await a.page.goto('/settings/custom-fields');
  const deals = a.page.getByRole('form', { name: 'Deals' });
  await deals.getByRole('button', { name: 'Add a deal field' }).click();
  await deals.getByLabel('Label of field 1').fill('Budget owner');
  await deals.getByRole('checkbox', { name: 'Required (Budget owner)' }).check();
  await deals.getByRole('button', { name: 'Add a deal field' }).click();
  await deals.getByLabel('Label of field 2').fill('Tier');
  await deals.getByLabel('Type of Tier').selectOption('select');
  await deals.getByLabel('Options of Tier').fill('Gold, Silver');
  await deals.getByRole('button', { name: 'Save deals fields' }).click();
  await expect(deals.getByRole('status')).toHaveText('Saved.');

  // The dialog shows the deal's fields, and only a deal's.
  await a.page.goto('/cases');
  await a.page.getByRole('button', { name: 'New case' }).first().click();
  const dialog = a.page.getByRole('dialog', { name: 'New case' });
  await dialog.getByLabel('Title').fill('Hooli expansion');
  const budget = dialog.getByRole('textbox', { name: 'Budget owner (required)' });
  await expect(budget).toBeVisible();
  await dialog.getByLabel('Kind').selectOption('support');
  await expect(budget).toHaveCount(0);
  await dialog.getByLabel('Kind').selectOption('deal');
  await dialog.getByRole('combobox', { name: 'Tier' }).selectOption('Gold');
  expect(await seriousViolations(a.page)).toEqual([]);

  // Without the required field it refuses, says which, and nothing is made.
  await dialog.getByRole('button', { name: 'Create case' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('Fill in the required field: Budget owner.');
  await expect(dialog.getByText('Required: not filled in yet')).toBeVisible();
  await a.page.screenshot({ path: 'e2e/artifacts/new-case-required-field.png' });
  await expect(dialog).toBeVisible();
  const listed = await a.context.request.get('/api/cases?kind=deal');
  expect(((await listed.json()) as { cases: unknown[] }).cases).toHaveLength(0);

  // The owner adds another required field meanwhile: the server refuses with its sentence, shown in the dialog.
  const defs = (await (await a.context.request.get('/api/settings/custom-fields')).json()) as { fields: Record<string, unknown>[] };
  const saved = await a.context.request.put('/api/settings/custom-fields/deal', {
    data: { fields: [...defs.fields.filter((f) => f.kind === 'deal'), { label: 'Region', type: 'text', required: true }] },
    headers: { origin },
  });
  expect(saved.status(), await saved.text()).toBe(200);
  await budget.fill('Gavin Belson');
  await expect(dialog.getByText('Required: not filled in yet')).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Create case' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('Required field missing: "Region"');
  await expect(dialog).toBeVisible();

  // Reopened, the dialog knows the new field; with both filled in the case is made and shows them.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await a.page.reload();
  await a.page.getByRole('button', { name: 'New case' }).first().click();
  await dialog.getByLabel('Title').fill('Hooli expansion');
  await dialog.getByRole('textbox', { name: 'Budget owner (required)' }).fill('Gavin Belson');
  await dialog.getByRole('textbox', { name: 'Region (required)' }).fill('EMEA');
  await dialog.getByRole('combobox', { name: 'Tier' }).selectOption('Silver');
  await dialog.getByRole('button', { name: 'Create case' }).click();
  await a.page.waitForURL(/\/cases\/[^/?#]+$/);
  const casePage = new CasePage(a.page);
  await casePage.waitUntilLive();
  await expect(casePage.title).toHaveText('Hooli expansion');
  await expect(casePage.field('Budget owner (required)')).toHaveValue('Gavin Belson');
  await expect(casePage.field('Region (required)')).toHaveValue('EMEA');
  await expect(casePage.field('Tier')).toHaveValue('Silver');
  await a.page.reload();
  await casePage.waitUntilLive();
  await expect(casePage.field('Budget owner (required)')).toHaveValue('Gavin Belson');
});
