import { test, expect, type SignedIn } from './fixtures';
import { CaseListPage } from './pages/CaseListPage';
import { ViewsPage } from './pages/ViewsPage';
import { seriousViolations } from './support/axe';

async function makeCase(who: SignedIn, data: Record<string, unknown>): Promise<string> {
  const origin = test.info().project.use.baseURL ?? '';
  const res = await who.context.request.post('/api/cases', { data: { kind: 'deal', ...data }, headers: { origin } });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

/** Defines the workspace's support fields (A is the owner); answers their ids by label. */
async function defineSupportFields(who: SignedIn, fields: Array<Record<string, unknown>>): Promise<Record<string, string>> {
  const origin = test.info().project.use.baseURL ?? '';
  const res = await who.context.request.put('/api/settings/custom-fields/support', { data: { fields }, headers: { origin } });
  expect(res.status(), await res.text()).toBe(200);
  const saved = (await res.json()) as { fields: Array<{ id: string; label: string }> };
  return Object.fromEntries(saved.fields.map((f) => [f.label, f.id]));
}

test('[issue 17.4] save a view, see it in the sidebar, open a shared one as another member; personal ones stay yours', async ({ team }) => {
  const { a, b } = team;
  await makeCase(a, { title: 'Globex expansion', stage: 'qualified', value: 5000, currency: 'USD' });
  const ids = await defineSupportFields(a, [{ label: 'Severity', type: 'select', options: ['Critical', 'Minor'] }]);
  const severity = ids['Severity'] ?? '';
  await makeCase(a, { title: 'Printer jam at Initech', kind: 'support', stage: 'open', custom: { [severity]: 'Minor' } });
  await makeCase(a, { title: 'Hooli outage', kind: 'support', stage: 'waiting', custom: { [severity]: 'Critical' } });

  const listA = new CaseListPage(a.page);
  const viewsA = new ViewsPage(a.page);
  await listA.goto();
  await expect(viewsA.link('All cases')).toHaveAttribute('aria-current', 'page');
  await expect(listA.titles()).toHaveCount(3);

  // Filter, drop a built-in column, add a custom field's, sort by it (the server sorts a select in its options' order), and save it for the workspace.
  await listA.kindFilter.selectOption('support');
  await expect(listA.titles()).toHaveCount(2);
  await viewsA.showColumn('Value', false);
  await expect(listA.table.getByRole('columnheader', { name: 'Value' })).toHaveCount(0);
  await viewsA.showColumn('Severity', true);
  await listA.table.getByRole('columnheader', { name: 'Severity' }).getByRole('button').click();
  await expect(listA.table.getByRole('columnheader', { name: 'Severity' })).toHaveAttribute('aria-sort', 'ascending');
  await expect(listA.titles()).toHaveText(['Hooli outage', 'Printer jam at Initech']);
  await expect(a.page).toHaveURL(new RegExp(`sort=cf%3A${severity}`));
  await viewsA.save('Support queue', { shared: true });
  await expect(viewsA.entry('Support queue')).toHaveAttribute('aria-current', 'page');
  await expect(viewsA.bar('Support queue')).toContainText('Shared with the workspace');
  await expect(a.page).toHaveURL(/view=/);

  // A personal board of deals, beside it.
  await listA.goto();
  await listA.kindFilter.selectOption('deal');
  await a.page.getByRole('group', { name: 'Show cases as' }).getByRole('button', { name: 'Board' }).click();
  await viewsA.save('My deals board');
  await expect(viewsA.bar('My deals board')).toContainText('Only you see this view');

  // Opening a view sets the filters, the columns and List or Board; a reload keeps it.
  await viewsA.link('Support queue').click();
  await expect(a.page.getByRole('group', { name: 'Show cases as' }).getByRole('button', { name: 'List' })).toHaveAttribute('aria-pressed', 'true');
  await expect(listA.kindFilter).toHaveValue('support');
  await expect(listA.titles()).toHaveCount(2);
  await a.page.reload();
  await expect(viewsA.entry('Support queue')).toHaveAttribute('aria-current', 'page');
  await expect(listA.titles()).toHaveText(['Hooli outage', 'Printer jam at Initech']);
  await expect(listA.table.getByRole('columnheader', { name: 'Value' })).toHaveCount(0);
  await expect(listA.table.getByRole('columnheader', { name: 'Severity' })).toHaveAttribute('aria-sort', 'ascending');

  // B, another member in another browser, finds the shared view (not A's personal one) and opens it.
  const listB = new CaseListPage(b.page);
  const viewsB = new ViewsPage(b.page);
  await listB.goto();
  await expect(viewsB.entry('Support queue')).toContainText(`by ${a.person.name}`);
  await expect(viewsB.entry('My deals board')).toHaveCount(0);
  await viewsB.entry('Support queue').click();
  await expect(listB.kindFilter).toHaveValue('support');
  await expect(listB.titles()).toHaveCount(2);
  await expect(listB.row('Hooli outage')).toBeVisible();
  await expect(listB.table.getByRole('columnheader', { name: 'Value' })).toHaveCount(0);
  await expect(listB.titles()).toHaveText(['Hooli outage', 'Printer jam at Initech']);
  await expect(listB.row('Hooli outage')).toContainText('Critical');
  // B may use it but not change it: no Rename, Share or Delete for them.
  await expect(viewsB.bar('Support queue')).toBeVisible();
  await expect(viewsB.bar('Support queue').getByRole('button')).toHaveCount(0);

  // A narrows the view (Save changes appears once the list differs), renames it; B sees both after a reload.
  await a.page.getByRole('search').getByLabel('Stage').selectOption('waiting');
  await expect(listA.titles()).toHaveCount(1);
  await expect(viewsA.bar('Support queue')).toContainText('changed since saved');
  await viewsA.bar('Support queue').getByRole('button', { name: 'Save changes' }).click();
  await expect(viewsA.bar('Support queue')).not.toContainText('changed since saved');
  await viewsA.bar('Support queue').getByRole('button', { name: 'Rename' }).click();
  const rename = a.page.getByRole('dialog', { name: 'Rename view' });
  await rename.getByLabel('Name').fill('Waiting on customers');
  await rename.getByRole('button', { name: 'Rename' }).click();
  await expect(viewsA.bar('Waiting on customers')).toBeVisible();

  await listB.goto();
  await viewsB.entry('Waiting on customers').click();
  await expect(listB.titles()).toHaveCount(1);
  await expect(listB.row('Hooli outage')).toBeVisible();

  // Axe finds nothing serious on the page with its views open.
  expect(await seriousViolations(b.page)).toEqual([]);

  // Stop sharing takes it from B; Delete removes A's personal one.
  await viewsA.bar('Waiting on customers').getByRole('button', { name: 'Stop sharing' }).click();
  await expect(viewsA.bar('Waiting on customers')).toContainText('Only you see this view');
  await b.page.reload();
  await expect(viewsB.nav).toContainText('All cases');
  await expect(viewsB.entry('Waiting on customers')).toHaveCount(0);

  await viewsA.link('My deals board').click();
  await expect(a.page.getByRole('group', { name: 'Show cases as' }).getByRole('button', { name: 'Board' })).toHaveAttribute('aria-pressed', 'true');
  await expect(listA.kindFilter).toHaveValue('deal');
  await viewsA.bar('My deals board').getByRole('button', { name: 'Delete' }).click();
  await a.page.getByRole('dialog', { name: 'Delete view' }).getByRole('button', { name: 'Delete view' }).click();
  await expect(viewsA.entry('My deals board')).toHaveCount(0);
  await expect(viewsA.link('All cases')).toHaveAttribute('aria-current', 'page');
});
